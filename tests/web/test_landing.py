"""Every logged-in user lands on a real page of theirs: HQ and the national roles on the
dashboard, an officer on their area's report, a site operator of one site on that site, a
user of several areas or none on "your areas" with what to do next."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from tests.factories import make_user
from tests.supply.factories import make_network

NATIONAL = [
    Role.HQ_COMMANDER,
    Role.ANALYST,
    Role.LOGISTICS_OFFICER,
    Role.INSPECTOR,
    Role.OBSERVER,
    Role.ADMIN,
]


def land(client, user) -> tuple[str, str]:
    """Log in as ``user``, open ``/``; the page reached (after redirects) and its HTML."""
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-label="Main"' in page and "Log out" in page
    return response.request["PATH_INFO"], page


@pytest.mark.parametrize("role", NATIONAL)
def test_national_roles_land_on_the_dashboard(client, country, role):
    path, page = land(client, make_user("someone", role, country["XX"]))
    assert path == "/dashboard/" and "Testland" in page


def test_an_area_officer_lands_on_their_areas_report(client, country):
    path, page = land(client, make_user("officer", Role.AREA_OFFICER, country["XX-A-1"]))
    assert path == "/sitrep/XX-A-1/" and "Alpha One" in page


def test_a_province_officer_lands_on_the_provinces_report(client, country):
    path, _page = land(client, make_user("officer", Role.AREA_OFFICER, country["XX-B"]))
    assert path == "/sitrep/XX-B/"


def test_a_site_operator_of_one_site_lands_on_the_site(client, country):
    net = make_network(country)
    path, page = land(client, make_user("pharmacist", Role.SITE_OPERATOR, net["PH-1"].area))
    assert path == "/supply/sites/PH-1/" and "Pharmacy One" in page


def test_a_site_operator_of_several_sites_lands_on_their_sites(client, country):
    net = make_network(country)
    user = make_user("chain", Role.SITE_OPERATOR, net["PH-1"].area, net["PH-2"].area)
    path, page = land(client, user)
    assert path == "/supply/sites/" and "PH-1" in page and "PH-2" in page


def test_a_site_operator_of_a_county_lands_on_the_countys_report(client, country):
    make_network(country)
    path, _page = land(client, make_user("operator", Role.SITE_OPERATOR, country["XX-A-1"]))
    assert path == "/sitrep/XX-A-1/"


def test_a_user_of_two_areas_chooses_among_them(client, country):
    user = make_user("twice", Role.AREA_OFFICER, country["XX-A-1"], country["XX-B-1"])
    path, page = land(client, user)
    assert path == "/areas/" and "Your areas" in page
    assert 'href="/sitrep/XX-A-1/"' in page and 'href="/sitrep/XX-B-1/"' in page


def test_a_user_without_scope_is_told_what_to_do(client, country):
    path, page = land(client, make_user("newcomer", Role.AREA_OFFICER))
    assert path == "/areas/" and "Your areas" in page
    assert "Ask an administrator to set your scope" in page
