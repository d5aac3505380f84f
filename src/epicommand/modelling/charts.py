"""Vega-Lite specs (Altair) of the modelling results: Rt with its interval band, the forecast
fan chart, the scenario comparison and the nowcast.

Each function takes a stored run's summary and returns a plain dict: the page hands it to
vega-embed (``charts.js``), the PDF to vl-convert. Labels are translated when the function
runs; data is inline and there are no selections, so one summary always gives one spec.
"""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _

from epicommand.surveillance.figures import LABELS
from epicommand.web.charts import FONT, INK

#: Weeks of Rt shown before the as-of day.
RT_WEEKS = 8
BAND = "#9cb8d8"
BAND_DARK = "#5b86b8"
LINE = "#1f4e79"
SCENARIO_COLOURS = ("#7a8594", "#b3261e")  # comparison (a), the user's scenario (b)


def _spec(chart: alt.TopLevelMixin, rows: dict[str, list[dict]]) -> dict:
    """The finished spec (Altair's schema check skipped, as in ``reports.charts``; the tests
    check every spec against the Vega-Lite schema). Charts name their data
    (``alt.Data(name=...)``) and the rows go in afterwards: Altair converts inline rows value
    by value, which made a scenario chart cost half a second per page view."""
    spec = chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)
    _inline(spec, rows)
    return spec


def _inline(node: object, rows: dict[str, list[dict]]) -> None:
    """Replace each ``{"name": N}`` data reference by ``{"values": rows[N]}``, in place."""
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and set(data) == {"name"} and data["name"] in rows:
            node["data"] = {"values": rows[data["name"]]}
        for value in node.values():
            _inline(value, rows)
    elif isinstance(node, list):
        for value in node:
            _inline(value, rows)


def _x(title: str | None = None) -> alt.X:
    return alt.X("date:T", title=title, axis=alt.Axis(format="%m-%d", labelAngle=0))


def _band(low: str, high: str, colour: str, opacity: float = 1.0) -> alt.Chart:
    return (
        alt.Chart()
        .mark_area(color=colour, opacity=opacity)
        .encode(x=_x(), y=alt.Y(f"{low}:Q"), y2=alt.Y2(high))
    )


def rt_chart(summary: dict) -> dict:
    """Median Rt of each 7-day window (by its last day) over the last weeks, with the 50 % and
    95 % credible intervals as bands and a dashed line at R = 1."""
    windows = summary["windows"][-RT_WEEKS * 7 :]
    rows = {"rt": [{**w, "date": w["end"]} for w in windows]}
    tooltip = [
        alt.Tooltip("date:T", title=_("Window ends"), format="%Y-%m-%d"),
        alt.Tooltip("median:Q", title=_("Median"), format=".2f"),
        alt.Tooltip("lower_95:Q", title=_("2.5 %"), format=".2f"),
        alt.Tooltip("upper_95:Q", title=_("97.5 %"), format=".2f"),
    ]
    line = (
        alt.Chart()
        .mark_line(color=LINE, strokeWidth=2, point=True)
        .encode(x=_x(), y=alt.Y("median:Q", title="Rt"), tooltip=tooltip)
    )
    one = alt.Chart().mark_rule(color=INK, strokeDash=[4, 4]).encode(y=alt.datum(1))
    chart = alt.layer(
        _band("lower_95", "upper_95", BAND, 0.5),
        _band("lower_50", "upper_50", BAND_DARK, 0.5),
        line,
        one,
        data=alt.Data(name="rt"),
    ).properties(
        width=560,
        height=180,
        name="rt",
        title=alt.TitleParams(
            _("Reproduction number Rt"),
            subtitle=_(
                "Median, 50 % and 95 % intervals of each window, by its last day; dashed: R = 1"
            ),
            anchor="start",
        ),
    )
    return _spec(chart, rows)


def _observed_points(label: str) -> alt.Chart:
    return (
        alt.Chart(alt.Data(name="observed"))
        .mark_circle(color=INK, size=22)
        .encode(
            x=_x(),
            y=alt.Y("value:Q", title=label, axis=alt.Axis(format="~s")),
            tooltip=[
                alt.Tooltip("date:T", title=_("Date"), format="%Y-%m-%d"),
                alt.Tooltip("value:Q", title=_("Reported"), format=","),
            ],
        )
    )


def _forecast_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("date:T", title=_("Date"), format="%Y-%m-%d"),
        alt.Tooltip("median:Q", title=_("Median"), format=",.0f"),
        alt.Tooltip("lower_90:Q", title=_("5 %"), format=",.0f"),
        alt.Tooltip("upper_90:Q", title=_("95 %"), format=",.0f"),
    ]


