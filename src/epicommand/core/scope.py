"""The one place that turns an actor into an area filter.

A user's scope is the union of the subtrees under their scope areas. Areas are a
materialised path (``geo.Area.path``), so "inside the scope" is a range on the path:
``path <= x <= path + "ZZZ..."`` (treebeard's alphabet ends at "Z"). Both databases answer a
range from a B-tree index; a ``LIKE 'path%'`` prefix is not indexed on SQLite (measured on the
stock tables: see the README's supply design notes).

Rows reach the path either through a foreign key (``area_field="area"``: ``area__path``) or
through a copy of the path kept on the row for speed (``path_field="area_path"``). Objects
outside the scope are reported as missing (404), never as forbidden, so scope leaks nothing.

This module imports no app: it sits below ``geo`` and every domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q, QuerySet

from epicommand.errors import NotFound

ALL = None  # scope of the system actor and superusers: the whole tree
PATH_MAX = 255  # geo.Area.path's length: the upper bound of a subtree's range
LAST = "Z"  # the last character of treebeard's alphabet


def scope_paths(actor: Any) -> list[str] | None:
    """Materialised paths of the actor's scope roots (none nested in another); ``None``
    means everything (the system actor ``None`` and superusers)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return ALL
    if not getattr(actor, "is_authenticated", False):
        return []
    cached = getattr(actor, "_scope_paths_cache", None)
    if cached is None:
        cached = outermost(actor.scope_areas.values_list("path", flat=True))
        actor._scope_paths_cache = cached
    return cached


def outermost(paths: Iterable[str]) -> list[str]:
    """The paths, sorted, without those that lie in another's subtree (sorted, a subtree
    follows its root, so one pass suffices)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def subtree(path: str, field: str = "path") -> Q:
    """Rows whose ``field`` (a path) lies in the subtree at ``path``, the root included."""
    return Q(**{f"{field}__gte": path, f"{field}__lte": path + LAST * (PATH_MAX - len(path))})


def subtrees(paths: Iterable[str], field: str = "path") -> Q:
    """Rows whose ``field`` lies in any of the subtrees at ``paths``: one range for each
    outermost path (none for no path)."""
    query = Q(pk__in=[])
    for path in outermost(paths):
        query |= subtree(path, field)
    return query


def _field(area_field: str, path_field: str | None) -> str:
    if path_field is not None:
        return path_field
    return f"{area_field}__path" if area_field else "path"


def area_filter(actor: Any, area_field: str = "area", *, path_field: str | None = None) -> Q:
    """A ``Q`` selecting rows whose area lies in the actor's scope. ``area_field`` names the
    foreign key to the area (``""`` for areas themselves); ``path_field`` a copied path."""
    paths = scope_paths(actor)
    if paths is ALL:
        return Q()
    return subtrees(paths, _field(area_field, path_field))


def restrict(
    queryset: QuerySet, actor: Any, *, area_field: str = "area", path_field: str | None = None
) -> QuerySet:
    """Filter any queryset to the actor's scope."""
    return queryset.filter(area_filter(actor, area_field, path_field=path_field))


def get_for(
    actor: Any,
    queryset: QuerySet,
    *,
    area_field: str = "area",
    path_field: str | None = None,
    **lookup: Any,
) -> Model:
    """Fetch one object in scope; missing and out of scope raise the same NotFound."""
    model_name = queryset.model._meta.verbose_name
    try:
        scoped = restrict(queryset, actor, area_field=area_field, path_field=path_field)
        return scoped.get(**lookup)
    except queryset.model.DoesNotExist:
        raise NotFound(f"no {model_name} {_shown(lookup)} in your scope") from None


def _shown(lookup: dict[str, Any]) -> str:
    """``'KP-02'`` for one key (a code, an id), ``code='X', item='Y'`` for several."""
    if len(lookup) == 1:
        return repr(next(iter(lookup.values())))
    return ", ".join(f"{k}={v!r}" for k, v in lookup.items())


def covers(actor: Any, area: Any) -> bool:
    """Whether ``area`` (anything with a ``path``, or a path) lies in the actor's scope."""
    paths = scope_paths(actor)
    path = area if isinstance(area, str) else area.path
    return paths is ALL or any(path.startswith(p) for p in paths)


def require_area(actor: Any, area: Any) -> None:
    """NotFound unless ``area`` is in scope (worded as missing: scope leaks nothing)."""
    if not covers(actor, area):
        raise NotFound(f"no area {area.code!r} in your scope")
