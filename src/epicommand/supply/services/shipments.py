"""Shipments: planned > dispatched > in transit > delivered > received.

Stock leaves the origin at dispatch (transfer-out entries) and enters the destination when
the receiver confirms what arrived (receipt entries); a shortfall becomes a loss entry with
the receiver's reason, in the same transaction. Between the two it is "in the pipeline".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.clock import now, today
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.supply import rules
from epicommand.supply.enums import MovementKind, ShipmentStatus, SiteKind
from epicommand.supply.errors import (
    AlreadyReceived,
    BadTransition,
    LotExpired,
    OverCapacity,
    ReleaseRequired,
    SameSite,
    VehicleUnavailable,
)
from epicommand.supply.models import Requisition, Shipment, ShipmentLine, TransportUnit, Vehicle
from epicommand.supply.services.ledger import Move, apply_moves
from epicommand.supply.services.lookups import StockLine, outgoing_moves, site_in_scope
from epicommand.supply.services.stock import day_or_today, entry_dicts, guard_reserve


@dataclass(frozen=True)
class ReceivedLine:
    """The receiver's count for one shipment line, and the reason for any shortfall."""

    line_id: int
    received: int
    reason: str = ""


def shipment_dict(shipment: Shipment) -> dict:
    return {
        "id": shipment.pk,
        "from": shipment.from_site.area.code,
        "to": shipment.to_site.area.code,
        "status": shipment.status,
        "vehicle": shipment.vehicle.registration if shipment.vehicle_id else None,
        "lines": [
            {
                "item": line.item.code,
                "lot": line.lot.batch_number,
                "quantity": line.quantity,
                "received": line.quantity_received,
                "reason": line.discrepancy_reason,
            }
            for line in shipment.lines.select_related("item", "lot").order_by("id")
        ],
    }


def _transport(unit_code: str | None, registration: str | None):
    unit = vehicle = None
    if unit_code:
        unit = TransportUnit.objects.filter(code=unit_code).first()
        if unit is None:
            raise NotFound(f"no transport unit {unit_code!r}")
    if registration:
        vehicle = Vehicle.objects.select_related("unit").filter(registration=registration).first()
        if vehicle is None:
            raise NotFound(f"no vehicle {registration!r}")
        if unit is not None and vehicle.unit_id != unit.pk:
            raise ValidationFailed(f"vehicle {registration} is not one of {unit.code}'s")
        unit = vehicle.unit
    return unit, vehicle


def _check_load(moves: list[Move], vehicle: Vehicle | None) -> None:
    if vehicle is None:
        return
    weight = sum(-m.quantity * m.lot.item.unit_weight_g for m in moves)
    volume = sum(-m.quantity * m.lot.item.unit_volume_ml for m in moves)
    problem = rules.load_problem(weight, volume, vehicle.capacity_kg, vehicle.capacity_l)
    if problem:
        raise OverCapacity(problem)


def create_shipment(
    *, actor, origin, destination, lines, unit_code=None, registration=None, **fields
) -> Shipment:
    """A planned shipment with its lots chosen (named, or first-expiry-first-out). Runs in
    the caller's transaction and leaves the audit event to the caller."""
    if origin.pk == destination.pk:
        raise SameSite("a shipment needs two different sites")
    unit, vehicle = _transport(unit_code, registration)
    picks = outgoing_moves(origin, lines, kind=MovementKind.TRANSFER_OUT, on=today())
    _check_load(picks, vehicle)
    shipment = Shipment.objects.create(
        from_site=origin,
        to_site=destination,
        transport_unit=unit,
        vehicle=vehicle,
        planned_at=now(),
        planned_by=actor if actor is not None and actor.pk else None,
        **fields,
    )
    merged: dict[int, list] = {}
    for move in picks:
        merged.setdefault(move.lot.pk, [move.lot, 0])[1] += -move.quantity
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, item_id=lot.item_id, lot=lot, quantity=quantity)
        for lot, quantity in merged.values()
    )
    return shipment


