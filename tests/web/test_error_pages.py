"""Refusals on pages answer with a page of ours, in the layout with the navigation, at the
refusal's status, in debug mode as in production."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from epicommand.accounts.roles import Role
from epicommand.supply import services as supply_services
from epicommand.supply.services import StockLine
from tests.factories import make_user
from tests.supply.factories import make_network, stock

MODES = pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])


def ours(response, status: int, *texts: str) -> str:
    """The page, after checking it is our layout (navigation, log-out) at ``status``, with
    none of Django's debug pages, and every text of ``texts``."""
    page = response.content.decode()
    assert response.status_code == status
    assert f'data-status="{status}"' in page and 'aria-label="Main"' in page and "Log out" in page
    assert "URLconf" not in page and "Traceback" not in page
    for text in texts:
        assert text in page
    return page


@pytest.fixture
def county_officer(client, country):
    client.force_login(make_user("officer", Role.AREA_OFFICER, country["XX-A-1"]))
    return client


@MODES
def test_out_of_scope_report_is_our_404_with_the_navigation(county_officer, settings, debug):
    settings.DEBUG = debug
    response = county_officer.get("/sitrep/XX-B/")
    ours(response, 404, "Not found in your scope", "no area &#x27;XX-B&#x27; in your scope")


@MODES
def test_out_of_scope_area_and_analytics_pages_are_our_404(county_officer, settings, debug):
    settings.DEBUG = debug
    for url in ("/areas/XX-B-1/", "/modelling/XX-B/", "/sitrep/XX-B.pdf"):
        ours(county_officer.get(url), 404, "outside the areas your account may see")


@MODES
def test_a_role_without_the_permission_gets_our_403(county_officer, settings, debug):
    settings.DEBUG = debug
    ours(county_officer.get("/audit/"), 403, "Not allowed", "audit.view_auditevent")


def test_a_button_the_role_may_not_press_is_our_403(client, country):
    client.force_login(make_user("watcher", Role.OBSERVER, country["XX"]))
    response = client.post("/alerts/1/acknowledge/")
    ours(response, 403, "Not allowed", "surveillance.change_alert")


@MODES
def test_a_conflict_from_a_post_is_our_409_with_the_way_back(client, country, settings, debug):
    settings.DEBUG = debug
    net = make_network(country)
    stock(net["CC-A1"], net["P-LATE"], 300)
    logistics = make_user("logistics", Role.LOGISTICS_OFFICER, country["XX"])
    shipment = supply_services.plan_shipment(
        actor=logistics, from_site_code="CC-A1", to_site_code="PH-1", lines=[StockLine("PARA", 40)]
    )
    client.force_login(logistics)
    url = f"/supply/shipments/{shipment.pk}/"
    assert client.post(url + "dispatch").status_code == 302
    again = client.post(url + "dispatch", HTTP_REFERER=f"http://testserver{url}")
    ours(again, 409, "Not possible now", f'href="http://testserver{url}"', "dispatched")


@MODES
def test_a_refused_post_is_our_422(county_officer, settings, debug):
    settings.DEBUG = debug
    response = county_officer.post("/reports/XX-A-1/2000-01-01/", {"new_fever": "1"})
    ours(response, 422, "Not accepted", "today and the last week only")


def test_an_unknown_url_in_production_is_our_404(county_officer, settings):
    settings.DEBUG = False
    response = county_officer.get("/no-such-page/")
    ours(response, 404, "Not found in your scope")


def test_an_unknown_url_answers_anonymous_users_too(client, settings):
    settings.DEBUG = False
    page = client.get("/no-such-page/").content.decode()
    assert "Not found in your scope" in page and "Log out" not in page


def test_the_500_page_needs_no_database_nor_context():
    page = render_to_string("500.html")
    assert "Something went wrong" in page and "{%" not in page


def test_a_bad_date_is_a_400_page_of_ours(county_officer):
    response = county_officer.get("/sitrep/XX-A-1/?as_of=yesterday")
    assert response.status_code == 400 and "as_of: not a date" in response.content.decode()


def test_error_pages_in_korean(county_officer):
    response = county_officer.get("/sitrep/XX-B/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "담당 범위에서 찾을 수 없음" in response.content.decode()
    response = county_officer.get("/audit/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "관리자에게 요청하십시오" in response.content.decode()
