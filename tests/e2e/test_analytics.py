"""The analytics page in a real browser: Rt, the forecast and a scenario comparison are
drawn as SVG by the vendored Vega bundle (nothing is fetched from outside the app)."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from tests.e2e.helpers import keep_offline, log_in
from tests.factories import make_country, make_user
from tests.modelling.factories import AS_OF, file_outbreak, set_places

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def analyst():
    country = make_country()
    set_places()
    file_outbreak()
    return make_user("analyst", Role.ANALYST, country["XX"])


def test_the_analytics_page_draws_its_charts_and_runs_a_scenario(page, live_server, analyst):
    errors = []
    outside = keep_offline(page, live_server.url)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/modelling/XX/?as_of={AS_OF.isoformat()}")
    page.wait_for_selector("#chart-rt svg")
    page.wait_for_selector("#chart-forecast svg")
    assert page.locator("table.backtest tbody tr").count() == 3
    page.check("input[name=lockdown_areas][value=XX-A]")
    page.fill("input[name=runs]", "10")
    page.fill("input[name=days]", "20")
    page.click("#scenario-form button[type=submit]")
    page.wait_for_selector("#chart-scenario svg")
    assert "No intervention" in page.locator("#block-scenario").inner_text()
    assert outside == [] and errors == []
