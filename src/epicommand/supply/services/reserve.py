"""State reserve releases: requested, approved by the HQ commander (which plans the
shipment out of the reserve) or rejected. Nothing else takes stock out of a reserve."""

from __future__ import annotations

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.clock import now
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.supply.enums import ReleaseStatus, SiteKind
from epicommand.supply.errors import AlreadyDecided, BadQuantity, ReasonRequired
from epicommand.supply.models import ReleaseLine, ReleaseOrder
from epicommand.supply.services.lookups import StockLine, get_item, require_kind, site_in_scope
from epicommand.supply.services.shipments import create_shipment, shipment_dict


def release_dict(order: ReleaseOrder) -> dict:
    return {
        "id": order.pk,
        "reserve": order.reserve.area.code,
        "to": order.to_site.area.code,
        "status": order.status,
        "decision_ref": order.decision_ref,
        "reason": order.reason,
        "note": order.decision_note,
        "lines": [{"item": x.item.code, "quantity": x.quantity} for x in order.lines.all()],
    }


def request_release(
    *,
    actor,
    reserve_code: str,
    to_site_code: str,
    lines: list[StockLine],
    reason: str,
    decision_ref: str = "",
) -> ReleaseOrder:
    """Ask to release items from a state reserve to a site (for the HQ commander)."""
    require_permission(actor, "supply.request_release")
    if not reason.strip():
        raise ReasonRequired("a release order states why")
    if not lines or any(line.quantity <= 0 for line in lines):
        raise BadQuantity("a release order needs lines with quantities above 0")
    with transaction.atomic():
        reserve = site_in_scope(actor, reserve_code)
        require_kind(reserve, {SiteKind.STATE_RESERVE}, "releases come from state reserves")
        destination = site_in_scope(actor, to_site_code)
        order = ReleaseOrder.objects.create(
            reserve=reserve,
            to_site=destination,
            reason=reason.strip(),
            decision_ref=decision_ref,
            requested_at=now(),
            requested_by=actor if actor is not None and actor.pk else None,
        )
        ReleaseLine.objects.bulk_create(
            ReleaseLine(order=order, item=get_item(line.item), quantity=line.quantity)
            for line in lines
        )
        record_event(
            actor=actor,
            action="supply.request_release",
            object_type="release_order",
            object_id=order.pk,
            area_path=reserve.area.path,
            after=release_dict(order),
        )
    return order


def _locked_order(actor, order_id: int) -> ReleaseOrder:
    queryset = ReleaseOrder.objects.select_for_update(of=("self",)).select_related(
        "reserve__area", "reserve__located_in", "to_site__area", "to_site__located_in"
    )
    order = scope.get_for(actor, queryset, area_field="reserve__area", pk=order_id)
    if order.status != ReleaseStatus.REQUESTED:
        raise AlreadyDecided(f"release order RO-{order.pk} is already {order.status}")
    return order


def approve_release(*, actor, order_id: int, note: str = "") -> ReleaseOrder:
    """Approve: the order's shipment out of the reserve is planned at once, its lots
    picked first-expiry-first-out; logistics dispatches it."""
    require_permission(actor, "supply.approve_release")
    with transaction.atomic():
        order = _locked_order(actor, order_id)
        lines = [StockLine(x.item.code, x.quantity) for x in order.lines.select_related("item")]
        shipment = create_shipment(
            actor=actor,
            origin=order.reserve,
            destination=order.to_site,
            lines=lines,
            note=f"release order RO-{order.pk}",
        )
        order.status, order.shipment, order.decision_note = ReleaseStatus.APPROVED, shipment, note
        order.decided_at = now()
        order.decided_by = actor if actor is not None and actor.pk else None
        order.save(
            update_fields=["status", "shipment", "decision_note", "decided_at", "decided_by"]
        )
        record_event(
            actor=actor,
            action="supply.approve_release",
            object_type="release_order",
            object_id=order.pk,
            area_path=order.reserve.area.path,
            before={"status": ReleaseStatus.REQUESTED},
            after={**release_dict(order), "shipment": shipment_dict(shipment)},
        )
    return order


def reject_release(*, actor, order_id: int, note: str) -> ReleaseOrder:
    require_permission(actor, "supply.approve_release")
    if not note.strip():
        raise ReasonRequired("give the reason for rejecting the release")
    with transaction.atomic():
        order = _locked_order(actor, order_id)
        order.status, order.decision_note = ReleaseStatus.REJECTED, note.strip()
        order.decided_at = now()
        order.decided_by = actor if actor is not None and actor.pk else None
        order.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])
        record_event(
            actor=actor,
            action="supply.reject_release",
            object_type="release_order",
            object_id=order.pk,
            area_path=order.reserve.area.path,
            before={"status": ReleaseStatus.REQUESTED},
            after=release_dict(order),
        )
    return order
