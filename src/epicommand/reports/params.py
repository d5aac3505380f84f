"""Reading a situation report's request: the as-of day and the "as known at" moment.

The forms are the UI kit's (``web.params``); an empty as-of day means the last day with
reports (``surveillance.selectors.default_as_of``), never an empty report of today.
"""

from __future__ import annotations

import datetime as dt

from epicommand.web.params import parse_day, parse_moment


def parse_as_of(value: str | None) -> dt.date:
    """``YYYY-MM-DD``; empty or missing means ``surveillance.selectors.default_as_of()``."""
    day = parse_day(value, "as_of")
    if day is not None:
        return day
    from epicommand.surveillance.selectors import default_as_of

    return default_as_of()


def parse_known_at(value: str | None) -> dt.datetime | None:
    """ISO 8601 (see ``web.params.parse_moment``); empty or missing means "now"."""
    return parse_moment(value, "known_at")
