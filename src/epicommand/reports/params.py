"""Reading a situation report's request: the as-of day and the "as known at" time.

The page, the API and the CLI accept the same forms and refuse the same way, with a
``ValidationFailed`` naming the parameter, so a typo never silently means "today".
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from epicommand.errors import ValidationFailed


def parse_as_of(value: str | None) -> dt.date:
    """``YYYY-MM-DD``; empty or missing means ``surveillance.selectors.default_as_of()``."""
    if value is None or not value.strip():
        from epicommand.surveillance.selectors import default_as_of

        return default_as_of()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(
            f"as_of: not a date (YYYY-MM-DD): {value!r}",
            details=[{"field": "as_of", "reason": "not a date (YYYY-MM-DD)"}],
        ) from None


def parse_known_at(value: str | None) -> dt.datetime | None:
    """An ISO 8601 date and time; without an offset it is read in the country's time zone
    (the reader's clock), and it comes back in UTC. Empty or missing means "now"."""
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
        raise ValidationFailed(
            f"known_at: not a date and time (ISO 8601): {value!r}",
            details=[{"field": "known_at", "reason": "not a date and time (ISO 8601)"}],
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(dt.UTC)
