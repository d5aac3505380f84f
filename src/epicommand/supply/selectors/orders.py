"""Scoped reads of shipments, requisitions and release orders.

A shipment or requisition is seen by both of its sides: the actor's scope must cover the
origin or the destination (the site or its supplier).
"""

from __future__ import annotations

from django.db.models import QuerySet

from epicommand.core import scope
from epicommand.errors import NotFound
from epicommand.supply.models import ReleaseOrder, Requisition, Shipment, TransportUnit
from epicommand.supply.selectors.common import require_view


def _either(queryset: QuerySet, actor, first: str, second: str) -> QuerySet:
    return (
        scope.restrict(queryset, actor, area_field=first)
        | scope.restrict(queryset, actor, area_field=second)
    ).distinct()


def shipments_in_scope(
    *, actor, status: str | None = None, site: str | None = None
) -> QuerySet[Shipment]:
    require_view(actor)
    shipments = _either(
        Shipment.objects.select_related(
            "from_site__area", "to_site__area", "transport_unit", "vehicle"
        ),
        actor,
        "from_site__area",
        "to_site__area",
    )
    if status:
        shipments = shipments.filter(status=status)
    if site:
        shipments = shipments.filter(from_site__area__code=site) | shipments.filter(
            to_site__area__code=site
        )
    return shipments.order_by("-planned_at", "-id")


def get_shipment(*, actor, shipment_id: int) -> Shipment:
    shipment = shipments_in_scope(actor=actor).filter(pk=shipment_id).first()
    if shipment is None:
        raise NotFound(f"no shipment {shipment_id} in your scope")
    return shipment


def requisitions_in_scope(
    *, actor, status: str | None = None, site: str | None = None
) -> QuerySet[Requisition]:
    require_view(actor)
    requisitions = _either(
        Requisition.objects.select_related("site__area", "supplier__area"),
        actor,
        "site__area",
        "supplier__area",
    )
    if status:
        requisitions = requisitions.filter(status=status)
    if site:
        requisitions = requisitions.filter(site__area__code=site) | requisitions.filter(
            supplier__area__code=site
        )
    return requisitions.order_by("-submitted_at", "-id")


def get_requisition(*, actor, requisition_id: int) -> Requisition:
    requisition = requisitions_in_scope(actor=actor).filter(pk=requisition_id).first()
    if requisition is None:
        raise NotFound(f"no requisition {requisition_id} in your scope")
    return requisition


def release_orders_in_scope(*, actor) -> QuerySet[ReleaseOrder]:
    require_view(actor)
    orders = _either(
        ReleaseOrder.objects.select_related("reserve__area", "to_site__area", "shipment"),
        actor,
        "reserve__area",
        "to_site__area",
    )
    return orders.order_by("-requested_at", "-id")


def get_release_order(*, actor, order_id: int) -> ReleaseOrder:
    order = release_orders_in_scope(actor=actor).filter(pk=order_id).first()
    if order is None:
        raise NotFound(f"no release order {order_id} in your scope")
    return order


def transport_units(*, actor) -> QuerySet[TransportUnit]:
    """Transport units are reference data every role may read."""
    require_view(actor)
    return TransportUnit.objects.select_related("base_area").prefetch_related("vehicles")
