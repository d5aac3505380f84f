"""Vega-Lite specs (built with Altair) of the situation report's trend chart and map.

Each function takes a ``SituationReport`` and returns a plain dict, the same one the page
hands to vega-embed and the PDF hands to vl-convert. Titles and labels are translated into
the active language when the function runs. Specs carry no generated names: data is inline,
there are no selections (Altair names those ``param_N``), and the same report always gives
the same dict.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from epicommand.reports import shapes
from epicommand.reports.tiles import Point, short_name, tile_layout
from epicommand.surveillance.figures import LABELS
from epicommand.surveillance.situation import ChildRow, SituationReport

TREND_FIGURES = ("new_fever", "new_confirmed")
MEAN_DAYS = 7
FONT = '"Noto Sans CJK KR", "Noto Sans KR", system-ui, sans-serif'
INK = "#1d2733"
NO_DATA = "#d6dbe1"
COLOURS = {"new_fever": ("#f2a38f", "#b3261e"), "new_confirmed": ("#9cb8d8", "#1f4e79")}
TILE = 64  # pixels per tile side
SCHEME = "orangered"


def trailing_mean(values: list[int | None], days: int = MEAN_DAYS) -> list[float | None]:
    """The mean of each day and the ``days - 1`` before it, over the days that have a
    report. None while the window is not yet full (the first days of the series) or when
    no day in it was reported: a mean of fewer days would understate a rising epidemic."""
    means: list[float | None] = []
    for end in range(len(values)):
        window = [v for v in values[max(0, end - days + 1) : end + 1] if v is not None]
        full = end >= days - 1
        means.append(round(sum(window) / len(window), 1) if full and window else None)
    return means


def _spec(chart: alt.TopLevelMixin) -> dict:
    """The finished spec. Altair's JSON-schema check is skipped: it costs about a second per
    report on every page view, and the specs' shape is fixed by this module and checked
    against the Vega-Lite schema in the tests (``tests/reports/test_charts.py``)."""
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)


def _trend_rows(report: SituationReport) -> list[dict]:
    rows = []
    for name in TREND_FIGURES:
        values = report.trend.values.get(name) or [None] * len(report.trend.dates)
        label = str(LABELS[name])
        means = trailing_mean(values)
        for day, value, mean in zip(report.trend.dates, values, means, strict=True):
            rows.append(
                {
                    "figure": label,
                    "date": day.isoformat(),
                    "value": value,
                    "mean7": mean,
                    "as_of": day == report.as_of,
                }
            )
    return rows


def _tick_dates(dates: list[dt.date], as_of: dt.date) -> list[str]:
    """Every seventh day counting back from the as-of day, so the as-of day is labelled."""
    return [d.isoformat() for d in dates if (as_of - d).days % MEAN_DAYS == 0]


def _trend_panel(name: str, rows: list[dict], ticks: list[str]) -> alt.LayerChart:
    """Bars of one figure's daily counts, its 7-day mean as a line, the as-of bar dark."""
    light, dark = COLOURS[name]
    x = alt.X(
        "date:O",
        title=None,
        axis=alt.Axis(values=ticks, labelAngle=0, labelExpr="slice(datum.value, 5)"),
    )
    tooltip = [
        alt.Tooltip("date:N", title=_("Date")),
        alt.Tooltip("value:Q", title=_("Daily count"), format=","),
        alt.Tooltip("mean7:Q", title=_("7-day mean"), format=",.0f"),
    ]
    bars = (
        alt.Chart()
        .mark_bar(color=light)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=None, axis=alt.Axis(format="~s")),
            color=alt.condition("datum.as_of", alt.value(dark), alt.value(light)),
            tooltip=tooltip,
        )
    )
    line = alt.Chart().mark_line(color=INK, strokeWidth=2).encode(x=x, y="mean7:Q")
    label = str(LABELS[name])
    data = alt.Data(values=[r for r in rows if r["figure"] == label])
    return alt.layer(bars, line, data=data).properties(
        title=label, width=560, height=120, name=f"trend-{name}"
    )


def trend_chart(report: SituationReport) -> dict:
    """The last 28 days up to the as-of day: one panel per figure (new fever cases run a
    hundred times the confirmed, so they get their own scales), daily bars, 7-day mean line,
    the as-of day's bar in the dark colour."""
    rows = _trend_rows(report)
    ticks = _tick_dates(report.trend.dates, report.as_of)
    panels = [_trend_panel(name, rows, ticks) for name in TREND_FIGURES]
    chart = alt.vconcat(*panels, spacing=18).properties(
        title=alt.TitleParams(
            _("Last 28 days"),
            subtitle=_("Bars: daily count; line: 7-day mean; dark bar: the report's day"),
            anchor="start",
        ),
    )
    return _spec(chart)


