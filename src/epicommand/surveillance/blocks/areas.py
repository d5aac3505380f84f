"""The areas just below the report's area: the map coloured by incidence and the table
(sortable on the page, by incidence in the PDF and Markdown)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from django.utils.translation import gettext as _

from epicommand.core.blocks import BlockContext
from epicommand.geo.models import Area
from epicommand.surveillance.blocks.figures import ReportFigures, report_figures
from epicommand.surveillance.blocks.markdown import table
from epicommand.surveillance.figures import LABELS
from epicommand.surveillance.selectors import DAY
from epicommand.surveillance.situation import ChildRow
from epicommand.web.charts import MapArea, MapLegend, area_map

CHILD_FIELDS = (
    "code",
    "name",
    "name_local",
    "population",
    "new_fever",
    "new_confirmed",
    "new_deaths",
    "under_treatment",
    "cum_fever",
    "cum_deaths",
    "week_fever",
    "incidence_per_100k",
    "reporting_expected",
    "reporting_received",
    "lat",
    "lon",
)
SORT_KEYS = ("incidence", "name", "cases", "population")
DEFAULT_SORT = "incidence"
DEFAULT_DIRECTION = "desc"


def parse_sort(sort: str | None, direction: str | None) -> tuple[str, str]:
    """A known sort key and direction. An unknown key falls back to incidence, and a missing
    direction to descending (the areas that need help first), or A to Z for names."""
    key = sort if sort in SORT_KEYS else DEFAULT_SORT
    if direction in ("asc", "desc"):
        return key, direction
    return key, "asc" if key == "name" else DEFAULT_DIRECTION


def _sort_value(child: ChildRow, key: str) -> float | str | None:
    if key == "name":
        return child.name.casefold()
    if key == "cases":
        return child.new_fever
    if key == "population":
        return child.population
    return child.incidence_per_100k


def sort_children(children: list[ChildRow], sort: str, direction: str) -> list[ChildRow]:
    """Children ordered by ``sort``; areas without the figure always last, ties by code."""
    known = [c for c in children if _sort_value(c, sort) is not None]
    unknown = sorted((c for c in children if _sort_value(c, sort) is None), key=lambda c: c.code)
    known.sort(key=lambda c: c.code)
    known.sort(key=lambda c: _sort_value(c, sort), reverse=direction == "desc")
    return known + unknown


def _row(figures: ReportFigures, child, as_of) -> ChildRow:
    daily = figures.daily
    today = daily.get((child.id, as_of))
    week = sum(daily.get((child.id, as_of - i * DAY), {}).get("new_fever", 0) for i in range(7))
    cum = figures.cum_now[child.id]
    return ChildRow(
        code=child.code,
        name=child.name,
        name_local=child.name_local,
        population=child.population,
        new_fever=today["new_fever"] if today else None,
        new_confirmed=today["new_confirmed"] if today else None,
        new_deaths=today["new_deaths"] if today else None,
        under_treatment=today["under_treatment"] if today else None,
        cum_fever=cum["new_fever"],
        cum_deaths=cum["new_deaths"],
        week_fever=week,
        incidence_per_100k=(week * 100_000 / child.population) if child.population else None,
        reporting_expected=figures.tree.reporting_counts[child.id],
        reporting_received=today["reports"] if today else 0,
        lat=child.lat,
        lon=child.lon,
    )


def child_rows(ctx: BlockContext) -> list[ChildRow]:
    """One row per area directly below the report's area (shared by the map and table)."""

    def read() -> list[ChildRow]:
        figures = report_figures(ctx)
        return [_row(figures, child, ctx.as_of) for child in figures.children]

    return ctx.shared("surveillance.children", read)


@dataclass(frozen=True)
class ChildrenBlock:
    children: list[ChildRow]

    template: ClassVar[str] = "surveillance/blocks/children.html"
    top_level: ClassVar[bool] = True

    def as_json(self) -> dict:
        """Children carry ``has_geometry`` instead of their boundaries (large; the areas API
        serves them)."""
        return {
            "children": [
                {**{f: getattr(c, f) for f in CHILD_FIELDS}, "has_geometry": c.geometry is not None}
                for c in self.children
            ]
        }

    def markdown(self) -> list[str]:
        if not self.children:
            return []
        children = sort_children(self.children, "incidence", "desc")
        rows = [
            [
                f"{c.name} {c.name_local}".strip(),
                c.code,
                c.incidence_per_100k,
                c.new_fever,
                c.week_fever,
                c.new_deaths,
                c.population,
            ]
            for c in children
        ]
        header = [
            _("Area"),
            _("Code"),
            _("per 100,000 (7 days)"),
            str(LABELS["new_fever"]),
            _("Fever cases, 7 days"),
            str(LABELS["new_deaths"]),
            _("Population"),
        ]
        return ["## " + _("Areas below"), "", *table(header, rows, numeric_from=2), ""]


@dataclass(frozen=True)
class MapBlock:
    """The areas below coloured by new fever cases per 100,000 over the last 7 days."""

    areas: list[MapArea]

    template: ClassVar[str] = "surveillance/blocks/map.html"
    top_level: ClassVar[bool] = True

    def charts(self) -> dict[str, dict]:
        legend = MapLegend(
            title=_("New fever cases per 100,000 in the last 7 days"),
            value_title=_("per 100,000"),
        )
        spec = area_map(self.areas, legend)
        return {"map": spec} if spec else {}

    def as_json(self) -> dict:
        return {}  # the figures are the children's; the map is for eyes

    def markdown(self) -> list[str]:
        return []


def children(ctx: BlockContext) -> ChildrenBlock | None:
    """The block provider of the table; none for an area without areas below."""
    rows = child_rows(ctx)
    return ChildrenBlock(rows) if rows else None


def incidence_map(ctx: BlockContext) -> MapBlock | None:
    """The block provider of the map: boundaries when every area below has one."""
    rows = child_rows(ctx)
    if not rows:
        return None
    shapes = dict(
        Area.objects.filter(code__in=[r.code for r in rows], geometry__isnull=False).values_list(
            "code", "geometry"
        )
    )
    areas = [
        MapArea(r.code, r.name, r.name_local, r.incidence_per_100k, r.lat, r.lon) for r in rows
    ]
    if all(r.code in shapes for r in rows):
        areas = [replace(a, geometry=shapes[a.code]) for a in areas]
    return MapBlock(areas)
