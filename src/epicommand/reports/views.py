"""Pages of the situation report: the report of an area, its PDF and Markdown downloads, the
HQ's dashboard, and acknowledging an alert.

Each view parses the request, asks the one selector for the report (scope is checked there:
missing and out of scope answer 404 alike) and hands it to a renderer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from epicommand.errors import ValidationFailed
from epicommand.geo import selectors as geo_selectors
from epicommand.geo.models import SITE_LEVEL
from epicommand.reports import params, selectors
from epicommand.reports import render as renderers
from epicommand.reports.situation import SituationReport


def fetch_report(request: HttpRequest, code: str) -> SituationReport:
    """The report the request asks for; ValidationFailed for bad dates, NotFound (our 404
    page, ``web.middleware``) when the area is missing or outside the user's scope."""
    as_of = params.parse_as_of(request.GET.get("as_of"))
    known_at = params.parse_known_at(request.GET.get("known_at"))
    return selectors.situation_report(
        actor=request.user, area_code=code, as_of=as_of, known_at=known_at
    )


def _bad_request(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return render(request, "web/bad_request.html", {"message": exc.message}, status=400)


def _trail(request: HttpRequest, code: str) -> list:
    """The areas above, within the user's scope, for the breadcrumb (the report was found,
    so the area is in scope)."""
    area = geo_selectors.get_area(actor=request.user, code=code)
    return geo_selectors.breadcrumbs(actor=request.user, area=area)


def _downloads(report: SituationReport) -> dict[str, str]:
    dates = {"as_of": report.as_of.isoformat()}
    if report.known_at is not None:
        dates["known_at"] = report.known_at.isoformat()
    query = "?" + urlencode(dates)
    return {
        "pdf": reverse("sitrep-pdf", args=[report.area_code]) + query,
        "md": reverse("sitrep-md", args=[report.area_code]) + query,
        "json": reverse("api:reports_sitrep", args=[report.area_code]) + query,
        "query": query,
    }


def _page(request: HttpRequest, code: str, *, dashboard: bool = False) -> HttpResponse:
    try:
        report = fetch_report(request, code)
    except ValidationFailed as exc:
        return _bad_request(request, exc)
    body = renderers.render_html(report, request)
    values = {
        "report": report,
        "body": mark_safe(body),
        "downloads": _downloads(report),
        "trail": _trail(request, code),
        "dashboard": dashboard,
    }
    return render(request, "reports/sitrep.html", values)


@login_required
def sitrep(request: HttpRequest, code: str) -> HttpResponse:
    """``/sitrep/<code>/?as_of=YYYY-MM-DD[&known_at=ISO][&sort=...&dir=...]``."""
    return _page(request, code)


def home_url(user) -> str | None:
    """The landing page the reports app offers (``AppContract.home``): HQ, who sees the
    whole country, the national dashboard; a user with one area their area's report."""
    if geo_selectors.is_national(actor=user):
        return reverse("dashboard")
    roots = [a for a in geo_selectors.scope_roots(actor=user) if a.level != SITE_LEVEL]
    if len(roots) == 1:
        return reverse("sitrep", args=[roots[0].code])
    return None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The morning page: the report of the user's top area (the country for HQ) today."""
    roots = geo_selectors.scope_roots(actor=request.user)
    if not roots:
        return render(request, "web/home.html", {"roots": []})
    return _page(request, roots[0].code, dashboard=True)


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def sitrep_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF in the page's language."""
    try:
        report = fetch_report(request, code)
    except ValidationFailed as exc:
        return _bad_request(request, exc)
    language = translation.get_language() or "en"
    pdf = renderers.render_pdf(report, language)
    return _download(pdf, "application/pdf", f"sitrep-{report.area_code}-{report.as_of}.pdf")


@login_required
def sitrep_markdown(request: HttpRequest, code: str) -> HttpResponse:
    try:
        report = fetch_report(request, code)
    except ValidationFailed as exc:
        return _bad_request(request, exc)
    text = renderers.render_markdown(report)
    name = f"sitrep-{report.area_code}-{report.as_of}.md"
    return _download(text, "text/markdown; charset=utf-8", name)
