"""The one source of "now", so tests can fix time and no code calls a naive clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """Aware UTC timestamp."""
    return timezone.now()


def today() -> dt.date:
    """Today's local calendar date in the country's time zone (reports are for a day)."""
    return now().astimezone(ZoneInfo(settings.TIME_ZONE)).date()
