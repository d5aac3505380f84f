"""The situation report as HTML (the page's body, reused by the PDF) and as PDF.

``render_html`` is a function of the report and the active language; a request only adds
what a browser needs (sort links, links to the areas' reports, the acknowledge buttons).
``render_pdf`` renders the same body with the charts as SVG (vl-convert, offline) and prints
it with WeasyPrint. Markdown and JSON live in ``reports.text`` and are re-exported here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from epicommand.reports import charts, context
from epicommand.reports.text import render_markdown, report_json
from epicommand.surveillance.situation import ChildRow, SituationReport

__all__ = [
    "block_items",
    "chart_item",
    "chart_svg",
    "render_document",
    "render_html",
    "render_markdown",
    "render_pdf",
    "report_json",
]

# vl-convert bundles several Vega-Lite versions; use the one the specs are written for.
VEGALITE_VERSION = "5.20"
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool
    sort: str | None = None
    url: str | None = None
    sorted: bool = False
    arrow: str = ""
    aria_sort: str = ""


def script_json(spec: dict) -> SafeString:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>`` breaks out)."""
    return mark_safe(json.dumps(spec, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def chart_svg(spec: dict) -> str:
    """A Vega-Lite spec drawn as SVG, offline (vl-convert embeds its own Vega runtime)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VEGALITE_VERSION)


def chart_item(name: str, spec: dict, mode: str) -> dict:
    """A chart for ``reports/chart.html``: its spec as JSON for charts.js, or drawn as SVG."""
    if mode == "svg":
        return {"name": name, "svg": mark_safe(chart_svg(spec))}
    return {"name": name, "json": script_json(spec)}


def _charts(report: SituationReport, mode: str) -> dict[str, dict]:
    return {name: chart_item(name, spec, mode) for name, spec in charts.chart_specs(report).items()}


def block_items(blocks: dict[str, object], mode: str) -> list[dict]:
    """Blocks (``SituationReport.blocks``), each with its template and its charts drawn like
    the report's own. A block renders through ``template`` (given ``block`` and
    ``block_charts``) and ``charts()``; one without a template is left to the JSON."""
    items = []
    for name, block in blocks.items():
        template = getattr(block, "template", None)
        if template is None:
            continue
        specs = block.charts() if hasattr(block, "charts") else {}
        drawn = {key: chart_item(key, spec, mode) for key, spec in specs.items()}
        items.append({"name": name, "template": template, "block": block, "charts": drawn})
    return items


def _query(request: HttpRequest | None, **changes: str) -> str:
    """The current query string with ``changes`` applied (keeps as_of and known_at)."""
    params = request.GET.copy() if request is not None else {}
    for key, value in changes.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()))


def _columns(request: HttpRequest | None, sort: str, direction: str) -> list[Column]:
    """Table headers; the sortable ones link to the same page sorted by them (descending
    first, A to Z for names; clicking the sorted column again flips it)."""
    spec = [
        (_("Area"), False, "name"),
        (_("per 100,000 (7 days)"), True, "incidence"),
        (_("New fever cases"), True, "cases"),
        (_("Fever cases, 7 days"), True, None),
        (_("New deaths"), True, None),
        (_("Under treatment"), True, None),
        (_("Population"), True, "population"),
        (_("Reports received"), True, None),
    ]
    columns = []
    for label, numeric, key in spec:
        is_sorted = key == sort
        url = None
        if request is not None and key is not None:
            first = "asc" if key == "name" else "desc"
            flip = {"asc": "desc", "desc": "asc"}[direction] if is_sorted else first
            url = request.path + _query(request, sort=key, dir=flip)
        arrow = ("▲" if direction == "asc" else "▼") if is_sorted else ""
        aria = ("ascending" if direction == "asc" else "descending") if is_sorted else ""
        columns.append(Column(str(label), numeric, key, url, is_sorted, arrow, aria))
    return columns


def _child_row(child: ChildRow, report: SituationReport, linked: bool) -> dict:
    url = None
    if linked:
        url = reverse("sitrep", args=[child.code]) + "?" + urlencode(_dates(report))
    return {
        "code": child.code,
        "url": url,
        "name": child.name,
        "name_local": child.name_local,
        "incidence": context.number(child.incidence_per_100k),
        "new_fever": context.number(child.new_fever),
        "week_fever": context.number(child.week_fever),
        "new_deaths": context.number(child.new_deaths),
        "under_treatment": context.number(child.under_treatment),
        "population": context.number(child.population),
        "reporting": f"{child.reporting_received:,} / {child.reporting_expected:,}",
    }


def _dates(report: SituationReport) -> dict[str, str]:
    dates = {"as_of": report.as_of.isoformat()}
    if report.known_at is not None:
        dates["known_at"] = report.known_at.isoformat()
    return dates


def body_context(
    report: SituationReport,
    request: HttpRequest | None = None,
    *,
    sort: str | None = None,
    direction: str | None = None,
    chart_mode: str = "vega",
) -> dict:
    """Everything ``reports/body.html`` shows, in the active language."""
    sort, direction = context.parse_sort(sort, direction)
    interactive = request is not None
    children = context.sort_children(report.children, sort, direction)
    return {
        "report": report,
        "cards": context.headline_cards(report),
        "case_fatality": context.percent(report.case_fatality, 3),
        "charts": _charts(report, chart_mode),
        "blocks": block_items(report.blocks, chart_mode),
        "columns": _columns(request, sort, direction),
        "children": [_child_row(c, report, interactive) for c in children],
        "completeness": report.completeness,
        "completeness_rate": context.percent(report.completeness.rate),
        "alerts": report.alerts,
        "interactive": interactive,
        "next_url": request.get_full_path() if interactive else "",
    }


def render_html(
    report: SituationReport,
    request: HttpRequest | None = None,
    *,
    sort: str | None = None,
    direction: str | None = None,
    chart_mode: str = "vega",
) -> str:
    """The report's body as HTML in the active language. ``chart_mode="vega"`` leaves the
    charts as Vega-Lite specs for ``charts.js``; ``"svg"`` draws them (for the PDF)."""
    values = body_context(report, request, sort=sort, direction=direction, chart_mode=chart_mode)
    return render_to_string("reports/body.html", values, request=request)


def render_document(report: SituationReport, language: str = "en") -> str:
    """A standalone HTML document of the report in ``language``: the body with the charts
    drawn as SVG and the print stylesheet inline, so it opens offline anywhere. The PDF is
    this document printed."""
    with translation.override(language):
        body = render_html(report, chart_mode="svg")
        values = {"report": report, "body": mark_safe(body), "language": language}
        return render_to_string("reports/pdf.html", values)


def render_pdf(report: SituationReport, language: str = "en") -> bytes:
    """An A4 PDF of the report in ``language``: a running header (area, as-of day, when it
    was generated, and "as known at" for a look back), page numbers in the footer, and a
    CJK font stack so Korean names print as Hangul."""
    from weasyprint import HTML

    return HTML(string=render_document(report, language)).write_pdf()
