"""A pharmacist opens a shipment in the browser and confirms what arrived, one box short."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from epicommand.supply import services
from epicommand.supply.models import StockBalance, StockEntry
from epicommand.supply.services import StockLine
from tests.e2e.helpers import log_in
from tests.factories import make_country, make_user
from tests.supply.factories import make_network, stock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shipment():
    net = make_network(make_country())
    stock(net["CC-A1"], net["P-LATE"], 100)
    make_user("pharmacist", Role.SITE_OPERATOR, net["PH-1"].area)
    planned = services.plan_shipment(
        actor=None, from_site_code="CC-A1", to_site_code="PH-1", lines=[StockLine("PARA", 60)]
    )
    services.dispatch_shipment(actor=None, shipment_id=planned.pk)
    return planned


def test_pharmacist_receives_a_shipment_with_a_shortfall(page, live_server, shipment):
    log_in(page, live_server.url, "pharmacist", next_path=f"/supply/shipments/{shipment.pk}/")
    page.wait_for_url(f"{live_server.url}/supply/shipments/{shipment.pk}/")
    assert "Dispatched" in page.locator("h1").inner_text()

    line = shipment.lines.get()
    page.fill(f"input[name=received_{line.pk}]", "50")
    page.fill(f"input[name=reason_{line.pk}]", "one box of 10 missing")
    page.click("#receive-form button[type=submit]")
    page.wait_for_selector("text=Receipt confirmed.")
    assert "Received" in page.locator("h1").inner_text()
    assert "one box of 10 missing" in page.locator("table.data").inner_text()

    assert StockBalance.objects.get(site=shipment.to_site).quantity == 50
    loss = StockEntry.objects.get(kind="loss")
    assert loss.quantity == -10 and "one box of 10 missing" in loss.reason
