"""The daily report's cell rules and the alert rules, without a database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from epicommand.surveillance.enums import AlertKind
from epicommand.surveillance.rules import (
    deaths_above_cases,
    parse_count,
    parse_date,
    rule_value,
    week_sum,
)

DAY = dt.date(2022, 5, 20)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12", (12, None)),
        (" 7 ", (7, None)),
        (3.0, (3, None)),
        ("", (None, None)),
        (None, (None, None)),
        ("-4", (None, "-4 is negative")),
        ("2.5", (None, "'2.5' is not a whole number")),
        (True, (None, "True is not a count")),
    ],
)
def test_a_count_is_a_whole_number_never_negative_and_empty_is_not_zero(cell, expected):
    assert parse_count(cell) == expected


def test_a_day_is_a_date_or_iso_text():
    assert parse_date("2022-05-20") == DAY
    assert parse_date(dt.datetime(2022, 5, 20, 9, 30)) == DAY
    assert parse_date("20/05/2022") is None and parse_date(None) is None


def test_deaths_above_the_days_cases_warn_and_otherwise_not():
    assert deaths_above_cases({"new_deaths": 5, "new_fever": 3}) == (
        "5 deaths but 3 new cases that day"
    )
    assert deaths_above_cases({"new_deaths": 3, "new_fever": 3}) is None
    assert deaths_above_cases({"new_deaths": 5, "new_fever": None}) is None


def _lookup(days: dict[dt.date, dict]):
    return lambda area_id, day: days.get(day)


def test_incidence_is_per_100000_people_and_needs_a_population():
    rule = SimpleNamespace(kind=AlertKind.INCIDENCE, threshold=50)
    get = _lookup({DAY: {"new_fever": 60, "new_deaths": 0, "reports": 1}})
    assert rule_value(rule, SimpleNamespace(id=1, population=100_000), DAY, get, 1) == (60, True)
    assert rule_value(rule, SimpleNamespace(id=1, population=0), DAY, get, 1) == (None, False)


def test_growth_compares_this_week_with_last_and_cannot_tell_from_zero():
    rule = SimpleNamespace(kind=AlertKind.GROWTH, threshold=20)
    area = SimpleNamespace(id=1, population=1000)
    weeks = {DAY - dt.timedelta(days=i): {"new_fever": 15 if i < 7 else 10} for i in range(14)}
    assert week_sum(_lookup(weeks), 1, DAY) == 105
    assert rule_value(rule, area, DAY, _lookup(weeks), 1) == (pytest.approx(50), True)
    assert rule_value(rule, area, DAY, _lookup({}), 1) == (None, False)


def test_completeness_fires_below_its_threshold():
    rule = SimpleNamespace(kind=AlertKind.COMPLETENESS, threshold=80)
    area = SimpleNamespace(id=1, population=1000)
    get = _lookup({DAY: {"new_fever": 0, "new_deaths": 0, "reports": 3}})
    assert rule_value(rule, area, DAY, get, 4) == (75, True)
    assert rule_value(rule, area, DAY, get, 0) == (None, False)
