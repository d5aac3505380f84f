"""Gathering daily series: the one gap treatment (interpolate short gaps before the last
window and say so; refuse a gap in the last window or a long one), areas left out with a
reason, and the series as known at a past moment."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand import clock
from epicommand.modelling import params
from epicommand.modelling.enums import RunKind
from epicommand.modelling.errors import NotEnoughData, SeriesGap
from epicommand.modelling.series import read_series
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.services import submit_reports
from tests.modelling.factories import AS_OF, DAYS, START, fever, file_outbreak, set_places

P = params.parse(RunKind.RT, {})
pytestmark = pytest.mark.django_db


def series(code: str, **kw):
    tree = ReportingTree()
    as_of = kw.pop("as_of", AS_OF)
    node = tree.by_code[code]
    return read_series(actor=None, tree=tree, node=node, as_of=as_of, p=P, **kw)


def test_a_short_gap_before_the_last_window_is_interpolated_and_named(country):
    set_places()
    file_outbreak(skip={("XX-A-1", 30), ("XX-A-1", 31)})
    found = series("XX-A-1")
    before, after = fever("XX-A-1", 29), fever("XX-A-1", 32)
    assert found.values[0, 30] == round(before + (after - before) / 3)
    assert found.values[0, 31] == round(before + 2 * (after - before) / 3)
    assert found.filled == {
        "XX-A-1": [START + dt.timedelta(days=30), START + dt.timedelta(days=31)]
    }
    assert (
        "XX-A-1: no report on 2022-03-31, 2022-04-01: filled by linear interpolation"
        in (found.warnings[0])
    )
    assert found.values[0, 29] == before and found.values.min() >= 0


def test_a_gap_in_the_last_window_refuses_the_series(country):
    set_places()
    file_outbreak(skip={("XX-B-1", DAYS - 3)})
    with pytest.raises(SeriesGap, match=r"XX-B-1: no report on 2022-04-27: within the last 7"):
        series("XX-B-1")


def test_more_than_three_missing_days_in_a_row_are_refused(country):
    set_places()
    file_outbreak(skip={("XX-A-2", d) for d in range(20, 24)})
    with pytest.raises(SeriesGap, match="4 days in a row without a report"):
        series("XX-A-2")


def test_an_area_above_counts_a_day_reported_by_any_area_below(country):
    set_places()
    file_outbreak(skip={("XX-A-1", DAYS - 1)})
    found = series("XX")
    assert found.filled == {} and found.values[0, -1] == fever("XX-A-2", DAYS - 1) + fever(
        "XX-B-1", DAYS - 1
    )


def test_in_a_run_over_many_areas_a_refused_one_is_left_out_with_its_reason(country):
    set_places()
    file_outbreak(skip={("XX-B-1", DAYS - 1)})
    found = series("XX", all_areas=True)
    assert found.codes == ("XX", "XX-A-1", "XX-A-2")
    assert "XX-B-1" in found.excluded and "left out" in found.warnings[-1]


def test_the_runs_own_area_must_pass(country):
    set_places()
    file_outbreak(skip={("XX-A-1", DAYS - 1)})
    with pytest.raises(SeriesGap):
        series("XX-A-1", all_areas=True)


def test_no_report_in_the_history_is_not_enough_data(country):
    set_places()
    file_outbreak(days=10)
    with pytest.raises(NotEnoughData, match="no report in the 120 days up to 2022-08-01"):
        series("XX", as_of=dt.date(2022, 8, 1))


def test_the_series_starts_on_the_first_report_and_as_known_at_reads_the_past(country):
    set_places()
    first = dt.datetime(2022, 3, 21, 12, tzinfo=dt.UTC)
    with clock.frozen(first):
        file_outbreak(days=20)
    with clock.frozen(first + dt.timedelta(days=1)):
        rows = [{"area_code": "XX-A-1", "date": "2022-03-20", "new_fever": 7}]
        submit_reports(actor=None, rows=rows)
    day = dt.date(2022, 3, 20)
    now_read = series("XX-A-1", as_of=day)
    past_read = series("XX-A-1", as_of=day, known_at=first + dt.timedelta(hours=1))
    assert now_read.dates[0] == START and now_read.values[0, -1] == 7
    assert past_read.values[0, -1] == fever("XX-A-1", 19)
    assert past_read.known_at == first + dt.timedelta(hours=1)
    assert now_read.digest() != past_read.digest()
