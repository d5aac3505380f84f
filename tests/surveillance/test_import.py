"""Report files: each bad input reported with row, column and reason; all or nothing."""

from __future__ import annotations

import io
import json

import pytest

from epicommand.errors import ImportRejected
from epicommand.surveillance.models import DailyTotal, ReportRevision
from epicommand.surveillance.services import import_reports
from tests.surveillance.factories import DAY

HEADER = (
    "area_code,date,new_fever,new_confirmed,new_recovered,new_deaths,"
    "under_treatment,tests_done,in_quarantine\n"
)
GOOD = HEADER + f"XX-A-1,{DAY},10,2,1,0,30,5,100\nXX-B-1,{DAY},4,,,,,,\n"


def problems(text: str | bytes, filename: str = "r.csv") -> list[tuple[int, str, str]]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ImportRejected) as caught:
        import_reports(actor=None, data=data, filename=filename)
    assert not ReportRevision.objects.exists(), "a rejected file writes nothing"
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


def test_good_csv_imports_and_empty_cells_are_not_reported(country):
    result = import_reports(actor=None, data=GOOD.encode(), filename="r.csv")
    assert len(result.created) == 2
    assert ReportRevision.objects.get(area__code="XX-B-1").new_confirmed is None
    assert DailyTotal.objects.get(area__code="XX", on=DAY).new_fever == 14


def test_unknown_area_code(country):
    assert problems(GOOD + f"XX-Z-9,{DAY},1,,,,,,\n") == [
        (4, "area_code", "unknown area code 'XX-Z-9'")
    ]


def test_date_in_the_future(country):
    assert problems(GOOD + "XX-A-2,2999-01-01,1,,,,,,\n") == [
        (4, "date", "2999-01-01 is in the future")
    ]


def test_negative_count_and_text_in_a_number_column(country):
    found = problems(GOOD + f"XX-A-2,{DAY},-1,many,,,,,\n")
    assert found == [
        (4, "new_confirmed", "'many' is not a whole number"),
        (4, "new_fever", "-1 is negative"),
    ]


def test_duplicate_area_and_date_inside_one_file(country):
    assert problems(GOOD + f"XX-A-1,{DAY},1,,,,,,\n") == [
        (4, "date", f"XX-A-1 {DAY} is already on row 2")
    ]


def test_wrong_encoding(country):
    data = GOOD.encode("utf-16")
    assert problems(data)[0][2] == "not UTF-8 text: save the file as CSV UTF-8"


def test_missing_column(country):
    text = GOOD.replace(",in_quarantine", "").replace(",100\n", "\n").replace(",,\n", ",\n")
    assert problems(text)[0] == (1, "in_quarantine", "required column is missing")


def test_deaths_above_cases_is_a_warning_and_a_bom_is_noted(country):
    data = b"\xef\xbb\xbf" + (HEADER + f"XX-A-1,{DAY},1,0,0,3,,,\n").encode()
    result = import_reports(actor=None, data=data, filename="r.csv")
    reasons = [(w.row, w.column, w.severity) for w in result.warnings]
    assert reasons == [(1, "-", "warning"), (2, "new_deaths", "warning")]
    assert ReportRevision.objects.count() == 1


def test_every_problem_is_listed_not_just_the_first(country):
    bad = GOOD + f"XX-Z-9,{DAY},1,,,,,,\nXX-A-2,2999-01-01,-5,,,,,,\n"
    rows = {(r, c) for r, c, _ in problems(bad)}
    assert rows == {(4, "area_code"), (5, "date"), (5, "new_fever")}


def test_excel_file(country):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["XX-A-1", DAY, 10, 2, 1, 0, 30, None, None])
    sheet.append(["XX-A-2", DAY.isoformat(), "x", 2, 1, 0, 30, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    assert problems(buffer.getvalue(), "r.xlsx") == [(3, "new_fever", "'x' is not a whole number")]


MAPPING = {
    "dataElements": {"deFever": "new_fever", "deDeaths": "new_deaths"},
    "orgUnits": {"ou1": "XX-A-1"},
}


def dhis2(*values) -> bytes:
    return json.dumps({"dataValues": list(values)}).encode()


def value(element: str, unit: str, amount: str, period: str = DAY.strftime("%Y%m%d")) -> dict:
    return {"dataElement": element, "period": period, "orgUnit": unit, "value": amount}


def test_dhis2_import_with_mapping(country):
    data = dhis2(value("deFever", "ou1", "12"), value("deDeaths", "ou1", "1"))
    import_reports(actor=None, data=data, filename="dv.json", mapping=MAPPING)
    saved = ReportRevision.objects.get()
    assert (saved.area.code, saved.new_fever, saved.new_deaths, saved.tests_done) == (
        "XX-A-1",
        12,
        1,
        None,
    )


def test_dhis2_dry_run_reports_what_would_change(country):
    import_reports(
        actor=None, data=dhis2(value("deFever", "ou1", "12")), filename="dv.json", mapping=MAPPING
    )
    result = import_reports(
        actor=None,
        data=dhis2(value("deFever", "ou1", "15")),
        filename="dv.json",
        mapping=MAPPING,
        dry_run=True,
    )
    assert result.differences == [
        {"area_code": "XX-A-1", "date": DAY.isoformat(), "figures": {"new_fever": [12, 15]}}
    ]
    assert ReportRevision.objects.get().new_fever == 12


def test_dhis2_unmapped_element_names_its_row(country):
    data = dhis2(value("deFever", "ou1", "12"), value("deOther", "ou1", "1"))
    with pytest.raises(ImportRejected) as caught:
        import_reports(actor=None, data=data, filename="dv.json", mapping=MAPPING)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "dataElement")]


def test_cli_import_and_dry_run(country, tmp_path, capsys):
    from epicommand.cli import main

    source = tmp_path / "r.csv"
    source.write_text(GOOD)
    main(["reports", "import", str(source)])
    assert "2 new, 0 corrected, 0 unchanged reports were saved" in capsys.readouterr().out
    source.write_text(GOOD.replace(",10,2,", ",11,2,"))
    main(["reports", "import", str(source), "--dry-run"])
    out = capsys.readouterr().out
    assert "0 new, 1 corrected, 1 unchanged reports would be saved" in out
    assert "new_fever 10 -> 11" in out
