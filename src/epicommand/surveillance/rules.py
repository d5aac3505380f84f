"""The daily report's cell rules and the alert rules, as pure functions: no database, no
clock. ``validation.RowChecker`` reads the area tree and the actor's scope and calls the cell
rules for every cell; ``alerts.evaluate`` reads the daily totals and calls ``rule_value`` for
every rule, area and day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Protocol

from epicommand.surveillance.enums import AlertKind

DAY = dt.timedelta(days=1)
#: (area id, day) -> that area's daily total (``new_fever``, ``new_deaths``, ``reports``) or None.
Lookup = Callable[[int, dt.date], Mapping | None]


class Rule(Protocol):
    kind: str
    threshold: float


class AreaFigures(Protocol):
    id: int
    population: int


def parse_date(value: object) -> dt.date | None:
    """A cell as a day: a date or datetime (Excel), or ``YYYY-MM-DD`` text; None if neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_count(value: object) -> tuple[int | None, str | None]:
    """(count, None), (None, None) for an empty cell (not counted, which is not 0), or
    (None, reason): a count is a whole number and never negative."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"{value!r} is not a count"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            return None, f"{text!r} is not a whole number"
        number = int(text)
    if number < 0:
        return None, f"{number} is negative"
    return number, None


def deaths_above_cases(figures: Mapping[str, int | None]) -> str | None:
    """A warning when a day's deaths exceed its new cases. Not a refusal: a death is often of
    a case reported on an earlier day."""
    deaths, cases = figures.get("new_deaths"), figures.get("new_fever")
    if deaths is not None and cases is not None and deaths > cases:
        return f"{deaths} deaths but {cases} new cases that day"
    return None


def week_sum(get: Lookup, area_id: int, day: dt.date) -> int:
    """New fever cases of the 7 days ending on ``day`` (a day without a total counts 0)."""
    return sum((t["new_fever"] if (t := get(area_id, day - i * DAY)) else 0) for i in range(7))


def rule_value(
    rule: Rule, area: AreaFigures, day: dt.date, get: Lookup, expected: int
) -> tuple[float | None, bool]:
    """The rule's measure for an area and day, and whether it fires (None: cannot tell).

    Incidence: new cases per 100,000 people; growth: this week's cases against last week's,
    in per cent; deaths: the day's deaths; completeness: the share of the ``expected``
    reporting areas that reported, in per cent (fires below the threshold)."""
    total = get(area.id, day)
    if rule.kind == AlertKind.INCIDENCE:
        if total is None or not area.population:
            return None, False
        value = total["new_fever"] * 100_000 / area.population
        return value, value > rule.threshold
    if rule.kind == AlertKind.GROWTH:
        this_week = week_sum(get, area.id, day)
        last_week = week_sum(get, area.id, day - 7 * DAY)
        if last_week == 0:
            return None, False
        value = (this_week / last_week - 1) * 100
        return value, value > rule.threshold
    if rule.kind == AlertKind.DEATHS:
        value = total["new_deaths"] if total else 0
        return value, value > rule.threshold
    if expected == 0:
        return None, False
    value = (total["reports"] if total else 0) * 100 / expected
    return value, value < rule.threshold
