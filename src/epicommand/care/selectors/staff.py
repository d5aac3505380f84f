"""Scoped reads of the roster: who is where on any day, a person and their deployments, the
deployment orders.

A person's status comes from their records (``records``). Sick, in quarantine and deceased
are health data: an actor without ``care.view_staff_health`` sees them as "unavailable".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from epicommand.care import records
from epicommand.care.enums import StaffStatus
from epicommand.care.models import Absence, Deployment, Infection, StaffMember
from epicommand.care.selectors.centres import require_view
from epicommand.clock import today
from epicommand.core import scope
from epicommand.core.permissions import has_permission, require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.geo.tree import AreaNode

HEALTH_STATUSES = {StaffStatus.SICK, StaffStatus.QUARANTINE, StaffStatus.DECEASED}


def shown_status(actor, status: str) -> str:
    """The status as this actor may see it."""
    if status in HEALTH_STATUSES and not has_permission(actor, "care.view_staff_health"):
        return StaffStatus.UNAVAILABLE
    return status


def staff_in_scope(actor, *, area: AreaNode | None = None) -> QuerySet[StaffMember]:
    require_view(actor)
    found = scope.restrict(
        StaffMember.objects.select_related("post__area", "home_area", "home_site__area"),
        actor,
        path_field="area_path",
    )
    if area is not None:
        found = found.filter(scope.subtree(area.path, "area_path"))
    return found.order_by("staff_number")


@dataclass
class RosterLine:
    person: StaffMember
    status: str
    site_code: str
    site_name: str
    deployment_id: int | None


def roster(
    actor,
    *,
    area: AreaNode | None = None,
    day: dt.date | None = None,
    qualification: str | None = None,
    status: str | None = None,
    q: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[RosterLine], int]:
    """Where everyone of the area is on ``day`` (today by default), with their status;
    the page of ``limit`` lines from ``offset`` and the number of persons that match."""
    day = day or today()
    if status and status not in StaffStatus.values:
        raise ValidationFailed(f"unknown status {status!r}; use {', '.join(StaffStatus.values)}")
    if status in HEALTH_STATUSES:
        require_permission(actor, "care.view_staff_health")
    found = staff_in_scope(actor, area=area)
    if qualification:
        found = found.filter(qualification=qualification)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(staff_number__iexact=q))
    if status:
        return _filtered(actor, found, day, status, limit, offset)
    total = found.count()
    return _lines(actor, list(found[offset : offset + limit]), day), total


def _filtered(actor, found, day, status, limit, offset) -> tuple[list[RosterLine], int]:
    """Status is derived, so filter after deriving it (for the area's persons)."""
    persons = list(found.select_related(None).only("id", "staff_number", "post_id", "died_on"))
    where = records.whereabouts(persons, day)
    wanted = [p.pk for p in persons if shown_status(actor, where[p.pk].status) == status]
    page = list(found.filter(pk__in=wanted[offset : offset + limit]))
    return _lines(actor, page, day), len(wanted)


def _lines(actor, persons: list[StaffMember], day: dt.date) -> list[RosterLine]:
    from epicommand.supply.models import Site

    where = records.whereabouts(persons, day)
    sites = {
        s.pk: s
        for s in Site.objects.select_related("area").filter(
            pk__in={w.site_id for w in where.values()}
        )
    }
    lines = []
    for person in persons:
        w = where[person.pk]
        site = sites.get(w.site_id)
        lines.append(
            RosterLine(
                person,
                shown_status(actor, w.status),
                site.area.code if site else "",
                site.area.name if site else "",
                w.deployment_id,
            )
        )
    return lines


def get_person(actor, staff_number: str) -> StaffMember:
    require_view(actor)
    return scope.get_for(
        actor,
        StaffMember.objects.select_related("post__area", "home_area", "home_site__area"),
        path_field="area_path",
        staff_number=staff_number,
    )


def person_line(actor, person: StaffMember, day: dt.date | None = None) -> RosterLine:
    return _lines(actor, [person], day or today())[0]


def visible_deployments(actor) -> QuerySet[Deployment]:
    """Orders whose sending or receiving site is in the actor's scope."""
    require_view(actor)
    found = Deployment.objects.select_related("from_site__area", "to_site__area", "ordered_by")
    if scope.scope_paths(actor) is scope.ALL:
        return found
    return found.filter(
        scope.area_filter(actor, path_field="from_path")
        | scope.area_filter(actor, path_field="to_path")
    )


def deployments(
    actor, *, state: str | None = None, area: AreaNode | None = None, staff: str | None = None
) -> QuerySet[Deployment]:
    found = visible_deployments(actor)
    if state:
        found = found.filter(state=state)
    if area is not None:
        found = found.filter(
            scope.subtree(area.path, "from_path") | scope.subtree(area.path, "to_path")
        )
    if staff:
        found = found.filter(members__staff__staff_number=staff)
    return found.order_by("-start_on", "-pk")


def get_deployment(actor, deployment_id: int) -> Deployment:
    found = visible_deployments(actor).filter(pk=deployment_id).first()
    if found is None:
        raise NotFound(f"no deployment {deployment_id} in your scope")
    return found


def deployment_staff(deployment: Deployment) -> list[StaffMember]:
    return list(
        StaffMember.objects.filter(deployment_rows__deployment=deployment)
        .select_related("post__area")
        .order_by("staff_number")
    )


@dataclass
class PersonHealth:
    infections: list[Infection]
    absences: list[Absence]
    died_on: dt.date | None


def person_health(actor, staff_number: str) -> PersonHealth:
    """A person's health records: HQ and the roles given ``care.view_staff_health``."""
    require_permission(actor, "care.view_staff_health")
    person = get_person(actor, staff_number)
    return PersonHealth(
        list(person.infections.order_by("detected_on", "pk")),
        list(person.absences.order_by("start_on", "pk")),
        person.died_on,
    )
