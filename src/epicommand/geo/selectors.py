"""Scoped reads of the area tree.

``get_area`` is the scoped getter of areas (models): missing and out of scope raise the same
NotFound. An area given to ``child_areas`` or ``breadcrumbs`` is checked again in memory
(``core.scope.require_area``), so a caller cannot widen the actor's scope by passing one.
"""

from __future__ import annotations

from django.db.models import QuerySet

from epicommand.core import scope
from epicommand.geo.models import SITE_LEVEL, Area


def areas_in_scope(*, actor) -> QuerySet[Area]:
    return scope.restrict(Area.objects.all(), actor, area_field="").order_by("path")


def get_area(*, actor, code: str) -> Area:
    return scope.get_for(actor, Area.objects.all(), area_field="", code=code)


def scope_roots(*, actor) -> list[Area]:
    """The top areas the actor sees: the tree roots for HQ, their own areas otherwise."""
    paths = scope.scope_paths(actor)
    if paths is scope.ALL:
        return list(Area.objects.get_root_nodes())
    return list(Area.objects.filter(path__in=paths).order_by("path"))


def child_areas(*, actor, area: Area) -> QuerySet[Area]:
    """The administrative areas just below ``area`` (sites are listed by the supply app)."""
    scope.require_area(actor, area)
    return Area.objects.get_children(area).exclude(level=SITE_LEVEL).order_by("name")


def breadcrumbs(*, actor, area: Area) -> list[Area]:
    """Ancestors the actor may open, top first; an officer's trail starts at their own area."""
    scope.require_area(actor, area)
    return [a for a in Area.objects.get_ancestors(area) if scope.covers(actor, a)]


def is_national(*, actor) -> bool:
    """Whether the actor sees every root of the tree (HQ, admins, the system)."""
    if scope.scope_paths(actor) is scope.ALL:
        return True
    roots = Area.objects.get_root_nodes().values_list("path", flat=True)
    return all(scope.covers(actor, root) for root in roots)