def _display_name(child: ChildRow) -> str:
    """The local name in Korean when there is one, else the name."""
    if (get_language() or "").startswith("ko") and child.name_local:
        return child.name_local
    return child.name


def _incidence_colour(field: str, title: str) -> alt.Color | dict:
    """Incidence on a sequential scale; areas without a figure in grey."""
    return alt.condition(
        f"datum.{field} == null",
        alt.value(NO_DATA),
        alt.Color(f"{field}:Q", scale=alt.Scale(scheme=SCHEME), title=title),
    )


def _map_title() -> alt.TitleParams:
    return alt.TitleParams(
        _("New fever cases per 100,000 in the last 7 days"),
        subtitle=_("Grey: no figure"),
        anchor="start",
    )


def choropleth_chart(report: SituationReport) -> dict:
    """The child areas' boundaries coloured by incidence (Mercator projection)."""
    features = [
        {
            "type": "Feature",
            "geometry": shapes.for_d3(child.geometry or {}),
            "properties": {
                "code": child.code,
                "name": _display_name(child),
                "incidence": _round(child.incidence_per_100k),
            },
        }
        for child in report.children
    ]
    chart = (
        alt.Chart(alt.Data(values=features), name="map")
        .mark_geoshape(stroke="white", strokeWidth=0.8, invalid=None)
        .encode(
            color=_incidence_colour("properties.incidence", _("per 100,000")),
            tooltip=[
                alt.Tooltip("properties.name:N", title=_("Area")),
                alt.Tooltip("properties.incidence:Q", title=_("per 100,000"), format=",.1f"),
            ],
        )
        .project(type="mercator")
        .properties(width=520, height=440, title=_map_title())
    )
    return _spec(chart)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _tile_rows(report: SituationReport) -> list[dict]:
    """One row per child area: its cell, short label, incidence, and whether the tile is
    dark enough to need a white label (above half the highest incidence)."""
    cells = tile_layout([Point(c.code, c.lat, c.lon) for c in report.children])
    top = max((c.incidence_per_100k or 0 for c in report.children), default=0)
    rows = []
    for child in sorted(report.children, key=lambda c: c.code):
        cell = cells[child.code]
        incidence = _round(child.incidence_per_100k)
        rows.append(
            {
                "code": child.code,
                "name": _display_name(child),
                "label": short_name(_display_name(child)),
                "row": cell.row,
                "col": cell.col,
                "incidence": incidence,
                "shown": "–" if incidence is None else f"{incidence:,.0f}",
                "dark": bool(incidence is not None and top and incidence > top / 2),
            }
        )
    return rows


def tile_map_chart(report: SituationReport) -> dict:
    """One square per child area on a grid that keeps the areas' relative places (see
    ``tiles.tile_layout``), coloured by incidence, labelled with a short name and the
    figure (a PDF has no tooltips)."""
    rows = _tile_rows(report)
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
            color=_incidence_colour("incidence", _("per 100,000")),
            tooltip=[
                alt.Tooltip("name:N", title=_("Area")),
                alt.Tooltip("incidence:Q", title=_("per 100,000"), format=",.1f"),
            ],
        )
    )
    label = alt.Chart().mark_text(fontSize=10, dy=-7).encode(x=x, y=y, text="label:N", color=ink)
    figure = alt.Chart().mark_text(fontSize=9, dy=8).encode(x=x, y=y, text="shown:N", color=ink)
    chart = alt.layer(tiles, label, figure, data=alt.Data(values=rows)).properties(
        width=n_cols * TILE, height=n_rows * TILE, title=_map_title(), name="map"
    )
    return _spec(chart)


def map_chart(report: SituationReport) -> dict | None:
    """A choropleth when every child area has a boundary, else the tile map; None when the
    area has no areas below it."""
    if not report.children:
        return None
    if all(child.geometry for child in report.children):
        return choropleth_chart(report)
    return tile_map_chart(report)


def chart_specs(report: SituationReport) -> dict[str, dict]:
    """The report's charts by name (``trend``, and ``map`` when there are child areas)."""
    specs = {"trend": trend_chart(report)}
    area_map = map_chart(report)
    if area_map is not None:
        specs["map"] = area_map
    return specs
