"""An officer files today's report on the form; the HQ dashboard shows it at once."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from epicommand.clock import today
from epicommand.demo.build import demo_area_file
from epicommand.geo.models import Area
from epicommand.geo.services import import_areas
from tests.e2e.helpers import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    import_areas(actor=None, data=demo_area_file(), filename="demo-areas.csv")
    make_user("hq", Role.HQ_COMMANDER, Area.objects.get(code="KP"))
    make_user("officer", Role.AREA_OFFICER, Area.objects.get(code="KP-01-001"))


@pytest.fixture
def contexts(browser):
    opened = []

    def new_page():
        context = browser.new_context(locale="en-GB")
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield new_page
    for context in opened:
        context.close()


def test_officer_files_a_report_and_the_hq_dashboard_shows_it(contexts, live_server, people):
    base = live_server.url
    officer = contexts()
    log_in(officer, base, "officer")
    officer.goto(f"{base}/reports/")
    officer.click("a.missing >> nth=0")
    officer.fill("#id_new_fever", "4321")
    officer.fill("#id_new_deaths", "0")
    officer.click("form.report-form button[type=submit]")
    officer.wait_for_url(f"{base}/reports/")
    assert "saved" in officer.locator(".messages").inner_text()

    hq = contexts()
    log_in(hq, base, "hq")
    hq.goto(f"{base}/dashboard/?as_of={today().isoformat()}")
    assert "4,321" in hq.locator("main").inner_text()
