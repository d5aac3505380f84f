"""The situation report as Markdown (for messages and wikis) and as JSON (the API's body).

JSON keys are a promise to machine clients: headline figures under their stable names
(``situation.HEADLINE_KEYS``), each as ``{"value", "day_before", "week_before",
"change_day", "change_week"}``; dates and times in ISO 8601; a figure nobody reported is
``null``, never 0. Markdown is written in the active language and names the same keys.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from epicommand.reports import context
from epicommand.reports.charts import TREND_FIGURES, trailing_mean
from epicommand.surveillance.figures import LABELS
from epicommand.surveillance.situation import HEADLINE_KEYS, Headline, SituationReport

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


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def headline_json(figure: Headline | None) -> dict:
    figure = figure or Headline(None, None, None)
    return {
        "value": figure.value,
        "day_before": figure.day_before,
        "week_before": figure.week_before,
        "change_day": figure.change_day,
        "change_week": figure.change_week,
    }


def _completeness_json(report: SituationReport) -> dict:
    c = report.completeness
    return {
        "on": _iso(c.on),
        "expected": c.expected,
        "on_time": c.on_time,
        "late": c.late,
        "missing": c.missing,
        "received": c.received,
        "rate": c.rate,
        "silent": [
            {
                "code": s.code,
                "name": s.name,
                "name_local": s.name_local,
                "last_report_on": _iso(s.last_report_on),
            }
            for s in c.silent
        ],
    }


def _alert_json(alert) -> dict:
    return {
        "id": alert.id,
        "rule": alert.rule,
        "area_code": alert.area_code,
        "area_name": alert.area_name,
        "on": _iso(alert.on),
        "message": alert.message,
        "severity": alert.severity,
        "acknowledged": alert.acknowledged,
    }


def report_json(report: SituationReport) -> dict:
    """The report as JSON-ready data. Children carry ``has_geometry`` instead of their
    boundaries (large; the areas API serves them)."""
    trend = report.trend
    return {
        "area": {
            "code": report.area_code,
            "name": report.area_name,
            "name_local": report.area_name_local,
            "level": report.level,
            "population": report.population,
        },
        "as_of": _iso(report.as_of),
        "known_at": _iso(report.known_at),
        "generated_at": _iso(report.generated_at),
        "headline": {key: headline_json(report.headline.get(key)) for key in HEADLINE_KEYS},
        "case_fatality": report.case_fatality,
        "trend": {
            "dates": [_iso(d) for d in trend.dates],
            "values": {name: list(values) for name, values in trend.values.items()},
            "mean7": {n: trailing_mean(trend.values.get(n) or []) for n in TREND_FIGURES},
        },
        "children": [
            {**{f: getattr(c, f) for f in CHILD_FIELDS}, "has_geometry": c.geometry is not None}
            for c in report.children
        ],
        "completeness": _completeness_json(report),
        "alerts": [_alert_json(a) for a in report.alerts],
        "blocks": {
            name: block.as_json()
            for name, block in report.blocks.items()
            if hasattr(block, "as_json")
        },
    }


def _local(moment: dt.datetime) -> str:
    """A timestamp in the country's time zone, to the minute, with its offset."""
    return timezone.localtime(moment).isoformat(timespec="minutes")


def _cell(value: object) -> str:
    """A Markdown table cell: pipes escaped, None as a dash."""
    text = context.number(value) if isinstance(value, int | float) or value is None else value
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]], numeric_from: int = 1) -> list[str]:
    aligns = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _md_head(report: SituationReport) -> list[str]:
    title = _("Situation report")
    local = f" ({report.area_name_local})" if report.area_name_local else ""
    meta = [
        _("as of %(day)s") % {"day": report.as_of.isoformat()},
        _("generated %(at)s") % {"at": _local(report.generated_at)},
    ]
    if report.known_at is not None:
        meta.append(_("as known at %(at)s") % {"at": _local(report.known_at)})
    return [f"# {title}: {report.area_name}{local}", "", "_" + " · ".join(meta) + "_", ""]


def _arrowed(change: context.Change) -> str:
    return f"{change.arrow} {change.signed}".strip()


def _md_headline(report: SituationReport) -> list[str]:
    rows = [
        [f"{c.label} (`{c.key}`)", c.value, _arrowed(c.day), _arrowed(c.week)]
        for c in context.headline_cards(report)
    ]
    header = [_("Figure"), _("Value"), _("on the day before"), _("on 7 days before")]
    fatality = context.percent(report.case_fatality, 3)
    return [
        "## " + _("Headline figures"),
        "",
        *_table(header, rows),
        "",
        f"{_('Case fatality')} (`case_fatality`): {fatality}",
        "",
    ]


def _md_trend(report: SituationReport) -> list[str]:
    fever = report.trend.values.get("new_fever") or [None] * len(report.trend.dates)
    confirmed = report.trend.values.get("new_confirmed") or [None] * len(report.trend.dates)
    means = trailing_mean(fever)
    rows = [
        [d.isoformat(), f, None if m is None else round(m), c]
        for d, f, m, c in zip(report.trend.dates, fever, means, confirmed, strict=True)
    ]
    header = [_("Date"), str(LABELS["new_fever"]), _("7-day mean"), str(LABELS["new_confirmed"])]
    return ["## " + _("Last 28 days"), "", *_table(header, rows), ""]


def _md_children(report: SituationReport) -> list[str]:
    if not report.children:
        return []
    children = context.sort_children(report.children, "incidence", "desc")
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
    return ["## " + _("Areas below"), "", *_table(header, rows, numeric_from=2), ""]


def _md_completeness(report: SituationReport) -> list[str]:
    c = report.completeness
    line = _(
        "%(received)s of %(expected)s reports received (%(rate)s): %(on_time)s on time, "
        "%(late)s late, %(missing)s missing."
    ) % {
        "received": c.received,
        "expected": c.expected,
        "rate": context.percent(c.rate),
        "on_time": c.on_time,
        "late": c.late,
        "missing": c.missing,
    }
    lines = ["## " + _("Reporting completeness"), "", line, ""]
    for s in c.silent:
        last = s.last_report_on.isoformat() if s.last_report_on else _("no report yet")
        lines.append(f"- {s.name} {s.name_local} ({s.code}): {last}".replace("  ", " "))
    return [*lines, ""] if c.silent else lines


def _md_alerts(report: SituationReport) -> list[str]:
    lines = ["## " + _("Alerts"), ""]
    for a in report.alerts:
        state = f" ({_('acknowledged')})" if a.acknowledged else ""
        lines.append(f"- **{a.area_name}** ({a.area_code}, {a.on.isoformat()}): {a.message}{state}")
    if not report.alerts:
        lines.append(_("No active alerts."))
    return lines


def _md_blocks(report: SituationReport) -> list[str]:
    """The attached blocks (``report.blocks``) that write themselves as Markdown."""
    return [
        line
        for block in report.blocks.values()
        if hasattr(block, "markdown")
        for line in block.markdown()
    ]


def render_markdown(report: SituationReport) -> str:
    """The whole report as Markdown in the active language, ending with a newline."""
    parts = [
        _md_head,
        _md_headline,
        _md_trend,
        _md_blocks,
        _md_children,
        _md_completeness,
        _md_alerts,
    ]
    lines = [line for part in parts for line in part(report)]
    return "\n".join(lines).rstrip("\n") + "\n"
