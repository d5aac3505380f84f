"""Shipments: FEFO lots at planning, stock out at dispatch, proof of delivery at receipt."""

from __future__ import annotations

import pytest

from epicommand.audit.models import AuditEvent
from epicommand.errors import NotFound, PermissionDenied
from epicommand.supply import services
from epicommand.supply.errors import (
    AlreadyReceived,
    BadTransition,
    InsufficientStock,
    OverCapacity,
    ReasonRequired,
    ReceivedAboveShipped,
    VehicleUnavailable,
)
from epicommand.supply.models import StockBalance, StockEntry
from epicommand.supply.selectors import ledger_differences
from epicommand.supply.services import ReceivedLine, StockLine
from tests.supply.factories import stock


@pytest.fixture
def stocked(net):
    stock(net["CC-A1"], net["P-EARLY"], 100)
    stock(net["CC-A1"], net["P-LATE"], 200)
    stock(net["CC-A1"], net["M1"], 50)
    return net


def plan(actor, lines=None, **kwargs):
    return services.plan_shipment(
        actor=actor,
        from_site_code="CC-A1",
        to_site_code="PH-1",
        lines=lines or [StockLine("PARA", 150), StockLine("MASK", 20)],
        **kwargs,
    )


def on_hand(site, lot) -> int:
    row = StockBalance.objects.filter(site=site, lot=lot).first()
    return row.quantity if row else 0


def test_planning_picks_lots_first_expiry_first_and_moves_nothing(stocked, logistics):
    shipment = plan(logistics)
    lines = [(x.lot.batch_number, x.quantity) for x in shipment.lines.all()]
    assert lines == [("P-EARLY", 100), ("P-LATE", 50), ("M1", 20)]
    assert shipment.status == "planned" and not StockEntry.objects.filter(shipment=shipment)


def test_planner_may_choose_the_lot(stocked, logistics):
    shipment = plan(logistics, [StockLine("PARA", 10, "P-LATE")])
    assert [x.lot.batch_number for x in shipment.lines.all()] == ["P-LATE"]


def test_dispatch_takes_the_stock_out_of_the_origin(stocked, logistics):
    shipment = services.dispatch_shipment(actor=logistics, shipment_id=plan(logistics).pk)
    assert shipment.status == "dispatched" and shipment.dispatched_at
    assert on_hand(stocked["CC-A1"], stocked["P-EARLY"]) == 0
    assert on_hand(stocked["CC-A1"], stocked["P-LATE"]) == 150
    kinds = set(StockEntry.objects.filter(shipment=shipment).values_list("kind", flat=True))
    assert kinds == {"transfer_out"}


def test_dispatch_refused_when_the_stock_went_meanwhile(stocked, logistics):
    shipment = plan(logistics)
    services.record_movement(
        actor=None, site_code="CC-A1", kind="issue", lines=[StockLine("PARA", 1, "P-EARLY")]
    )
    with pytest.raises(InsufficientStock):
        services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    shipment.refresh_from_db()
    assert shipment.status == "planned"


def test_proof_of_delivery_with_a_discrepancy_becomes_a_loss(stocked, logistics, pharmacist):
    shipment = plan(logistics, [StockLine("PARA", 30, "P-LATE")])
    services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    services.mark_in_transit(actor=logistics, shipment_id=shipment.pk)
    services.mark_delivered(actor=logistics, shipment_id=shipment.pk)
    line = shipment.lines.get()
    received = services.receive_shipment(
        actor=pharmacist,
        shipment_id=shipment.pk,
        lines=[ReceivedLine(line.pk, 26, "box crushed in transit")],
    )
    assert received.status == "received" and received.received_by == pharmacist
    entries = StockEntry.objects.filter(shipment=shipment, site=stocked["PH-1"]).order_by("id")
    assert [(e.kind, e.quantity, e.balance_after) for e in entries] == [
        ("receipt", 30, 30),
        ("loss", -4, 26),
    ]
    assert "box crushed in transit" in entries[1].reason
    line.refresh_from_db()
    assert (line.quantity_received, line.discrepancy_reason) == (26, "box crushed in transit")
    assert on_hand(stocked["PH-1"], stocked["P-LATE"]) == 26
    assert AuditEvent.objects.first().action == "supply.receive_shipment"
    assert ledger_differences(actor=None) == []


def test_shortfall_without_reason_and_excess_are_refused(stocked, logistics, pharmacist):
    shipment = plan(logistics, [StockLine("PARA", 30, "P-LATE")])
    services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    line = shipment.lines.get()
    with pytest.raises(ReasonRequired):
        services.receive_shipment(
            actor=pharmacist, shipment_id=shipment.pk, lines=[ReceivedLine(line.pk, 29)]
        )
    with pytest.raises(ReceivedAboveShipped):
        services.receive_shipment(
            actor=pharmacist, shipment_id=shipment.pk, lines=[ReceivedLine(line.pk, 31)]
        )
    assert not StockEntry.objects.filter(shipment=shipment, kind="receipt").exists()


def test_a_shipment_received_twice_is_refused(stocked, logistics, pharmacist):
    shipment = plan(logistics, [StockLine("PARA", 5)])
    services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    services.receive_shipment(actor=pharmacist, shipment_id=shipment.pk)
    entries = StockEntry.objects.count()
    with pytest.raises(AlreadyReceived) as refused:
        services.receive_shipment(actor=pharmacist, shipment_id=shipment.pk)
    assert refused.value.code == "supply.already_received"
    assert StockEntry.objects.count() == entries


def test_planned_shipment_cannot_be_received(stocked, logistics, pharmacist):
    shipment = plan(logistics)
    with pytest.raises(BadTransition):
        services.receive_shipment(actor=pharmacist, shipment_id=shipment.pk)


def test_receiver_must_be_the_destination(stocked, logistics, net, country):
    from epicommand.accounts.roles import Role
    from tests.factories import make_user

    other = make_user("other-pharmacist", Role.SITE_OPERATOR, net["PH-2"].area)
    shipment = plan(logistics, [StockLine("PARA", 5)])
    services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
    with pytest.raises(NotFound):
        services.receive_shipment(actor=other, shipment_id=shipment.pk)


def test_pharmacist_may_not_dispatch(stocked, logistics, pharmacist):
    shipment = plan(logistics)
    with pytest.raises(PermissionDenied):
        services.dispatch_shipment(actor=pharmacist, shipment_id=shipment.pk)


def test_cancel_only_before_dispatch(stocked, logistics):
    shipment = plan(logistics)
    assert services.cancel_shipment(actor=logistics, shipment_id=shipment.pk).status == "cancelled"
    with pytest.raises(BadTransition):
        services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)


def test_vehicle_capacity_and_availability(stocked, logistics):
    services.create_transport_unit(
        actor=logistics, code="TU-1", name="Transport battalion 1", base_area_code="XX"
    )
    services.add_vehicle(actor=logistics, unit_code="TU-1", registration="V-1", capacity_kg=1)
    stocked["PARA"].unit_weight_g = 20
    stocked["PARA"].save()
    with pytest.raises(OverCapacity):
        plan(logistics, [StockLine("PARA", 100)], vehicle_registration="V-1")
    shipment = plan(logistics, [StockLine("PARA", 50)], vehicle_registration="V-1")
    assert shipment.transport_unit.code == "TU-1"
    services.set_vehicle_availability(actor=logistics, registration="V-1", is_available=False)
    with pytest.raises(VehicleUnavailable):
        services.dispatch_shipment(actor=logistics, shipment_id=shipment.pk)
