"""Stock status of a subtree: on hand, consumption, days of stock, stock-outs, expiry,
pipeline and alerts; and the same figures for an earlier day."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.clock import today
from epicommand.supply import selectors, services
from epicommand.supply.services import StockLine
from tests.supply.factories import stock


@pytest.fixture
def busy(net, logistics, yesterday_noon):
    """Yesterday: opening counts and 14 tablets dispensed at PH-1. Today: PH-2 hands out
    its last 5 masks and 100 tablets leave the county centre for PH-2."""
    stock(net["CC-A1"], net["P-LATE"], 500)
    stock(net["PH-1"], net["P-EARLY"], 70)
    stock(net["PH-2"], net["M1"], 5)
    stock(net["PH-B"], net["P-LATE"], 40)
    services.record_dispensing(actor=None, site_code="PH-1", lines=[StockLine("PARA", 14)])
    yesterday_noon()  # back to now
    services.record_dispensing(actor=None, site_code="PH-2", lines=[StockLine("MASK", 5)])
    shipment = services.plan_shipment(
        actor=logistics, from_site_code="CC-A1", to_site_code="PH-2", lines=[StockLine("PARA", 100)]
    )
    services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    return net


def item(status, code):
    return next(i for i in status.items if i.code == code)


def test_province_status_adds_up_its_sites(busy):
    status = selectors.stock_status(actor=None, area="XX-A")
    para = item(status, "PARA")
    assert para.on_hand == 400 + 56
    assert para.consumption_per_day == pytest.approx(2.0)
    assert para.days_of_stock == pytest.approx(228.0)
    assert para.pipeline == 100 and status.pipeline_shipments == 1
    assert para.expiring == 56  # P-EARLY expires in 30 days
    assert item(status, "MASK").stock_outs == 1
    assert [(s.site_code, s.item_code) for s in status.stock_outs] == [("PH-2", "MASK")]
    assert status.sites == 5


def test_country_status_includes_the_other_province(busy):
    assert item(selectors.stock_status(actor=None, area="XX"), "PARA").on_hand == 400 + 56 + 40


def test_alerts_name_stock_outs_and_expiring_lots(busy):
    alerts = selectors.stock_status(actor=None, area="XX-A").alerts
    assert [(a.kind, a.item_code) for a in alerts] == [
        ("stock_out", "MASK"),
        ("low_stock", "MASK"),
        ("near_expiry", "PARA"),
    ]
    assert alerts[0].message == "Mask: out of stock at 1 site"


def test_status_of_an_earlier_day_shows_the_books_of_that_evening(busy):
    yesterday = today() - dt.timedelta(days=1)
    status = selectors.stock_status(actor=None, area="XX-A", as_of=yesterday)
    para, mask = item(status, "PARA"), item(status, "MASK")
    assert para.on_hand == 500 + 56 and para.pipeline == 0
    assert mask.on_hand == 5 and mask.stock_outs == 0 and status.stock_out_count == 0


def test_a_single_site_uses_its_own_ledger_for_consumption(busy, pharmacist):
    status = selectors.stock_status(actor=pharmacist, area="PH-1")
    assert item(status, "PARA").on_hand == 56
    assert item(status, "PARA").consumption_per_day == pytest.approx(2.0)
    assert status.sites == 1


def test_pharmacist_defaults_to_their_pharmacy_and_cannot_see_the_county(busy, pharmacist):
    from epicommand.errors import NotFound

    assert selectors.stock_status(actor=pharmacist).area_code == "PH-1"
    with pytest.raises(NotFound):
        selectors.stock_status(actor=pharmacist, area="XX-A-1")


def test_expired_lots_on_the_shelf_are_flagged(net):
    stock(net["PH-1"], net["P-OLD"], 3)
    status = selectors.stock_status(actor=None, area="XX")
    assert [(n.batch_number, n.expired) for n in status.near_expiry] == [("P-OLD", True)]
    assert status.alerts[0].kind == "expired"
