"""Loading past shipments and release orders (the demo's history): rows in bulk, with the
statuses and times they had, in one transaction and one audit event each call. Their stock
moves are ledger entries loaded by ``bulk.record_entries``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.core.permissions import require_permission
from epicommand.supply.models import (
    Item,
    Lot,
    ReleaseLine,
    ReleaseOrder,
    Shipment,
    Site,
    TransportUnit,
    Vehicle,
)
from epicommand.supply.services.bulk import BATCH, insert_rows


@dataclass
class PastLine:
    lot: Lot
    quantity: int
    received: int | None = None
    reason: str = ""


@dataclass
class PastShipment:
    origin: Site
    destination: Site
    status: str
    planned_at: dt.datetime
    dispatched_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    transport_unit: TransportUnit | None = None
    vehicle: Vehicle | None = None
    note: str = ""
    lines: list[PastLine] = field(default_factory=list)
    pk: int | None = None  # set when stored


@dataclass
class PastRelease:
    reserve: Site
    to_site: Site
    reason: str
    decision_ref: str
    requested_at: dt.datetime
    decided_at: dt.datetime
    lines: list[tuple[Item, int]]
    shipment: PastShipment


def create_past_shipments(*, actor, shipments: list[PastShipment]) -> None:
    """Store shipments as they were; sets each one's ``pk`` for its ledger entries."""
    require_permission(actor, "supply.manage_shipments")
    with transaction.atomic():
        rows = Shipment.objects.bulk_create(
            [
                Shipment(
                    from_site=s.origin,
                    to_site=s.destination,
                    status=s.status,
                    transport_unit=s.transport_unit,
                    vehicle=s.vehicle,
                    note=s.note,
                    planned_at=s.planned_at,
                    dispatched_at=s.dispatched_at,
                    in_transit_at=s.dispatched_at,
                    delivered_at=s.received_at,
                    received_at=s.received_at,
                )
                for s in shipments
            ],
            batch_size=BATCH,
        )
        for spec, row in zip(shipments, rows, strict=True):
            spec.pk = row.pk
        columns = ["shipment", "item", "lot", "quantity", "quantity_received", "discrepancy_reason"]
        insert_rows(
            Shipment.lines.field.model,
            columns,
            (
                (s.pk, x.lot.item_id, x.lot.pk, x.quantity, x.received, x.reason)
                for s in shipments
                for x in s.lines
            ),
        )
        record_event(
            actor=actor,
            action="supply.create_past_shipments",
            object_type="shipment",
            after={"shipments": len(shipments), "lines": sum(len(s.lines) for s in shipments)},
        )


def create_past_releases(*, actor, releases: list[PastRelease]) -> None:
    """Store approved release orders with the shipments (already stored) they caused."""
    require_permission(actor, "supply.approve_release")
    with transaction.atomic():
        for release in releases:
            order = ReleaseOrder.objects.create(
                reserve=release.reserve,
                to_site=release.to_site,
                status="approved",
                reason=release.reason,
                decision_ref=release.decision_ref,
                requested_at=release.requested_at,
                decided_at=release.decided_at,
                shipment_id=release.shipment.pk,
            )
            ReleaseLine.objects.bulk_create(
                ReleaseLine(order=order, item=item, quantity=quantity)
                for item, quantity in release.lines
            )
        record_event(
            actor=actor,
            action="supply.create_past_releases",
            object_type="release_order",
            after={"releases": len(releases)},
        )
