"""Where each person is and what their status is on a day, read from the records in a few
queries (absences, deployments, deaths) and decided by ``rules.status_on``.

Not scoped: services and selectors call these for persons they already hold in scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from epicommand.care import rules
from epicommand.care.enums import DeploymentState
from epicommand.care.models import Absence, DeploymentMember, StaffMember


@dataclass(frozen=True)
class Whereabouts:
    status: str
    site_id: int | None  # where the person is on the day
    deployment_id: int | None = None


def absences_on(day: dt.date, staff_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    found = Absence.objects.filter(start_on__lte=day).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=day)
    )
    if staff_ids is not None:
        found = found.filter(staff_id__in=list(staff_ids))
    kinds: dict[int, set[str]] = defaultdict(set)
    for staff_id, kind in found.values_list("staff_id", "kind"):
        kinds[staff_id].add(kind)
    return kinds


def postings_on(day: dt.date, staff_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """(site, deployment) of each person deployed on ``day``."""
    found = (
        DeploymentMember.objects.filter(deployment__start_on__lte=day)
        .exclude(deployment__state=DeploymentState.CANCELLED)
        .filter(Q(deployment__returned_on__isnull=True) | Q(deployment__returned_on__gt=day))
    )
    if staff_ids is not None:
        found = found.filter(staff_id__in=list(staff_ids))
    rows = found.values_list("staff_id", "deployment__to_site_id", "deployment_id")
    return {staff_id: (site, deployment) for staff_id, site, deployment in rows}


def committed(staff_ids: Iterable[int] | None = None) -> set[int]:
    """Persons in a deployment not yet returned or cancelled (whatever its start): they
    cannot be given another."""
    found = DeploymentMember.objects.filter(
        deployment__state__in=[
            DeploymentState.ORDERED,
            DeploymentState.TRAVELLING,
            DeploymentState.ARRIVED,
        ]
    )
    if staff_ids is not None:
        found = found.filter(staff_id__in=list(staff_ids))
    return set(found.values_list("staff_id", flat=True))


@dataclass(frozen=True)
class Presence:
    """One person as a day's staffing sees them: where they are and their status."""

    id: int
    qualification: str
    status: str
    site_id: int  # where they are (the deployment's site, else their post)
    post_id: int
    post_path: str


def staffing(day: dt.date, path: str) -> list[Presence]:
    """Everyone posted in the subtree at ``path``, and everyone deployed into it, on ``day``."""
    from epicommand.core.scope import subtree

    deployed = (
        DeploymentMember.objects.filter(deployment__start_on__lte=day)
        .exclude(deployment__state=DeploymentState.CANCELLED)
        .filter(Q(deployment__returned_on__isnull=True) | Q(deployment__returned_on__gt=day))
    )
    postings = dict(deployed.values_list("staff_id", "deployment__to_site_id"))
    inbound = deployed.filter(subtree(path, "deployment__to_path")).values_list("staff_id")
    persons = StaffMember.objects.filter(
        Q(subtree(path, "area_path")) | Q(pk__in=inbound)
    ).values_list("id", "qualification", "post_id", "area_path", "died_on")
    absent = absences_on(day)
    found = []
    for pk, qualification, post_id, post_path, died_on in persons:
        site = postings.get(pk)
        status = rules.status_on(
            day,
            died_on=died_on,
            absences=[rules.Period(k, day, day) for k in absent.get(pk, ())],
            postings=[rules.Posting(site, day)] if site else [],
        )
        found.append(Presence(pk, qualification, status, site or post_id, post_id, post_path))
    return found


def whereabouts(persons: Iterable[StaffMember], day: dt.date) -> dict[int, Whereabouts]:
    """Each person's status and place on ``day``. Past a few thousand persons the records
    of everyone are read at once (cheaper than a long ``IN`` list)."""
    persons = list(persons)
    wanted = [p.pk for p in persons] if len(persons) < 5000 else None
    absent = absences_on(day, wanted)
    posted = postings_on(day, wanted)
    found = {}
    for person in persons:
        posting = posted.get(person.pk)
        postings = [rules.Posting(posting[0], day)] if posting else []
        absences = [rules.Period(kind, day, day) for kind in absent.get(person.pk, ())]
        status = rules.status_on(day, died_on=person.died_on, absences=absences, postings=postings)
        found[person.pk] = Whereabouts(
            status,
            rules.site_on(day, person.post_id, postings),
            posting[1] if posting else None,
        )
    return found