def _answered(requisition_id: int | None, origin, destination) -> Requisition | None:
    if requisition_id is None:
        return None
    requisition = Requisition.objects.filter(pk=requisition_id).first()
    if requisition is None or (requisition.supplier_id, requisition.site_id) != (
        origin.pk,
        destination.pk,
    ):
        raise NotFound(f"no requisition R-{requisition_id} from {destination.area.code}")
    if requisition.status not in {"approved", "reduced"}:
        raise BadTransition(f"requisition R-{requisition_id} is {requisition.status}")
    return requisition


def plan_shipment(
    *,
    actor,
    from_site_code: str,
    to_site_code: str,
    lines: list[StockLine],
    transport_unit_code: str | None = None,
    vehicle_registration: str | None = None,
    requisition_id: int | None = None,
    note: str = "",
) -> Shipment:
    """Plan a shipment between two sites in the actor's scope, answering an approved
    requisition or not. Nothing moves until dispatch."""
    require_permission(actor, "supply.manage_shipments")
    with transaction.atomic():
        origin = site_in_scope(actor, from_site_code)
        destination = site_in_scope(actor, to_site_code)
        guard_reserve(origin)
        requisition = _answered(requisition_id, origin, destination)
        shipment = create_shipment(
            actor=actor,
            origin=origin,
            destination=destination,
            lines=lines,
            unit_code=transport_unit_code,
            registration=vehicle_registration,
            requisition=requisition,
            note=note,
        )
        record_event(
            actor=actor,
            action="supply.plan_shipment",
            object_type="shipment",
            object_id=shipment.pk,
            area_path=origin.area.path,
            after=shipment_dict(shipment),
        )
    return shipment


def _locked(actor, shipment_id: int, side: str) -> Shipment:
    """The shipment, row-locked, if the actor's scope covers its ``side`` ("from"/"to")."""
    queryset = Shipment.objects.select_for_update(of=("self",)).select_related(
        "from_site__area",
        "from_site__located_in",
        "to_site__area",
        "to_site__located_in",
        "vehicle",
    )
    return scope.get_for(actor, queryset, area_field=f"{side}_site__area", pk=shipment_id)


def _move_on(actor, shipment_id: int, target: str, stamp: str | None) -> Shipment:
    require_permission(actor, "supply.manage_shipments")
    with transaction.atomic():
        shipment = _locked(actor, shipment_id, "from")
        before = shipment.status
        shipment.status = rules.next_status(shipment.status, target)
        fields = ["status"]
        if stamp:
            setattr(shipment, stamp, now())
            fields.append(stamp)
        shipment.save(update_fields=fields)
        record_event(
            actor=actor,
            action=f"supply.shipment_{target}",
            object_type="shipment",
            object_id=shipment.pk,
            area_path=shipment.from_site.area.path,
            before={"status": before},
            after={"status": shipment.status},
        )
    return shipment


def _guard_release(shipment: Shipment) -> None:
    if shipment.from_site.kind != SiteKind.STATE_RESERVE:
        return
    order = getattr(shipment, "release_order", None)
    if order is None or order.status != "approved":
        raise ReleaseRequired("a shipment from a state reserve needs an approved release order")


def dispatch_shipment(*, actor, shipment_id: int, dispatched_on: dt.date | None = None):
    """The stock leaves the origin: one transfer-out entry per line."""
    require_permission(actor, "supply.manage_shipments")
    day = day_or_today(dispatched_on)
    with transaction.atomic():
        shipment = _locked(actor, shipment_id, "from")
        shipment.status = rules.next_status(shipment.status, ShipmentStatus.DISPATCHED)
        _guard_release(shipment)
        if shipment.vehicle_id and not shipment.vehicle.is_available:
            raise VehicleUnavailable(f"vehicle {shipment.vehicle.registration} is not available")
        moves = []
        for line in shipment.lines.select_related("lot__item"):
            if line.lot.expires_on < day:
                raise LotExpired(f"lot {line.lot.batch_number} expired on {line.lot.expires_on}")
            moves.append(
                Move(shipment.from_site, line.lot, "transfer_out", -line.quantity, shipment.to_site)
            )
        entries = apply_moves(moves, actor=actor, occurred_on=day, shipment=shipment)
        shipment.dispatched_at = now()
        shipment.save(update_fields=["status", "dispatched_at"])
        record_event(
            actor=actor,
            action="supply.dispatch_shipment",
            object_type="shipment",
            object_id=shipment.pk,
            area_path=shipment.from_site.area.path,
            before={"status": ShipmentStatus.PLANNED},
            after={"status": shipment.status, "entries": entry_dicts(entries)},
        )
    return shipment


