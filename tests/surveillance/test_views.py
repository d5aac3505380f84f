"""The officer's pages: file today's report, see the day before, upload a file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from epicommand.accounts.roles import Role
from epicommand.clock import today
from epicommand.surveillance.models import ReportRevision
from epicommand.surveillance.services import submit_reports
from epicommand.surveillance.validation import TEMPLATE_COLUMNS
from tests.factories import make_user
from tests.surveillance.factories import report

FIGURES = {
    "new_fever": "12",
    "new_confirmed": "3",
    "new_recovered": "",
    "new_deaths": "0",
    "under_treatment": "40",
    "tests_done": "",
    "in_quarantine": "",
}


@pytest.fixture
def officer(client, country):
    user = make_user("officer", Role.AREA_OFFICER, country["XX-A"])
    client.force_login(user)
    return user


def test_officer_files_todays_report_through_the_form(client, officer):
    day = today()
    response = client.post(f"/reports/XX-A-1/{day}/", FIGURES)
    assert response.status_code == 302
    saved = ReportRevision.objects.get()
    assert (saved.new_fever, saved.new_recovered, saved.source) == (12, None, "web")
    assert saved.submitted_by == officer


def test_form_shows_the_day_before_beside(client, officer):
    day = today()
    submit_reports(actor=None, rows=[report("XX-A-1", day - dt.timedelta(days=1), new_fever=77)])
    page = client.get(f"/reports/XX-A-1/{day}/").content.decode()
    assert "77" in page


def test_officer_cannot_open_another_countys_form(client, officer):
    assert client.get(f"/reports/XX-B-1/{today()}/").status_code == 404
    assert client.post(f"/reports/XX-B-1/{today()}/", FIGURES).status_code == 404
    assert not ReportRevision.objects.exists()


def test_old_days_and_parents_are_not_filed_here(client, officer):
    old = today() - dt.timedelta(days=30)
    refused = client.post(f"/reports/XX-A-1/{old}/", FIGURES)
    assert refused.status_code == 422 and not ReportRevision.objects.exists()
    page = refused.content.decode()
    assert "Not accepted" in page and "today and the last week only" in page
    assert 'aria-label="Main"' in page
    assert client.get(f"/reports/XX-A/{today()}/").status_code == 404
    assert client.get("/reports/XX-A-1/someday/").status_code == 404


def test_negative_figure_is_refused_on_the_form(client, officer):
    response = client.post(f"/reports/XX-A-1/{today()}/", {**FIGURES, "new_fever": "-1"})
    assert response.status_code == 200 and not ReportRevision.objects.exists()


def test_report_list_shows_only_the_officers_areas(client, officer):
    page = client.get("/reports/").content.decode()
    assert "Alpha One" in page and "Beta One" not in page


def test_upload_lists_problems_and_saves_nothing(client, officer):
    header = ",".join(TEMPLATE_COLUMNS) + "\n"
    bad = header + f"XX-B-1,{today()},1,,,,,,\n"
    response = client.post("/reports/upload/", {"file": SimpleUploadedFile("r.csv", bad.encode())})
    page = response.content.decode()
    assert "unknown area code" in page and "nothing was saved" in page
    good = header + f"XX-A-1,{today()},1,,,,,,\n"
    client.post("/reports/upload/", {"file": SimpleUploadedFile("r.csv", good.encode())})
    assert ReportRevision.objects.count() == 1
