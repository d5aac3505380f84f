"""State reserve releases (approved by the HQ commander) and factories' production."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.audit.models import AuditEvent
from epicommand.clock import today
from epicommand.errors import PermissionDenied, ValidationFailed
from epicommand.supply import services
from epicommand.supply.errors import AlreadyDecided, DuplicateCode, WrongSiteKind
from epicommand.supply.models import Lot, StockBalance, StockEntry
from epicommand.supply.services import StockLine
from tests.supply.factories import stock


@pytest.fixture
def order(net, logistics):
    stock(net["RES"], net["P-EARLY"], 400)
    stock(net["RES"], net["P-LATE"], 1000)
    return services.request_release(
        actor=logistics,
        reserve_code="RES",
        to_site_code="PC-A",
        lines=[StockLine("PARA", 600)],
        reason="fever outbreak in Alpha",
        decision_ref="HQ decision 2026-17",
    )


def test_hq_approval_plans_the_shipment_and_dispatch_moves_reserve_stock(order, hq, logistics, net):
    approved = services.approve_release(actor=hq, order_id=order.pk, note="approved")
    shipment = approved.shipment
    assert approved.status == "approved" and shipment.from_site == net["RES"]
    assert [(x.lot.batch_number, x.quantity) for x in shipment.lines.all()] == [
        ("P-EARLY", 400),
        ("P-LATE", 200),
    ]
    assert AuditEvent.objects.first().action == "supply.approve_release"
    services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    assert StockBalance.objects.get(site=net["RES"], lot=net["P-LATE"]).quantity == 800


def test_logistics_cannot_approve_and_orders_are_decided_once(order, hq, logistics):
    with pytest.raises(PermissionDenied):
        services.approve_release(actor=logistics, order_id=order.pk)
    services.reject_release(actor=hq, order_id=order.pk, note="use the provincial stock")
    with pytest.raises(AlreadyDecided):
        services.approve_release(actor=hq, order_id=order.pk)


def test_release_comes_from_a_state_reserve_only(net, logistics):
    with pytest.raises(WrongSiteKind):
        services.request_release(
            actor=logistics,
            reserve_code="PC-A",
            to_site_code="CC-A1",
            lines=[StockLine("PARA", 1)],
            reason="x",
        )


def test_production_registers_the_batch_with_its_shelf_life(net):
    entries = services.record_production(
        actor=None, site_code="FAC", item_code="PARA", batch_number="F-001", quantity=5000
    )
    lot = Lot.objects.get(batch_number="F-001")
    assert lot.expires_on == today() + dt.timedelta(days=720) and lot.producer == net["FAC"]
    assert [(e.kind, e.quantity) for e in entries] == [("production", 5000)]
    services.record_production(
        actor=None, site_code="FAC", item_code="PARA", batch_number="F-001", quantity=1000
    )
    assert StockBalance.objects.get(site=net["FAC"], lot=lot).quantity == 6000


def test_production_only_at_factories_and_own_batches(net):
    with pytest.raises(WrongSiteKind):
        services.record_production(
            actor=None, site_code="PH-1", item_code="PARA", batch_number="X", quantity=1
        )
    with pytest.raises(DuplicateCode):
        services.record_production(
            actor=None, site_code="FAC", item_code="PARA", batch_number="P-LATE", quantity=1
        )
    assert not StockEntry.objects.exists()


def test_traditional_medicine_without_shelf_life_needs_an_expiry(net):
    services.create_item(
        actor=None,
        code="KORYO-1",
        name="Angung-uhwang pill",
        name_local="안궁우황환",
        unit="pill",
        category="traditional",
    )
    with pytest.raises(ValidationFailed, match="expiry"):
        services.record_production(
            actor=None, site_code="FAC", item_code="KORYO-1", batch_number="K1", quantity=10
        )
    services.set_production_capacity(
        actor=None, site_code="FAC", item_code="KORYO-1", quantity_per_day=2000
    )
    services.record_production(
        actor=None,
        site_code="FAC",
        item_code="KORYO-1",
        batch_number="K1",
        quantity=10,
        expires_on=today() + dt.timedelta(days=400),
    )
