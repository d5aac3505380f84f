"""The last 28 days of the report's area: one panel per figure (new fever cases run a
hundred times the confirmed, so they get their own scales), daily bars, a 7-day mean line,
the as-of day's bar dark."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import altair as alt
from django.utils.translation import gettext as _

from epicommand.core.blocks import BlockContext
from epicommand.surveillance.blocks.figures import TREND_DAYS, days_back, report_figures
from epicommand.surveillance.blocks.headline import DAILY
from epicommand.surveillance.blocks.markdown import table
from epicommand.surveillance.figures import LABELS
from epicommand.surveillance.situation import Series
from epicommand.web.charts import INK, finish

TREND_FIGURES = ("new_fever", "new_confirmed")
MEAN_DAYS = 7
COLOURS = {"new_fever": ("#f2a38f", "#b3261e"), "new_confirmed": ("#9cb8d8", "#1f4e79")}


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


def _rows(series: Series, as_of: dt.date) -> list[dict]:
    rows = []
    for name in TREND_FIGURES:
        values = series.values.get(name) or [None] * len(series.dates)
        label = str(LABELS[name])
        for day, value, mean in zip(series.dates, values, trailing_mean(values), strict=True):
            rows.append(
                {
                    "figure": label,
                    "date": day.isoformat(),
                    "value": value,
                    "mean7": mean,
                    "as_of": day == as_of,
                }
            )
    return rows


def _tick_dates(dates: list[dt.date], as_of: dt.date) -> list[str]:
    """Every seventh day counting back from the as-of day, so the as-of day is labelled."""
    return [d.isoformat() for d in dates if (as_of - d).days % MEAN_DAYS == 0]


def _panel(name: str, rows: list[dict], ticks: list[str]) -> alt.LayerChart:
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


def trend_chart(series: Series, as_of: dt.date) -> dict:
    rows = _rows(series, as_of)
    ticks = _tick_dates(series.dates, as_of)
    panels = [_panel(name, rows, ticks) for name in TREND_FIGURES]
    chart = alt.vconcat(*panels, spacing=18).properties(
        title=alt.TitleParams(
            _("Last 28 days"),
            subtitle=_("Bars: daily count; line: 7-day mean; dark bar: the report's day"),
            anchor="start",
        ),
    )
    return finish(chart)


@dataclass(frozen=True)
class TrendBlock:
    series: Series  # the last 28 days up to as_of
    as_of: dt.date

    template: ClassVar[str] = "surveillance/blocks/trend.html"
    top_level: ClassVar[bool] = True

    def charts(self) -> dict[str, dict]:
        return {"trend": trend_chart(self.series, self.as_of)}

    def as_json(self) -> dict:
        s = self.series
        return {
            "trend": {
                "dates": [d.isoformat() for d in s.dates],
                "values": {name: list(values) for name, values in s.values.items()},
                "mean7": {n: trailing_mean(s.values.get(n) or []) for n in TREND_FIGURES},
            }
        }

    def markdown(self) -> list[str]:
        dates = self.series.dates
        fever = self.series.values.get("new_fever") or [None] * len(dates)
        confirmed = self.series.values.get("new_confirmed") or [None] * len(dates)
        rows = [
            [d.isoformat(), f, None if m is None else round(m), c]
            for d, f, m, c in zip(dates, fever, trailing_mean(fever), confirmed, strict=True)
        ]
        header = [
            _("Date"),
            str(LABELS["new_fever"]),
            _("7-day mean"),
            str(LABELS["new_confirmed"]),
        ]
        return ["## " + _("Last 28 days"), "", *table(header, rows), ""]


def trend(ctx: BlockContext) -> TrendBlock:
    """The block provider."""
    figures = report_figures(ctx)
    days = days_back(ctx.as_of, TREND_DAYS)
    node_id, daily = figures.node.id, figures.daily
    values = {
        name: [daily[(node_id, d)][name] if (node_id, d) in daily else None for d in days]
        for name in DAILY
    }
    return TrendBlock(Series(dates=days, values=values), ctx.as_of)
