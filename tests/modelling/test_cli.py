"""``epicommand rt | forecast | backtest | simulate | demand``: stored runs, the formats, and
every refusal on one line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from epicommand.modelling.enums import Via
from epicommand.modelling.models import ModelRun
from epicommand.modelling.services import save_protocol_line
from tests.modelling.factories import AS_OF
from tests.test_cli import run

pytestmark = pytest.mark.django_db
DAY = AS_OF.isoformat()


def test_rt_from_a_file_and_from_the_database_take_the_same_estimation_options():
    from epicommand.analytics.cli import rt as from_file
    from epicommand.modelling.cli import rt as from_database

    def options(command):
        return {p.name: (p.opts, p.default) for p in command.params if p.name != "file"}

    shared = options(from_file)
    assert {n: o for n, o in options(from_database).items() if n in shared} == shared
    assert set(options(from_database)) - set(shared) == {"area_code", "as_of", "known_at"}


def test_rt_still_reads_a_csv_file_without_the_database(capsys, tmp_path):
    path = tmp_path / "cases.csv"
    rows = ["date,cases"] + [f"2022-03-{d:02d},{10 + d}" for d in range(1, 21)]
    path.write_text("\n".join(rows) + "\n")
    code, out, err = run(capsys, "rt", str(path), "--si-mean", "2.6", "--si-sd", "1.5")
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith("t_start,t_end,date_start,date_end,Mean(R)")


def test_rt_of_an_area_is_stored_and_printed(capsys, outbreak):
    code, out, err = run(capsys, "rt", "--area", "XX", "--as-of", DAY, "--window", "14")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[-1]["end"] == DAY and float(rows[-1]["median"]) > 0
    stored = ModelRun.objects.get()
    assert stored.requested_via == Via.CLI and stored.parameters["window"] == 14
    assert f"run {stored.pk}: rt of XX as of {DAY}" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("rt",), "error: give a FILE or --area CODE (not both)"),
        (
            ("rt", "--area", "XX", "--si-mean", "0.9"),
            "error: invalid parameters: si_mean must be > 1",
        ),
        (("forecast", "--area", "XX", "--horizon", "40"), "error: invalid parameters: horizon"),
        (("forecast", "--area", "NOPE", "--as-of", DAY), "error: no area 'NOPE' in your scope"),
        (
            ("backtest", "--area", "XX", "--as-of", "2022-13-01"),
            "error: Invalid value for '--as-of'",
        ),
        (("simulate", "--area", "XX", "--lockdown", "XX-A:ten:50:50"), "error: Invalid value"),
        (("simulate", "--area", "XX", "--runs", "6000"), "error: invalid parameters: runs"),
    ],
)
def test_refusals_are_one_line(capsys, outbreak, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code != 0 and err.strip().startswith(message) and len(err.strip().splitlines()) == 1


def test_forecast_formats(capsys, outbreak):
    base = ("forecast", "--area", "XX", "--as-of", DAY, "--paths", "30", "--horizon", "7")
    code, out, _err = run(capsys, *base)
    assert code == 0 and "Forecast of new_fever, XX" in out and "90 % interval" in out
    code, out, _err = run(capsys, *base, "--format", "json")
    assert code == 0 and len(json.loads(out)["own"]["median"]) == 7
    code, out, _err = run(capsys, *base, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["area"] for r in rows} == {"XX", "XX-A-1", "XX-A-2", "XX-B-1"} and len(rows) == 28


def test_backtest_prints_wis_and_coverage_per_method(capsys, outbreak):
    argv = ("backtest", "--area", "XX", "--as-of", DAY, "--paths", "30", "--step", "7")
    code, out, err = run(capsys, *argv, "--from", "2022-03-25", "--to", "2022-04-10")
    assert code == 0, err
    for label in ("Renewal equation (Rt)", "Last week's average", "Last value", "WIS"):
        assert label in out
    origins = ModelRun.objects.get().summary["origins"]
    assert origins[0] >= "2022-03-25" and origins[-1] <= "2022-04-10"


def test_simulate_compares_a_lockdown_with_another_scenario(capsys, outbreak):
    argv = (
        "simulate",
        "--area",
        "XX",
        "--as-of",
        DAY,
        "--days",
        "20",
        "--runs",
        "10",
        "--r0",
        "1.8",
        "--lockdown",
        "XX-A,XX-B:0:60%:50%",
        "--beds-per-100k",
        "30",
        "--compare",
        "border-closure:5",
        "--format",
        "json",
    )
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    s = json.loads(out)
    assert s["a"]["interventions"] == {
        "lockdowns": [],
        "border_closure_day": 5,
        "beds_per_100k": 30.0,
    }
    assert s["b"]["interventions"]["lockdowns"][0]["areas"] == ["XX-A", "XX-B"]
    assert s["b"]["total_cases"]["median"] < s["a"]["total_cases"]["median"]


def test_demand_of_a_stored_forecast(capsys, outbreak):
    save_protocol_line(
        actor=None, item_code="PARA", case_category="all", share=1.0, units_per_patient_day=3
    )
    run(capsys, "forecast", "--area", "XX-A", "--as-of", DAY, "--paths", "20", "--horizon", "5")
    forecast = ModelRun.objects.get(kind="forecast")
    code, out, err = run(capsys, "demand", "--run", str(forecast.pk), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 * 5 and rows[0]["item_code"] == "PARA"
