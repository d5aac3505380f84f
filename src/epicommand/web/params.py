"""Reading a day and a moment from a request or a command line.

Pages, the API and the CLIs accept the same forms and refuse the same way, with a
``ValidationFailed`` naming the parameter, so a typo never silently means "today".
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from epicommand.errors import ValidationFailed


def _refuse(field: str, reason: str, value: str) -> ValidationFailed:
    return ValidationFailed(
        f"{field}: {reason}: {value!r}", details=[{"field": field, "reason": reason}]
    )


def parse_day(value: str | None, field: str = "as_of") -> dt.date | None:
    """``YYYY-MM-DD``; empty or missing is None (the caller's default)."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _refuse(field, "not a date (YYYY-MM-DD)", value) from None


def parse_moment(value: str | None, field: str = "known_at") -> dt.datetime | None:
    """An ISO 8601 date and time; without an offset it is read in the country's time zone
    (the reader's clock), and it comes back in UTC. Empty or missing is None ("now")."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    # A "+09:00" offset sent unencoded in a URL arrives as " 09:00": read it back.
    for candidate in (text, text[:10] + text[10:].replace(" ", "+")):
        try:
            moment = dt.datetime.fromisoformat(candidate)
            break
        except ValueError:
            continue
    else:
        raise _refuse(field, "not a date and time (ISO 8601)", value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(dt.UTC)
