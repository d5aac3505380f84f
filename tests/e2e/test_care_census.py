"""A treatment centre's operator files the day's census in the browser, sees the warning
that the patients do not follow from yesterday's, and the occupancy on the centre page."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.accounts.roles import Role
from epicommand.care import services
from epicommand.care.models import CensusRevision
from epicommand.clock import today
from tests.care.factories import census_row, make_centre
from tests.e2e.helpers import keep_offline, log_in
from tests.factories import make_country, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def centre():
    country = make_country()
    found = make_centre("TC-A1", country["XX-A-1"], general=20, isolation=5, intensive=2)
    make_user("centre", Role.SITE_OPERATOR, found.site.area)
    yesterday = today() - dt.timedelta(days=1)
    services.submit_census(
        actor=None,
        rows=[census_row("TC-A1", yesterday, admissions=10, patients_fevered=10,
                         occupied_general=10)],
    )  # fmt: skip
    return found


def test_a_centre_files_its_census(page, live_server, centre):
    outside = keep_offline(page, live_server.url)
    log_in(page, live_server.url, "centre")
    page.wait_for_url(f"{live_server.url}/care/centres/TC-A1/")
    page.click(f"#file-census a[href$='/census/{today()}/']")
    page.wait_for_selector("#census-form")
    assert "Patients at midnight the day before: 10" in page.content()
    for name, value in {
        "admissions": "6", "discharges": "2", "deaths": "0", "patients_fevered": "12",
        "patients_positive": "3", "occupied_general": "12", "occupied_isolation": "3",
    }.items():  # fmt: skip
        page.fill(f"input[name={name}]", value)
    page.click("#census-form button[type=submit]")
    page.wait_for_selector("text=saved")
    assert "give 14" in page.content()  # 15 patients, but 10 + 6 - 2 = 14: a warning
    assert "56 %" in page.locator("#occupancy").inner_text()  # 15 of 27 beds
    saved = CensusRevision.objects.get(reported_on=today())
    assert (saved.patients, saved.occupied, saved.warnings != []) == (15, 15, True)
    assert outside == []
