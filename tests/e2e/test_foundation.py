"""A user logs in, switches to Korean and reads their area page."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from epicommand.demo.build import demo_area_file
from epicommand.geo.services import import_areas
from tests.e2e.helpers import log_in
from tests.factories import make_user
from tests.reports.factories import install_selector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_country():
    import_areas(actor=None, data=demo_area_file(), filename="demo-areas.csv")
    from epicommand.geo.models import Area

    make_user("hq", Role.HQ_COMMANDER, Area.objects.get(code="KP"))


def test_hq_logs_in_switches_to_korean_and_sees_the_area_page(
    page, live_server, demo_country, monkeypatch
):
    install_selector(monkeypatch)  # HQ lands on the dashboard, a situation report
    log_in(page, live_server.url, "hq")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.click("header nav >> text=Areas")
    page.wait_for_url(f"{live_server.url}/areas/KP/")
    assert page.locator("h1").inner_text().startswith("Democratic People's Republic of Korea")
    assert page.locator("table.data tbody tr").count() == 13

    page.select_option("#language", "ko")
    page.wait_for_selector("html[lang=ko]")
    assert page.locator("table.data thead").inner_text().count("인구") == 1
    assert "로그아웃" in page.locator("header").inner_text()

    page.click("text=South Pyongan")
    page.wait_for_url(f"{live_server.url}/areas/KP-02/")
    assert "평안남도" in page.locator("h1").inner_text()
    assert page.locator("table.data tbody tr").count() > 10
