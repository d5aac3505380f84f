"""``epicommand cases import|export`` and ``epicommand reports export``."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from epicommand.surveillance.models import Case
from tests.cli_helpers import run
from tests.surveillance.linelist.factories import case, keep_line_lists, line_list


@pytest.fixture
def counties(country):
    keep_line_lists(country, "XX-A-1", "XX-B-1")
    return country


@pytest.fixture
def imported(counties, tmp_path, capsys):
    source = tmp_path / "cases.csv"
    source.write_bytes(line_list(case("C1"), case("C2", area_code="XX-B-1")))
    assert run(capsys, "cases", "import", str(source))[0] == 0
    return counties


def test_import_prints_one_summary_line(capsys, counties, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_bytes(line_list(case("C1"), case("C2")))
    code, out, err = run(capsys, "cases", "import", str(source))
    assert code == 0 and "Traceback" not in err
    assert out.strip() == (
        "2 rows: 2 new cases, 0 updated; daily reports 2 new, 0 corrected, 0 unchanged"
    )
    assert Case.objects.count() == 2


def test_a_bad_file_is_one_error_with_its_rows_and_nothing_written(capsys, counties, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_bytes(line_list(case("C1"), case("C2", sex="x"), case("C3", status="sick")))
    code, _out, err = run(capsys, "cases", "import", str(source))
    assert code == 1 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0].startswith("error: 2 problem(s) in the file, nothing imported; first: row 3")
    assert lines[1] == "  row 4, column status: 'sick' is not one of suspected, confirmed, " + (
        "negative, recovered, died"
    )
    assert not Case.objects.exists()


def test_export_csv_to_a_file(capsys, imported, tmp_path):
    target = tmp_path / "out.csv"
    code, out, _err = run(capsys, "cases", "export", "--area", "XX-A", "-o", str(target))
    assert code == 0 and out.strip() == f"1 row written to {target}"
    lines = target.read_text().splitlines()
    assert lines[0].startswith("case_id,area_code,") and lines[1].startswith("C1,XX-A-1,")
    assert not (tmp_path / "out.csv.part").exists()


def test_export_csv_to_standard_output(capsys, imported):
    code, out, _err = run(capsys, "cases", "export")
    assert code == 0 and [line[:2] for line in out.splitlines()] == ["ca", "C1", "C2"]


def test_export_excel_by_suffix(capsys, imported, tmp_path):
    target = tmp_path / "cases [May]: all?.xlsx"
    assert run(capsys, "cases", "export", "-o", str(target))[0] == 0
    sheet = load_workbook(target, read_only=True).active
    assert sheet.title == "cases"
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["case_id", "C1", "C2"]


def test_excel_needs_a_file(capsys, imported):
    code, _out, err = run(capsys, "cases", "export", "--format", "xlsx")
    assert code == 2 and "an Excel export needs -o FILE" in err


def test_an_unknown_area_leaves_no_file(capsys, imported, tmp_path):
    target = tmp_path / "out.csv"
    code, _out, err = run(capsys, "cases", "export", "--area", "NOPE", "-o", str(target))
    assert code == 1 and err.strip() == "error: no area 'NOPE' in your scope"
    assert list(tmp_path.iterdir()) == [tmp_path / "cases.csv"]


def test_reports_export_writes_the_daily_series(capsys, imported, tmp_path):
    target = tmp_path / "series.csv"
    code, _out, _err = run(
        capsys,
        "reports",
        "export",
        "--area",
        "XX",
        "--from",
        "2022-05-03",
        "--to",
        "2022-05-03",
        "-o",
        str(target),
    )
    assert code == 0
    assert target.read_text().splitlines() == [
        "area_code,date,new_fever,new_confirmed,new_recovered,new_deaths,under_treatment,"
        "tests_done,in_quarantine",
        "XX-A-1,2022-05-03,0,1,0,0,1,,",
        "XX-B-1,2022-05-03,0,1,0,0,1,,",
    ]


def test_reports_export_needs_an_area(capsys, imported):
    code, _out, err = run(capsys, "reports", "export")
    assert code == 2 and "--area" in err
