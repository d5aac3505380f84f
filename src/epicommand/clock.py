"""The one source of "now", so tests can fix time and no code calls a naive clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_fixed: list[dt.datetime] = []


def now() -> dt.datetime:
    """Aware UTC timestamp (the fixed one inside ``frozen``)."""
    return _fixed[-1] if _fixed else timezone.now()


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Fix "now" at ``at`` (aware): for tests, and for loading history with its real times."""
    if at.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    _fixed.append(at.astimezone(dt.UTC))
    try:
        yield
    finally:
        _fixed.pop()


def today() -> dt.date:
    """Today's local calendar date in the country's time zone (reports are for a day)."""
    return now().astimezone(ZoneInfo(settings.TIME_ZONE)).date()
