"""The situation report end to end on real reports (the other tests fake the selector)."""

from __future__ import annotations

import datetime as dt

from epicommand.accounts.roles import Role
from epicommand.cli import main
from epicommand.surveillance.services import submit_reports
from tests.factories import make_user
from tests.surveillance.factories import DAY, report

ONE = dt.timedelta(days=1)


def file_reports() -> None:
    submit_reports(
        actor=None,
        rows=[
            report("XX-A-1", DAY - ONE, new_fever=5, new_deaths=0),
            report("XX-A-1", DAY, new_fever=8, new_deaths=1),
            report("XX-B-1", DAY, new_fever=2, new_deaths=0),
        ],
    )


def test_api_json_on_real_reports(client, country):
    file_reports()
    client.force_login(make_user("hq", Role.HQ_COMMANDER, country["XX"]))
    body = client.get("/api/reports/sitrep/XX", {"as_of": DAY.isoformat()}).json()
    assert body["headline"]["new_fever"] == {
        "value": 10,
        "day_before": 5,
        "week_before": None,
        "change_day": 5,
        "change_week": None,
    }
    assert body["headline"]["cum_deaths"]["value"] == 1
    assert body["completeness"]["expected"] == 3 and body["completeness"]["missing"] == 1


def test_page_defaults_to_the_last_day_with_reports(client, country):
    file_reports()
    client.force_login(make_user("hq", Role.HQ_COMMANDER, country["XX"]))
    page = client.get("/sitrep/XX/").content.decode()
    assert DAY.isoformat() in page and "Alpha Province" in page


def test_officer_cannot_read_another_provinces_report(client, country):
    file_reports()
    client.force_login(make_user("officer", Role.AREA_OFFICER, country["XX-A"]))
    assert client.get("/sitrep/XX-B/").status_code == 404
    assert client.get("/api/reports/sitrep/XX-B").status_code == 404


def test_cli_pdf_on_real_reports(country, tmp_path):
    from pypdf import PdfReader

    file_reports()
    target = tmp_path / "sitrep.pdf"
    main(
        ["sitrep", "--area", "XX", "--as-of", DAY.isoformat(), "--format", "pdf", "-o", str(target)]
    )
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Testland" in text and "10" in text
