"""Charts as every page and PDF draws them: Vega-Lite specs (built with Altair) drawn in the
browser by the vendored Vega bundles, or to SVG for a PDF by vl-convert, both offline.

Specs carry no generated names (data inline, no selections: Altair names those
``param_N``), so the same data always gives the same dict. ``area_map`` draws any figure
per area: boundaries when every area has one, else one square tile per area.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from epicommand.web import shapes
from epicommand.web.tiles import Point, short_name, tile_layout

FONT = '"Noto Sans CJK KR", "Noto Sans KR", system-ui, sans-serif'
INK = "#1d2733"
NO_DATA = "#d6dbe1"
TILE = 64  # pixels per tile side
SCHEME = "orangered"
# vl-convert bundles several Vega-Lite versions; use the one the specs are written for.
VEGALITE_VERSION = "5.20"
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def finish(chart: alt.TopLevelMixin) -> dict:
    """The finished spec. Altair's JSON-schema check is skipped: it costs about a second per
    report on every page view, and the specs' shape is checked against the Vega-Lite schema
    in the tests."""
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)


def script_json(spec: dict) -> SafeString:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>`` breaks out)."""
    return mark_safe(json.dumps(spec, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def chart_svg(spec: dict) -> str:
    """A Vega-Lite spec drawn as SVG, offline (vl-convert embeds its own Vega runtime)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VEGALITE_VERSION)


def chart_item(name: str, spec: dict, mode: str) -> dict:
    """A chart for ``web/chart.html``: its spec as JSON for charts.js (``mode="vega"``), or
    drawn as SVG (``mode="svg"``, for the PDF)."""
    if mode == "svg":
        return {"name": name, "svg": mark_safe(chart_svg(spec))}
    return {"name": name, "json": script_json(spec)}


@dataclass(frozen=True)
class MapArea:
    """One area on a map: its figure (None: no figure, drawn grey) and where it is."""

    code: str
    name: str
    name_local: str
    value: float | None
    lat: float | None = None
    lon: float | None = None
    geometry: dict | None = None


@dataclass(frozen=True)
class MapLegend:
    title: str  # the map's title: what the colour counts
    value_title: str  # the legend's and tooltip's name of the figure
    subtitle: str = ""
    value_format: str = ",.1f"


def display_name(name: str, name_local: str) -> str:
    """The local name in Korean when there is one, else the name."""
    if (get_language() or "").startswith("ko") and name_local:
        return name_local
    return name


def _colour(field: str, title: str) -> alt.Color | dict:
    return alt.condition(
        f"datum.{field} == null",
        alt.value(NO_DATA),
        alt.Color(f"{field}:Q", scale=alt.Scale(scheme=SCHEME), title=title),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _title(legend: MapLegend) -> alt.TitleParams:
    subtitle = legend.subtitle or _("Grey: no figure")
    return alt.TitleParams(legend.title, subtitle=subtitle, anchor="start")


def choropleth(areas: Sequence[MapArea], legend: MapLegend) -> dict:
    """The areas' boundaries coloured by their figure (Mercator projection)."""
    features = [
        {
            "type": "Feature",
            "geometry": shapes.for_d3(area.geometry or {}),
            "properties": {
                "code": area.code,
                "name": display_name(area.name, area.name_local),
                "value": _rounded(area.value),
            },
        }
        for area in areas
    ]
    chart = (
        alt.Chart(alt.Data(values=features), name="map")
        .mark_geoshape(stroke="white", strokeWidth=0.8, invalid=None)
        .encode(
            color=_colour("properties.value", legend.value_title),
            tooltip=[
                alt.Tooltip("properties.name:N", title=_("Area")),
                alt.Tooltip(
                    "properties.value:Q", title=legend.value_title, format=legend.value_format
                ),
            ],
        )
        .project(type="mercator")
        .properties(width=520, height=440, title=_title(legend))
    )
    return finish(chart)


def _tile_rows(areas: Sequence[MapArea]) -> list[dict]:
    """One row per area: its cell, short label, figure, and whether the tile is dark enough
    to need a white label (above half the highest figure)."""
    cells = tile_layout([Point(a.code, a.lat, a.lon) for a in areas])
    top = max((a.value or 0 for a in areas), default=0)
    rows = []
    for area in sorted(areas, key=lambda a: a.code):
        cell = cells[area.code]
        value = _rounded(area.value)
        name = display_name(area.name, area.name_local)
        rows.append(
            {
                "code": area.code,
                "name": name,
                "label": short_name(name),
                "row": cell.row,
                "col": cell.col,
                "value": value,
                "shown": "–" if value is None else f"{value:,.0f}",
                "dark": bool(value is not None and top and value > top / 2),
            }
        )
    return rows


def tile_map(areas: Sequence[MapArea], legend: MapLegend) -> dict:
    """One square per area on a grid that keeps the areas' relative places (see
    ``tiles.tile_layout``), coloured by the figure and labelled with a short name and the
    figure (a PDF has no tooltips)."""
    rows = _tile_rows(areas)
    n_rows = max((r["row"] for r in rows), default=0) + 1
    n_cols = max((r["col"] for r in rows), default=0) + 1
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(n_cols))))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(n_rows))))
    ink = alt.condition("datum.dark", alt.value("white"), alt.value(INK))
    tiles = (
        alt.Chart()
        .mark_rect(cornerRadius=3, stroke="white", strokeWidth=3, invalid=None)
        .encode(
            x=x,
            y=y,
            color=_colour("value", legend.value_title),
            tooltip=[
                alt.Tooltip("name:N", title=_("Area")),
                alt.Tooltip("value:Q", title=legend.value_title, format=legend.value_format),
            ],
        )
    )
    label = alt.Chart().mark_text(fontSize=10, dy=-7).encode(x=x, y=y, text="label:N", color=ink)
    figure = alt.Chart().mark_text(fontSize=9, dy=8).encode(x=x, y=y, text="shown:N", color=ink)
    chart = alt.layer(tiles, label, figure, data=alt.Data(values=rows)).properties(
        width=n_cols * TILE, height=n_rows * TILE, title=_title(legend), name="map"
    )
    return finish(chart)


def area_map(areas: Sequence[MapArea], legend: MapLegend) -> dict | None:
    """A choropleth when every area has a boundary, else the tile map; None without areas."""
    if not areas:
        return None
    if all(area.geometry for area in areas):
        return choropleth(areas, legend)
    return tile_map(areas, legend)
