"""What every supply reader shares: the view permission and the subtree range."""

from __future__ import annotations

from epicommand.core.permissions import require_permission
from epicommand.geo import selectors as geo_selectors
from epicommand.geo.models import Area

PATH_MAX = 255  # Area.path's length: the upper bound of a subtree's range


def require_view(actor) -> None:
    require_permission(actor, "supply.view_stock")


def subtree(path: str, field: str = "area_path") -> dict:
    """Lookups selecting ``field`` values in the subtree at ``path``: a range on the
    materialised path, which both databases answer from a B-tree index (a ``LIKE``
    prefix does not on SQLite). Treebeard's alphabet ends at "Z", so ``path`` followed by
    "Z"s is the last path of the subtree."""
    return {f"{field}__gte": path, f"{field}__lte": path + "Z" * (PATH_MAX - len(path))}


def area_in_scope(actor, area: Area | str | None) -> Area:
    """The area asked for (a code or an Area) if in scope; by default the actor's own
    top area (the country for HQ)."""
    if area is None:
        roots = geo_selectors.scope_roots(actor)
        if not roots:
            from epicommand.errors import NotFound

            raise NotFound("no area in your scope")
        return roots[0]
    if isinstance(area, str):
        return geo_selectors.get_area(actor, area)
    geo_selectors.get_area(actor, area.code)
    return area
