"""Lookups the services share: a centre or a person in the actor's scope, for a write."""

from __future__ import annotations

from django.db.models import QuerySet

from epicommand.care.models import StaffMember, TreatmentCentre
from epicommand.core import scope
from epicommand.errors import NotFound
from epicommand.supply.models import Site


def centres() -> QuerySet[TreatmentCentre]:
    return TreatmentCentre.objects.select_related(
        "site__area", "located_in", "commanded_by__site__area"
    )


def centre_paths(centre: TreatmentCentre) -> list[str]:
    """The nodes whose scope reaches a centre: its own, and its district centre's (a
    district centre files the census of the centres it commands)."""
    paths = [centre.area_path]
    if centre.commanded_by_id:
        paths.append(centre.commanded_by.area_path)
    return paths


def reaches(actor, centre: TreatmentCentre) -> bool:
    return any(scope.covers(actor, path) for path in centre_paths(centre))


def get_centre(actor, code: str, *, commanded: bool = False, lock: bool = False):
    """A centre in scope (``commanded``: or commanded by a centre in scope); missing and
    out of scope raise the same NotFound."""
    found = centres()
    if lock:
        found = found.select_for_update(of=("self",))
    centre = found.filter(site__area__code=code).first()
    if centre is None:
        raise NotFound(f"no treatment centre {code!r} in your scope")
    allowed = reaches(actor, centre) if commanded else scope.covers(actor, centre.area_path)
    if not allowed:
        raise NotFound(f"no treatment centre {code!r} in your scope")
    return centre


def get_site(actor, code: str) -> Site:
    return scope.get_for(actor, Site.objects.select_related("area", "located_in"), area__code=code)


def get_person(actor, staff_number: str, *, lock: bool = False) -> StaffMember:
    found = StaffMember.objects.select_related("post__area", "home_area")
    if lock:
        found = found.select_for_update(of=("self",))
    return scope.get_for(actor, found, path_field="area_path", staff_number=staff_number)
