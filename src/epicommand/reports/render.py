"""The situation report as HTML (the page's body, reused by the PDF) and as PDF.

``render_html`` is a function of the report and the active language; a request only adds
what a browser needs (sort links, links to the areas' reports, the acknowledge buttons),
which the blocks' templates read from it. ``render_pdf`` renders the same body with the
charts drawn as SVG (vl-convert, offline) and prints it with WeasyPrint. Markdown and JSON
live in ``reports.text``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from epicommand.reports.situation import SituationReport
from epicommand.reports.text import render_markdown, report_json
from epicommand.web.blocks import block_items

__all__ = ["render_document", "render_html", "render_markdown", "render_pdf", "report_json"]


def render_html(
    report: SituationReport, request: HttpRequest | None = None, *, chart_mode: str = "vega"
) -> str:
    """The report's body as HTML in the active language. ``chart_mode="vega"`` leaves the
    charts as Vega-Lite specs for ``charts.js``; ``"svg"`` draws them (for the PDF)."""
    values = {"report": report, "blocks": block_items(report.blocks, chart_mode)}
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
