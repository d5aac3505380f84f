"""Reading reports back: series, flow and stock roll-ups, as-of reproduction, completeness,
and the situation report's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.reports.selectors import situation_report
from epicommand.surveillance import selectors, services
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.services import submit_reports
from tests.surveillance.factories import DAY, report

ONE = dt.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    """Set the time submissions are stamped with."""

    def set_time(value: dt.datetime) -> None:
        monkeypatch.setattr(services, "now", lambda: value)

    return set_time


def at(day: dt.date, hour: int) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo("Asia/Pyongyang"))


def test_flows_sum_over_days_and_stocks_do_not(country):
    submit_reports(
        actor=None,
        rows=[
            report("XX-A-1", DAY - ONE, new_fever=3, under_treatment=10),
            report("XX-A-1", DAY, new_fever=4, under_treatment=12),
            report("XX-B-1", DAY, new_fever=5, under_treatment=20),
        ],
    )
    report_data = situation_report(actor=None, area_code="XX", as_of=DAY)
    assert report_data.blocks["headline"].headline["new_fever"].value == 9
    assert report_data.blocks["headline"].headline["cum_fever"].value == 12
    assert (
        report_data.blocks["headline"].headline["under_treatment"].value == 32
    )  # summed over areas, not days
    assert report_data.blocks["headline"].headline["under_treatment"].day_before == 10


def test_series_has_none_for_days_without_reports(country):
    submit_reports(actor=None, rows=[report("XX-A-1", DAY, new_fever=4)])
    found = selectors.series(actor=None, area_code="XX-A", start=DAY - ONE, end=DAY)
    assert found.values["new_fever"] == [None, 4]


def test_past_report_is_reproduced_after_a_late_correction(country, clock):
    clock(at(DAY, 20))
    submit_reports(actor=None, rows=[report("XX-A-1", DAY, new_fever=10, new_deaths=1)])
    first = situation_report(actor=None, area_code="XX", as_of=DAY)
    clock(at(DAY + 3 * ONE, 9))
    submit_reports(actor=None, rows=[report("XX-A-1", DAY, new_fever=14, new_deaths=2)])
    now_known = situation_report(actor=None, area_code="XX", as_of=DAY)
    then_known = situation_report(actor=None, area_code="XX", as_of=DAY, known_at=at(DAY + ONE, 12))
    assert now_known.blocks["headline"].headline["new_fever"].value == 14
    assert then_known.blocks["headline"].headline == first.blocks["headline"].headline
    assert then_known.blocks["headline"].headline["cum_deaths"].value == 1


def test_as_known_now_equals_the_roll_ups(country):
    submit_reports(
        actor=None,
        rows=[report("XX-A-1", DAY - i * ONE, new_fever=i + 1) for i in range(10)]
        + [report("XX-B-1", DAY, new_fever=7)],
    )
    from epicommand.clock import now

    rolled = situation_report(actor=None, area_code="XX", as_of=DAY)
    replayed = situation_report(actor=None, area_code="XX", as_of=DAY, known_at=now())
    assert rolled.blocks["headline"].headline == replayed.blocks["headline"].headline
    assert rolled.blocks["children"] == replayed.blocks["children"]


def test_completeness_on_time_late_and_silent(country, clock):
    clock(at(DAY, 18))
    submit_reports(actor=None, rows=[report("XX-A-1", DAY)])
    clock(at(DAY + ONE, 15))  # after the 09:00 deadline of the next morning
    submit_reports(actor=None, rows=[report("XX-A-2", DAY)])
    tree = ReportingTree()
    result = selectors.completeness(actor=None, tree=tree, node=tree.by_code["XX"], on=DAY)
    assert (result.expected, result.on_time, result.late, result.missing) == (3, 1, 1, 1)
    assert [s.code for s in result.silent] == ["XX-B-1"]
    assert result.rate == pytest.approx(2 / 3)


def test_child_table_has_incidence_per_100k(country):
    submit_reports(actor=None, rows=[report("XX-A-1", DAY, new_fever=4)])
    data = situation_report(actor=None, area_code="XX-A", as_of=DAY)
    one = next(c for c in data.blocks["children"].children if c.code == "XX-A-1")
    assert one.incidence_per_100k == pytest.approx(4 * 100_000 / 400)
    assert (one.reporting_expected, one.reporting_received) == (1, 1)
