"""Refusals on pages answer with a page of ours, in the layout with the navigation, at the
refusal's status, in debug mode as in production."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from tests.factories import make_user


@pytest.fixture
def county_officer(client, country):
    client.force_login(make_user("officer", Role.AREA_OFFICER, country["XX-A-1"]))
    return client


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_out_of_scope_report_is_our_404_with_the_navigation(county_officer, settings, debug):
    settings.DEBUG = debug
    response = county_officer.get("/sitrep/XX-B/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Not found in your scope" in page and 'aria-label="Main"' in page
    assert "Log out" in page and "URLconf" not in page and "Traceback" not in page


def test_a_bad_date_is_a_400_page_of_ours(county_officer):
    response = county_officer.get("/sitrep/XX-A-1/?as_of=yesterday")
    assert response.status_code == 400 and "as_of: not a date" in response.content.decode()
