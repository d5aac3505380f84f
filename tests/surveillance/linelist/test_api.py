"""Exports of the line list and the daily series (API), and the line-list import over the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from epicommand.surveillance.models import Case
from epicommand.surveillance.services import submit_reports
from tests.factories import make_user
from tests.surveillance.factories import report
from tests.surveillance.linelist.factories import case, import_file, keep_line_lists, line_list


@pytest.fixture
def cases(country):
    """Two cases in XX-A-1, one in XX-B-1 (both keep a line list), and counts from XX-A-2."""
    keep_line_lists(country, "XX-A-1", "XX-B-1")
    import_file(
        line_list(
            case("C1", medical_worker="yes"),
            case("C2", status="suspected", confirmed_date="", onset_date="", sex=""),
            case("C3", area_code="XX-B-1", status="died", outcome_date="2022-05-04"),
        )
    )
    submit_reports(actor=None, rows=[report("XX-A-2", tests_done=None)])
    return country


def body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode())))


def test_csv_export_streams_the_import_columns(client, cases):
    client.force_login(make_user("hq", "hq_commander", cases["XX"]))
    response = client.get("/api/surveillance/cases/export")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert rows[0][:3] == ["case_id", "area_code", "onset_date"]
    assert rows[1] == [
        "C1",
        "XX-A-1",
        "2022-05-01",
        "2022-05-02",
        "confirmed",
        "2022-05-03",
        "",
        "20-39",
        "f",
        "yes",
        "TC-1",
    ]
    assert [r[0] for r in rows[1:]] == ["C1", "C2", "C3"]


def test_an_exported_line_list_imports_back_unchanged(client, cases):
    client.force_login(make_user("hq", "hq_commander", cases["XX"]))
    exported = body(client.get("/api/surveillance/cases/export"))
    before = list(Case.objects.order_by("id").values())
    result = import_file(exported)
    assert result.updated == 3 and not result.reports.changed
    assert list(Case.objects.order_by("id").values()) == before


def test_excel_export_opens_in_openpyxl(client, cases):
    client.force_login(make_user("hq", "hq_commander", cases["XX"]))
    response = client.get("/api/surveillance/cases/export", {"format": "xlsx", "area": "XX-B"})
    assert response["Content-Disposition"] == 'attachment; filename="cases.xlsx"'
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "case_id" and len(values) == 2
    assert values[1][:5] == ("C3", "XX-B-1", values[1][2], values[1][3], "died")
    assert values[1][3].date().isoformat() == "2022-05-02"


def test_an_officer_exports_only_their_subtree(client, cases):
    client.force_login(make_user("officer", "area_officer", cases["XX-A"]))
    assert [r[0] for r in rows_of(client.get("/api/surveillance/cases/export"))[1:]] == ["C1", "C2"]
    assert client.get("/api/surveillance/cases/export", {"area": "XX-B"}).status_code == 404


def test_a_role_without_cases_may_not_export_them(client, cases):
    client.force_login(make_user("watcher", "observer", cases["XX"]))
    assert client.get("/api/surveillance/cases/export").status_code == 403


def test_an_unknown_format_is_refused(client, cases):
    client.force_login(make_user("hq", "hq_commander", cases["XX"]))
    assert client.get("/api/surveillance/cases/export", {"format": "pdf"}).status_code == 422


def test_series_export_has_every_reporting_area_and_day(client, cases):
    client.force_login(make_user("hq", "hq_commander", cases["XX"]))
    rows = rows_of(client.get("/api/surveillance/cases/series/export", {"area": "XX"}))
    assert rows[0] == [
        "area_code",
        "date",
        "new_fever",
        "new_confirmed",
        "new_recovered",
        "new_deaths",
        "under_treatment",
        "tests_done",
        "in_quarantine",
    ]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("XX-A-1", "2022-05-02"),
        ("XX-A-1", "2022-05-03"),
        ("XX-A-1", "2022-05-04"),
        ("XX-A-2", "2022-05-15"),
        ("XX-B-1", "2022-05-02"),
        ("XX-B-1", "2022-05-03"),
        ("XX-B-1", "2022-05-04"),
    ]
    assert rows[1] == ["XX-A-1", "2022-05-02", "2", "0", "0", "0", "2", "", ""]
    assert rows[4][7] == ""  # not reported, not zero


def test_series_export_takes_a_date_range_and_excel(client, cases):
    client.force_login(make_user("officer", "area_officer", cases["XX-A"]))
    response = client.get(
        "/api/surveillance/cases/series/export",
        {"area": "XX-A", "from": "2022-05-03", "to": "2022-05-03", "format": "xlsx"},
    )
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert [(v[0], v[2], v[3]) for v in values[1:]] == [("XX-A-1", 0, 1)]
    assert client.get("/api/surveillance/cases/series/export", {"area": "XX-B"}).status_code == 404


def test_api_import_answers_201_with_the_summary(client, country):
    keep_line_lists(country, "XX-A-1")
    client.force_login(make_user("officer", "area_officer", country["XX-A"]))
    upload = SimpleUploadedFile("cases.csv", line_list(case("C1"), case("C2")))
    response = client.post("/api/surveillance/cases/import", {"file": upload})
    assert response.status_code == 201
    assert response.json() == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "reports_created": 2,
        "reports_changed": 0,
        "reports_unchanged": 0,
        "warnings": [],
    }


def test_api_import_answers_422_with_each_bad_row(client, country):
    keep_line_lists(country, "XX-A-1")
    client.force_login(make_user("officer", "area_officer", country["XX-A"]))
    upload = SimpleUploadedFile("cases.csv", line_list(case("C1"), case("C2", sex="x")))
    response = client.post("/api/surveillance/cases/import", {"file": upload})
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"row": 3, "column": "sex", "reason": "'x' is not f, m, u or empty", "severity": "error"}
    ]
    assert not Case.objects.exists()
