"""Requisitions: a site asks its supplier; the supplier approves, reduces or rejects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum

from epicommand.audit.services import record_event
from epicommand.clock import now, today
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import ValidationFailed
from epicommand.supply import rules
from epicommand.supply.enums import RequisitionStatus
from epicommand.supply.errors import AlreadyDecided, BadQuantity, ReasonRequired
from epicommand.supply.models import Requisition, RequisitionLine, StockEntry, StockLevel
from epicommand.supply.services.lookups import get_item, site_in_scope


@dataclass(frozen=True)
class RequestLine:
    """An item asked for, with the cases (from surveillance) the site bases it on."""

    item: str
    quantity: int
    cases: int | None = None


def site_consumption_per_day(site, item, *, on: dt.date) -> float:
    """Average daily consumption at one site over the window ending ``on`` (ledger)."""
    start = on - dt.timedelta(days=rules.CONSUMPTION_WINDOW_DAYS - 1)
    total = StockEntry.objects.filter(
        site=site,
        item=item,
        kind__in=rules.CONSUMPTION_KINDS,
        occurred_on__range=(start, on),
    ).aggregate(total=Sum("quantity"))["total"]
    return rules.average_daily(-(total or 0), rules.CONSUMPTION_WINDOW_DAYS)


def requisition_dict(requisition: Requisition) -> dict:
    return {
        "id": requisition.pk,
        "site": requisition.site.area.code,
        "supplier": requisition.supplier.area.code,
        "status": requisition.status,
        "reason": requisition.decision_reason,
        "lines": [
            {
                "item": line.item.code,
                "requested": line.quantity_requested,
                "approved": line.quantity_approved,
                "stock_on_hand": line.stock_on_hand,
                "consumption_per_day": line.consumption_per_day,
                "cases": line.cases,
            }
            for line in requisition.lines.select_related("item")
        ],
    }


def submit_requisition(
    *, actor, site_code: str, lines: list[RequestLine], note: str = ""
) -> Requisition:
    """Ask the site's supplier for stock. The stock on hand and the average daily
    consumption of each line are taken from the books, so the supplier sees real figures."""
    require_permission(actor, "supply.request_stock")
    if not lines:
        raise BadQuantity("a requisition needs at least one line")
    with transaction.atomic():
        site = site_in_scope(actor, site_code)
        if site.supplier_id is None:
            raise ValidationFailed(f"{site.area.code} has no supplier to ask")
        requisition = Requisition.objects.create(
            site=site,
            supplier=site.supplier,
            note=note,
            submitted_at=now(),
            submitted_by=actor if actor is not None and actor.pk else None,
        )
        seen: set[str] = set()
        for line in lines:
            if line.quantity <= 0 or line.item in seen:
                raise BadQuantity(f"{line.item}: a positive quantity, once per item")
            seen.add(line.item)
            item = get_item(line.item)
            level = StockLevel.objects.filter(site=site, item=item).first()
            RequisitionLine.objects.create(
                requisition=requisition,
                item=item,
                quantity_requested=line.quantity,
                stock_on_hand=level.on_hand if level else 0,
                consumption_per_day=site_consumption_per_day(site, item, on=today()),
                cases=line.cases,
            )
        record_event(
            actor=actor,
            action="supply.submit_requisition",
            object_type="requisition",
            object_id=requisition.pk,
            area_path=site.area.path,
            after=requisition_dict(requisition),
        )
    return requisition


def decide_requisition(
    *,
    actor,
    requisition_id: int,
    quantities: dict[str, int] | None = None,
    reject: bool = False,
    reason: str = "",
) -> Requisition:
    """The supplier's answer: every line as asked, some reduced (``quantities`` by item
    code; items not named as asked), or ``reject``. Reducing or rejecting needs a reason."""
    require_permission(actor, "supply.decide_requisition")
    with transaction.atomic():
        queryset = Requisition.objects.select_for_update(of=("self",)).select_related(
            "site__area", "supplier__area"
        )
        requisition = scope.get_for(actor, queryset, area_field="supplier__area", pk=requisition_id)
        if requisition.status != RequisitionStatus.SUBMITTED:
            raise AlreadyDecided(f"requisition R-{requisition.pk} is already {requisition.status}")
        lines = list(requisition.lines.select_related("item"))
        requested = {line.item.code: line.quantity_requested for line in lines}
        unknown = set(quantities or {}) - set(requested)
        if unknown:
            raise ValidationFailed(f"requisition has no line for {', '.join(sorted(unknown))}")
        approved = (
            {code: 0 for code in requested} if reject else {**requested, **(quantities or {})}
        )
        status = rules.requisition_outcome(requested, approved)
        if status != RequisitionStatus.APPROVED and not reason.strip():
            raise ReasonRequired("give the reason for reducing or rejecting the requisition")
        for line in lines:
            line.quantity_approved = approved[line.item.code]
        RequisitionLine.objects.bulk_update(lines, ["quantity_approved"])
        requisition.status, requisition.decision_reason = status, reason.strip()
        requisition.decided_at = now()
        requisition.decided_by = actor if actor is not None and actor.pk else None
        requisition.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
        record_event(
            actor=actor,
            action="supply.decide_requisition",
            object_type="requisition",
            object_id=requisition.pk,
            area_path=requisition.supplier.area.path,
            before={"status": RequisitionStatus.SUBMITTED},
            after=requisition_dict(requisition),
        )
    return requisition
