"""The one place that turns a user into an area filter.

A user's scope is the union of the subtrees under their scope areas. Because areas are a
materialised path, "inside the scope" is a prefix test on ``Area.path``. Objects outside the
scope are reported as missing (404), never as forbidden, so scope leaks nothing.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from epicommand.errors import NotFound

ALL = None  # scope of the system actor and superusers: the whole tree


def scope_paths(actor) -> list[str] | None:
    """Materialised paths of the actor's scope roots; ``None`` means everything."""
    if actor is None or getattr(actor, "is_superuser", False):
        return ALL
    if not getattr(actor, "is_authenticated", False):
        return []
    cached = getattr(actor, "_scope_paths_cache", None)
    if cached is None:
        paths = sorted(actor.scope_areas.values_list("path", flat=True))
        cached = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
        actor._scope_paths_cache = cached
    return cached


def area_filter(actor, area_field: str = "area") -> Q:
    """A ``Q`` selecting rows whose area lies in the actor's scope."""
    paths = scope_paths(actor)
    if paths is ALL:
        return Q()
    lookup = f"{area_field}__path__startswith" if area_field else "path__startswith"
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{lookup: path})
    return query


def restrict(queryset: QuerySet, actor, *, area_field: str = "area") -> QuerySet:
    """Filter any queryset to the actor's scope (use ``area_field=""`` for areas themselves)."""
    return queryset.filter(area_filter(actor, area_field))


def get_for(actor, queryset: QuerySet, *, area_field: str = "area", **lookup) -> Model:
    """Fetch one object in scope; missing and out of scope raise the same NotFound."""
    model_name = queryset.model._meta.verbose_name
    try:
        return restrict(queryset, actor, area_field=area_field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise NotFound(f"no {model_name} matches {lookup!r} in your scope") from None


def covers(actor, area) -> bool:
    """Whether ``area`` lies in the actor's scope."""
    paths = scope_paths(actor)
    return paths is ALL or any(area.path.startswith(p) for p in paths)


def require_area(actor, area) -> None:
    if not covers(actor, area):
        raise NotFound(f"no area {area.code!r} in your scope")


def is_national(actor) -> bool:
    """Whether the actor sees every root of the tree (HQ, admins, the system)."""
    from epicommand.geo.models import Area

    paths = scope_paths(actor)
    if paths is ALL:
        return True
    roots = Area.objects.get_root_nodes().values_list("path", flat=True)
    return all(any(root.startswith(p) for p in paths) for root in roots)
