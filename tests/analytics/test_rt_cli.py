"""`epicommand rt`: files in, EpiEstim's table out, every bad row named."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from epicommand.analytics.cli import rt
from epicommand.analytics.rt import COLUMNS, TOO_EARLY_WARNING
from epicommand.errors import ImportRejected, ValidationFailed

FLU2009 = [1, 1, 0, 2, 5, 3, 3, 3, 6, 2, 5, 9, 13, 12, 13, 11, 12, 6, 6, 6, 3, 1, 0, 2, 0, 0, 0, 0,
           2, 0, 2, 0]  # fmt: skip
FLU2009_SI_DISTR = [0, 0.233, 0.359, 0.198, 0.103, 0.053, 0.027, 0.014, 0.007, 0.003, 0.002, 0.001]
START = date(2009, 4, 27)


def _cases_csv(counts, start=START):
    lines = ["date,cases"]
    lines += [f"{start + timedelta(days=i)},{n}" for i, n in enumerate(counts)]
    return "\n".join(lines) + "\n"


def _run(tmp_path, text, *args, name="cases.csv"):
    path = tmp_path / name
    path.write_text(text)
    return CliRunner().invoke(rt, [str(path), *args])


def _problems(result):
    assert isinstance(result.exception, ImportRejected), result.output
    return [(p.row, p.column) for p in result.exception.problems]


def test_prints_epiestim_table_for_flu2009(tmp_path):
    result = _run(tmp_path, _cases_csv(FLU2009), "--si-mean", "2.6", "--si-sd", "1.5")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 25
    assert tuple(rows[0]) == (*COLUMNS[:2], "date_start", "date_end", *COLUMNS[2:])
    first = rows[0]
    assert (first["t_start"], first["t_end"]) == ("2", "8")
    assert (first["date_start"], first["date_end"]) == ("2009-04-28", "2009-05-04")
    # EpiEstim vignette: Mean(R) 1.735798, Median(R) 1.703761, Quantile.0.975(R) 2.624781.
    assert float(first["Mean(R)"]) == pytest.approx(1.735798, abs=5e-7)
    assert float(first["Median(R)"]) == pytest.approx(1.703761, abs=5e-7)
    assert float(first["Quantile.0.975(R)"]) == pytest.approx(2.624781, abs=5e-7)
    assert result.stderr == ""


def test_json_format_is_a_list_of_objects(tmp_path):
    args = ("--si-mean", "2.6", "--si-sd", "1.5", "--window", "14", "--format", "json")
    result = _run(tmp_path, _cases_csv(FLU2009), *args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 32 - 14
    assert rows[0]["t_start"] == 2 and rows[0]["t_end"] == 15
    assert set(COLUMNS) <= set(rows[0])


def test_local_and_imported_columns(tmp_path):
    text = "date,local,imported\n" + "".join(
        f"{START + timedelta(days=i)},{n},{1 if i == 3 else 0}\n" for i, n in enumerate(FLU2009)
    )
    result = _run(tmp_path, text, "--si-mean", "2.6", "--si-sd", "1.5", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    plain = json.loads(
        _run(tmp_path, _cases_csv(FLU2009), "--si-mean", "2.6", "--si-sd", "1.5", "--format",
             "json", name="plain.csv").stdout
    )  # fmt: skip
    assert rows[0]["Mean(R)"] < plain[0]["Mean(R)"]  # the import on day 4 explains cases
    assert "moved to imported" in result.stderr


def test_si_distribution_file(tmp_path):
    si = tmp_path / "si.csv"
    si.write_text("k,w\n" + "".join(f"{k},{w}\n" for k, w in enumerate(FLU2009_SI_DISTR)))
    result = _run(tmp_path, _cases_csv(FLU2009), "--si-distr", str(si))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 25 and 1.5 < float(rows[0]["Mean(R)"]) < 2.0


def test_warnings_go_to_stderr(tmp_path):
    result = _run(tmp_path, _cases_csv([1, 1, 0, 1, 0, 1, 0, 1, 2]), "--si-mean", "2.6",
                  "--si-sd", "1.5")  # fmt: skip
    assert result.exit_code == 0
    assert f"warning: {TOO_EARLY_WARNING}" in result.stderr
    assert "warning" not in result.stdout


def test_every_bad_row_is_listed(tmp_path):
    text = (
        "date,cases\n"
        "2024-01-01,3\n"
        "2024-01-02,x\n"  # row 3: not a number
        "2024-01-03,-2\n"  # row 4: negative
        "2024-01-05,4\n"  # row 5: gap
        "2024-01-06,2.5\n"  # row 6: not whole
        "2024-13-07,1\n"  # row 7: bad date
        "2024-01-08,\n"  # row 8: missing value
    )
    result = _run(tmp_path, text, "--si-mean", "2.6", "--si-sd", "1.5")
    assert _problems(result) == [
        (3, "cases"), (4, "cases"), (5, "date"), (6, "cases"), (7, "date"), (8, "cases"),
    ]  # fmt: skip
    assert "negative" in result.exception.problems[1].reason


def test_repeated_date_is_refused(tmp_path):
    text = "date,cases\n2024-01-01,3\n2024-01-01,4\n"
    result = _run(tmp_path, text, "--si-mean", "2.6", "--si-sd", "1.5")
    assert _problems(result) == [(3, "date")]


@pytest.mark.parametrize(
    ("header", "missing"),
    [("day,cases", [(1, "date")]), ("date,count", [(1, "cases")]),
     ("date,local", [(1, "imported")]), ("", [(1, "date"), (1, "cases")])],
)  # fmt: skip
def test_missing_columns_are_refused(tmp_path, header, missing):
    result = _run(tmp_path, header + "\n2024-01-01,3\n", "--si-mean", "2.6", "--si-sd", "1.5")
    assert _problems(result) == missing


def test_file_without_rows_is_refused(tmp_path):
    result = _run(tmp_path, "date,cases\n", "--si-mean", "2.6", "--si-sd", "1.5")
    assert _problems(result) == [(2, "date")]


def test_bad_si_distribution_rows_are_listed(tmp_path):
    si = tmp_path / "si.csv"
    si.write_text("k,w\n0,0.1\n2,0.5\n2,abc\n")
    result = _run(tmp_path, _cases_csv(FLU2009), "--si-distr", str(si))
    assert _problems(result) == [(2, "w"), (3, "k"), (4, "w")]


def test_si_distribution_must_sum_to_one(tmp_path):
    si = tmp_path / "si.csv"
    si.write_text("k,w\n0,0\n1,0.3\n2,0.3\n")
    result = _run(tmp_path, _cases_csv(FLU2009), "--si-distr", str(si))
    assert isinstance(result.exception, ValidationFailed)
    assert "sum to 1" in result.exception.message


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((), "--si-mean and --si-sd"),
        (("--si-mean", "2.6"), "--si-mean and --si-sd"),
        (("--si-mean", "0.8", "--si-sd", "1.5"), "mean must be > 1"),
        (("--si-mean", "2.6", "--si-sd", "1.5", "--window", "40"), "at least 41"),
        (("--si-mean", "2.6", "--si-sd", "1.5", "--prior-sd", "0"), "prior_sd"),
    ],
)
def test_bad_parameters_are_refused(tmp_path, args, reason):
    result = _run(tmp_path, _cases_csv(FLU2009), *args)
    assert isinstance(result.exception, ValidationFailed)
    assert reason in result.exception.message


def test_serial_interval_given_twice_is_refused(tmp_path):
    si = tmp_path / "si.csv"
    si.write_text("k,w\n0,0\n1,1\n")
    args = ("--si-distr", str(si), "--si-mean", "2.6", "--si-sd", "1.5")
    result = _run(tmp_path, _cases_csv(FLU2009), *args)
    assert isinstance(result.exception, ValidationFailed)
    assert "not both" in result.exception.message
