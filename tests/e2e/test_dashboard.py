"""HQ's morning page in a real browser: the charts are drawn by the vendored Vega bundle,
served by the app itself (the browser is cut off from everything else)."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from tests.e2e.helpers import keep_offline, log_in
from tests.factories import make_area, make_user
from tests.reports.factories import FakeSelector, install_selector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hq(monkeypatch):
    install_selector(monkeypatch, FakeSelector(codes={"KP"}))
    return make_user("hq", Role.HQ_COMMANDER, make_area("KP", name="Korea"))


def test_hq_sees_the_dashboard_with_its_charts_drawn_offline(page, live_server, hq):
    outside = keep_offline(page, live_server.url)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "hq")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#chart-trend svg")
    page.wait_for_selector("#chart-map svg")
    assert "219,030" in page.locator(".headline").inner_text()
    assert page.locator("#chart-trend svg .mark-rect path").count() >= 28 * 2 - 2
    assert (
        page.locator("table.sitrep-children tbody tr").first.get_attribute("data-code") == "KP-01"
    )
    assert outside == [] and errors == []
