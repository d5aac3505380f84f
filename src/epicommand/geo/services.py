"""The only writers of areas."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.core.permissions import require_permission
from epicommand.core.scope import covers, get_for
from epicommand.errors import ImportRejected, RowProblem, ValidationFailed
from epicommand.geo import importers
from epicommand.geo.importers import AreaRow
from epicommand.geo.models import Area

FORMATS = ("csv", "geojson")


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def detect_format(filename: str, fmt: str | None = None) -> str:
    chosen = (fmt or filename.rsplit(".", 1)[-1]).lower()
    chosen = "geojson" if chosen == "json" else chosen
    if chosen not in FORMATS:
        raise ValidationFailed(f"unknown area file format {chosen!r}; use csv or geojson")
    return chosen


def _tree_order(rows: list[AreaRow]) -> list[AreaRow]:
    """Parents before children, whatever order the file used; a cycle is refused."""
    by_code = {r.code: r for r in rows}
    ordered: list[AreaRow] = []
    state: dict[str, str] = {}
    for start in rows:
        chain: list[AreaRow] = []
        node: AreaRow | None = start
        while node is not None and node.code not in state:
            state[node.code] = "visiting"
            chain.append(node)
            node = by_code.get(node.parent_code)
        if node is not None and state.get(node.code) == "visiting":
            raise ImportRejected([RowProblem(node.row, "parent_code", "parents form a cycle")])
        for item in reversed(chain):
            state[item.code] = "done"
            ordered.append(item)
    return ordered


def _fields(row: AreaRow) -> dict:
    values = {
        "name": row.name,
        "name_local": row.name_local,
        "level": row.level,
        "population": row.population,
    }
    if row.geometry is not None:
        values["geometry"] = row.geometry
    if row.lat is not None and row.lon is not None:
        values["centroid_lat"], values["centroid_lon"] = row.lat, row.lon
    return values


def _apply_row(row: AreaRow, cache: dict[str, Area], summary: ImportSummary) -> None:
    parent = cache.get(row.parent_code) if row.parent_code else None
    area = cache.get(row.code)
    values = _fields(row)
    if area is None:
        create = {"code": row.code, **values}
        if parent is None:
            area = Area.objects.add_root(create_kwargs=create)
        else:
            area = Area.objects.add_child(parent, create_kwargs=create)
        cache[row.code] = area
        summary.created.append(row.code)
        return
    current_parent = Area.objects.get_parent(area, update=True)
    moved = (current_parent.code if current_parent else "") != row.parent_code
    changed = moved or any(getattr(area, k) != v for k, v in values.items())
    if moved:
        if parent is None:
            raise ValidationFailed(f"area {row.code!r} cannot become a root by import")
        Area.objects.move(area, parent, "last-child")
        for code, cached in list(cache.items()):
            cache[code] = Area.objects.get(pk=cached.pk)
        area = cache[row.code]
    if changed:
        Area.objects.filter(pk=area.pk).update(**values)
        summary.updated.append(row.code)
    else:
        summary.unchanged.append(row.code)


def import_areas(
    *, actor, data: bytes, filename: str = "", fmt: str | None = None
) -> ImportSummary:
    """Create or update every area in the file, all in one transaction, or nothing."""
    require_permission(actor, "geo.add_area")
    require_permission(actor, "geo.change_area")
    chosen = detect_format(filename, fmt)
    existing = set(Area.objects.values_list("code", flat=True))
    reader = importers.read_csv if chosen == "csv" else importers.read_geojson
    rows = _tree_order(reader(data, existing))
    summary = ImportSummary()
    with transaction.atomic():
        cache = {a.code: a for a in Area.objects.select_for_update().all()}
        for row in rows:
            target = cache.get(row.parent_code) or cache.get(row.code)
            if actor is not None and target is not None and not covers(actor, target):
                raise ImportRejected([RowProblem(row.row, "code", "area is outside your scope")])
            _apply_row(row, cache, summary)
        record_event(
            actor=actor,
            action="geo.import_areas",
            object_type="area",
            object_id="",
            after={
                "file": filename,
                "format": chosen,
                "created": summary.created,
                "updated": summary.updated,
            },
        )
    return summary


def update_area(*, actor, code: str, **changes) -> Area:
    """Change an area's names, level or population (not its place in the tree)."""
    require_permission(actor, "geo.change_area")
    allowed = {"name", "name_local", "level", "population", "geometry"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(f"cannot change {', '.join(sorted(unknown))} of an area")
    if "population" in changes and (changes["population"] is None or changes["population"] < 0):
        raise ValidationFailed("population must be zero or more")
    with transaction.atomic():
        area = get_for(actor, Area.objects.select_for_update(), area_field="", code=code)
        before = area.as_audit_dict()
        for key, value in changes.items():
            setattr(area, key, value)
        area.save(update_fields=list(changes))
        record_event(
            actor=actor,
            action="geo.update_area",
            object_type="area",
            object_id=area.code,
            area_path=area.path,
            before=before,
            after=area.as_audit_dict(),
        )
    return area