def fan_chart(forecast: dict) -> dict:
    """Reported daily counts (dots), then the forecast's median (line) with its 50 % and 90 %
    intervals (bands)."""
    own, observed = forecast["own"], forecast["observed"]
    rows = {
        "forecast": [
            {"date": day, **{k: own[k][i] for k in own}} for i, day in enumerate(forecast["dates"])
        ],
        "observed": [
            {"date": d, "value": v}
            for d, v in zip(observed["dates"], observed["values"], strict=True)
        ],
    }
    label = str(LABELS.get(forecast["figure"], forecast["figure"]))
    median = (
        alt.Chart()
        .mark_line(color=LINE, strokeWidth=2)
        .encode(x=_x(), y="median:Q", tooltip=_forecast_tooltip())
    )
    fan = alt.layer(
        _band("lower_90", "upper_90", BAND, 0.45),
        _band("lower_50", "upper_50", BAND_DARK, 0.55),
        median,
        data=alt.Data(name="forecast"),
    )
    chart = alt.layer(_observed_points(label), fan).properties(
        width=560,
        height=200,
        name="forecast",
        title=alt.TitleParams(
            _("Forecast: %(figure)s") % {"figure": label},
            subtitle=_("Dots: reported; line: median; bands: 50 % and 90 % intervals"),
            anchor="start",
        ),
    )
    return _spec(chart, rows)


def _scenario_rows(summary: dict, output: str, names: dict[str, str]) -> list[dict]:
    rows = []
    for key in ("a", "b"):
        bands = summary[key]["national"][output]
        for i, day in enumerate(summary["dates"]):
            rows.append(
                {"date": day, "scenario": names[key], **{k: v[i] for k, v in bands.items()}}
            )
    return rows


def scenario_names(summary: dict) -> dict[str, str]:
    """Display names of the two scenarios: the comparison is "no intervention" unless it has
    interventions of its own."""
    a = summary["a"]["interventions"]
    plain = not a.get("lockdowns") and a.get("border_closure_day") is None
    return {"a": _("No intervention") if plain else _("Comparison"), "b": _("With interventions")}


def _scenario_panel(output: str, title: str, names: dict) -> alt.LayerChart:
    colour = alt.Color(
        "scenario:N",
        scale=alt.Scale(domain=[names["a"], names["b"]], range=list(SCENARIO_COLOURS)),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    band = (
        alt.Chart()
        .mark_area(opacity=0.25)
        .encode(
            x=_x(),
            y=alt.Y("lower_90:Q", title=None, axis=alt.Axis(format="~s")),
            y2=alt.Y2("upper_90"),
            color=colour,
        )
    )
    line = alt.Chart().mark_line(strokeWidth=2).encode(x=_x(), y="median:Q", color=colour)
    return alt.layer(band, line, data=alt.Data(name=output)).properties(
        width=230, height=160, title=title, name=f"scenario-{output}"
    )


def scenario_chart(summary: dict) -> dict:
    """The two scenarios side by side for new cases, people under treatment and deaths per
    day (national sums): median lines and 90 % bands."""
    names = scenario_names(summary)
    titles = {
        "new_cases": _("New cases"),
        "under_treatment": _("Under treatment"),
        "deaths": _("Deaths"),
    }
    panels = [_scenario_panel(output, title, names) for output, title in titles.items()]
    rows = {output: _scenario_rows(summary, output, names) for output in titles}
    chart = alt.hconcat(*panels, spacing=16).properties(
        title=alt.TitleParams(
            _("Scenario comparison"),
            subtitle=_("Median and 90 % interval over the runs, per day"),
            anchor="start",
        )
    )
    return _spec(chart, rows)


def nowcast_chart(summary: dict) -> dict:
    """Cases by onset day reported so far (bars) and the nowcast of their eventual number
    (median line, 90 % band)."""
    keys = ("observed", "median", "lower_90", "upper_90")
    rows = {
        "nowcast": [
            {"date": day, **{k: summary[k][i] for k in keys}}
            for i, day in enumerate(summary["dates"])
        ]
    }
    bars = (
        alt.Chart()
        .mark_bar(color="#d6dbe1")
        .encode(x=_x(), y=alt.Y("observed:Q", title=_("Cases by onset day")))
    )
    median = alt.Chart().mark_line(color=LINE, strokeWidth=2).encode(x=_x(), y="median:Q")
    chart = alt.layer(
        bars, _band("lower_90", "upper_90", BAND, 0.45), median, data=alt.Data(name="nowcast")
    ).properties(
        width=560,
        height=180,
        name="nowcast",
        title=alt.TitleParams(
            _("Nowcast by onset day"),
            subtitle=_("Bars: reported so far; line and band: expected eventual count (90 %)"),
            anchor="start",
        ),
    )
    return _spec(chart, rows)
