"""Deployment orders of medical staff and their states.

An order moves named persons from one site to another from a start day; it goes ordered >
travelling > arrived > returned (or is cancelled before arrival), each step kept as an event.
A person already in a deployment that has not returned, or who is not on duty on the start
day (sick, in quarantine, off, deceased), is refused with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from epicommand.audit.services import actor_label, record_event
from epicommand.care import records
from epicommand.care.enums import DeploymentState
from epicommand.care.errors import AlreadyDeployed, BadTransition, NotAvailable
from epicommand.care.models import Deployment, DeploymentEvent, DeploymentMember, StaffMember
from epicommand.care.services.lookups import get_site
from epicommand.clock import now, today
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed

NEXT = {
    DeploymentState.ORDERED: (
        DeploymentState.TRAVELLING,
        DeploymentState.ARRIVED,
        DeploymentState.CANCELLED,
    ),
    DeploymentState.TRAVELLING: (DeploymentState.ARRIVED, DeploymentState.CANCELLED),
    DeploymentState.ARRIVED: (DeploymentState.RETURNED,),
}


@dataclass(frozen=True)
class Order:
    """One order as ``order_deployments`` takes it."""

    from_site: str
    to_site: str
    staff_numbers: tuple[str, ...]
    start_on: dt.date
    planned_end_on: dt.date | None = None
    reason: str = ""
    decision_ref: str = ""


def _persons(actor, numbers: tuple[str, ...]) -> list[StaffMember]:
    if not numbers:
        raise ValidationFailed("a deployment needs at least one person")
    if len(set(numbers)) != len(numbers):
        raise ValidationFailed("a person is named twice in the order")
    found = scope.restrict(
        StaffMember.objects.select_for_update(of=("self",)).select_related("post__area"),
        actor,
        path_field="area_path",
    ).filter(staff_number__in=numbers)
    persons = {p.staff_number: p for p in found}
    missing = [n for n in numbers if n not in persons]
    if missing:
        raise NotFound(f"no staff member {', '.join(missing)} in your scope")
    return [persons[n] for n in numbers]


def _check_available(persons: list[StaffMember], from_site_id: int, day: dt.date) -> None:
    """Refuse the whole order for anyone already deployed, not on duty, or elsewhere."""
    busy = records.committed([p.pk for p in persons])
    deployed = [p.staff_number for p in persons if p.pk in busy]
    if deployed:
        raise AlreadyDeployed(
            f"already deployed: {', '.join(deployed)}", details=[{"staff": n} for n in deployed]
        )
    where = records.whereabouts(persons, day)
    away = [
        (p.staff_number, where[p.pk].status) for p in persons if where[p.pk].status != "on_duty"
    ]
    if away:
        listed = ", ".join(f"{n} ({s.replace('_', ' ')})" for n, s in away)
        raise NotAvailable(
            f"not on duty on {day}: {listed}", details=[{"staff": n, "status": s} for n, s in away]
        )
    elsewhere = [p.staff_number for p in persons if where[p.pk].site_id != from_site_id]
    if elsewhere:
        raise ValidationFailed(f"not posted at the sending site: {', '.join(elsewhere)}")


def _event(actor, deployment: Deployment, state: str, on: dt.date, note: str = "") -> None:
    DeploymentEvent.objects.create(
        deployment=deployment,
        state=state,
        on=on,
        at=now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        note=note,
    )


def _create(actor, order: Order, proposal=None) -> Deployment:
    if order.planned_end_on is not None and order.planned_end_on < order.start_on:
        raise ValidationFailed("a deployment cannot end before it starts")
    if not order.reason.strip():
        raise ValidationFailed("a deployment needs a reason")
    source, target = get_site(actor, order.from_site), get_site(actor, order.to_site)
    if source.pk == target.pk:
        raise ValidationFailed("a deployment goes to another site")
    persons = _persons(actor, order.staff_numbers)
    _check_available(persons, source.pk, order.start_on)
    deployment = Deployment.objects.create(
        from_site=source,
        to_site=target,
        from_path=source.area.path,
        to_path=target.area.path,
        start_on=order.start_on,
        planned_end_on=order.planned_end_on,
        reason=order.reason.strip()[:300],
        decision_ref=order.decision_ref.strip()[:200],
        proposal=proposal,
        ordered_at=now(),
        ordered_by=actor if actor is not None and actor.pk else None,
    )
    DeploymentMember.objects.bulk_create(
        DeploymentMember(deployment=deployment, staff=p) for p in persons
    )
    _event(actor, deployment, DeploymentState.ORDERED, order.start_on)
    record_event(
        actor=actor,
        action="care.order_deployment",
        object_type="deployment",
        object_id=deployment.pk,
        area_path=target.area.path,
        after=_audit(deployment, order.staff_numbers),
    )
    return deployment


def _audit(deployment: Deployment, numbers) -> dict:
    return {
        "from": deployment.from_site.area.code,
        "to": deployment.to_site.area.code,
        "staff": list(numbers),
        "start_on": deployment.start_on,
        "planned_end_on": deployment.planned_end_on,
        "reason": deployment.reason,
        "decision_ref": deployment.decision_ref,
        "proposal": deployment.proposal_id,
    }


def order_deployment(
    *,
    actor,
    from_site: str,
    to_site: str,
    staff_numbers: list[str],
    start_on: dt.date | None = None,
    planned_end_on: dt.date | None = None,
    reason: str = "",
    decision_ref: str = "",
) -> Deployment:
    """Order named persons from one site (they must be there, on duty) to another; both
    sites in the actor's scope."""
    require_permission(actor, "care.order_deployment")
    order = Order(
        from_site, to_site, tuple(staff_numbers), start_on or today(), planned_end_on,
        reason, decision_ref,
    )  # fmt: skip
    with transaction.atomic():
        return _create(actor, order)