def mark_in_transit(*, actor, shipment_id: int) -> Shipment:
    return _move_on(actor, shipment_id, ShipmentStatus.IN_TRANSIT, "in_transit_at")


def mark_delivered(*, actor, shipment_id: int) -> Shipment:
    """The transport unit handed the load over; the receiver still confirms quantities."""
    return _move_on(actor, shipment_id, ShipmentStatus.DELIVERED, "delivered_at")


def cancel_shipment(*, actor, shipment_id: int) -> Shipment:
    """Only a planned shipment can be cancelled: nothing has moved yet."""
    return _move_on(actor, shipment_id, ShipmentStatus.CANCELLED, None)


def _receipt_moves(shipment: Shipment, lines: list[ShipmentLine], counts: dict) -> list[Move]:
    moves: list[Move] = []
    for line in lines:
        given = counts.get(line.pk, ReceivedLine(line.pk, line.quantity))
        receipt = rules.check_receipt(line.quantity, given.received, given.reason)
        line.quantity_received, line.discrepancy_reason = receipt.received, receipt.reason
        moves.append(Move(shipment.to_site, line.lot, "receipt", line.quantity, shipment.from_site))
        if receipt.missing:
            reason = f"shipment S-{shipment.pk}: {receipt.reason}"
            moves.append(Move(shipment.to_site, line.lot, "loss", -receipt.missing, None, reason))
    return moves


def receive_shipment(
    *,
    actor,
    shipment_id: int,
    lines: list[ReceivedLine] | None = None,
    received_on: dt.date | None = None,
) -> Shipment:
    """Proof of delivery: the receiver confirms each line's quantity (lines not named
    arrived in full). What arrived is a receipt; a shortfall is a loss with its reason."""
    require_permission(actor, "supply.receive_shipment")
    day = day_or_today(received_on)
    with transaction.atomic():
        shipment = _locked(actor, shipment_id, "to")
        if shipment.status == ShipmentStatus.RECEIVED:
            raise AlreadyReceived(f"shipment S-{shipment.pk} was already received")
        before = shipment.status
        shipment.status = rules.next_status(shipment.status, ShipmentStatus.RECEIVED)
        shipment_lines = list(shipment.lines.select_related("lot__item", "item"))
        counts = {c.line_id: c for c in lines or []}
        unknown = set(counts) - {line.pk for line in shipment_lines}
        if unknown:
            raise ValidationFailed(f"shipment S-{shipment.pk} has no line {sorted(unknown)}")
        moves = _receipt_moves(shipment, shipment_lines, counts)
        entries = apply_moves(moves, actor=actor, occurred_on=day, shipment=shipment)
        ShipmentLine.objects.bulk_update(
            shipment_lines, ["quantity_received", "discrepancy_reason"]
        )
        shipment.received_at = now()
        shipment.received_by = actor if actor is not None and actor.pk else None
        shipment.save(update_fields=["status", "received_at", "received_by"])
        record_event(
            actor=actor,
            action="supply.receive_shipment",
            object_type="shipment",
            object_id=shipment.pk,
            area_path=shipment.to_site.area.path,
            before={"status": before},
            after={**shipment_dict(shipment), "entries": entry_dicts(entries)},
        )
    return shipment