def order_deployments(*, actor, orders: list[Order], proposal=None) -> list[Deployment]:
    """Several orders in one transaction (all or none): an approved proposal's."""
    require_permission(actor, "care.order_deployment")
    with transaction.atomic():
        return [_create(actor, order, proposal) for order in orders]


def _get_for_update(actor, deployment_id: int) -> Deployment:
    found = Deployment.objects.select_for_update(of=("self",)).select_related(
        "from_site__area", "to_site__area"
    )
    visible = found.filter(
        scope.area_filter(actor, path_field="from_path")
        | scope.area_filter(actor, path_field="to_path")
    )
    deployment = visible.filter(pk=deployment_id).first()
    if deployment is None:
        raise NotFound(f"no deployment {deployment_id} in your scope")
    return deployment


def advance_deployment(
    *, actor, deployment_id: int, state: str, on: dt.date | None = None, note: str = ""
) -> Deployment:
    """Move an order to its next state (travelling, arrived, returned or cancelled) on a
    day (today by default)."""
    require_permission(actor, "care.update_deployment")
    on = on or today()
    with transaction.atomic():
        deployment = _get_for_update(actor, deployment_id)
        if state not in NEXT.get(deployment.state, ()):
            raise BadTransition(
                f"a deployment that is {deployment.state} cannot become {state}; "
                f"next: {', '.join(NEXT.get(deployment.state, ())) or 'nothing'}"
            )
        if on < deployment.start_on:
            raise ValidationFailed(f"{on} is before the deployment's start ({deployment.start_on})")
        before = deployment.state
        deployment.state = state
        if state == DeploymentState.ARRIVED:
            deployment.arrived_on = on
        elif state == DeploymentState.RETURNED:
            deployment.returned_on = on
        deployment.save(update_fields=["state", "arrived_on", "returned_on"])
        _event(actor, deployment, state, on, note[:300])
        record_event(
            actor=actor,
            action="care.advance_deployment",
            object_type="deployment",
            object_id=deployment.pk,
            area_path=deployment.to_path,
            before={"state": before},
            after={"state": state, "on": on, "note": note},
        )
    return deployment
