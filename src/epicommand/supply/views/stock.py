"""Supply pages: stock status of an area, sites and their stock and ledger, exports.

Each view parses the request, calls one selector or service, and renders; a refusal of
the service comes back as a message on the same page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epicommand.errors import DomainError
from epicommand.geo import selectors as geo_selectors
from epicommand.geo.models import SITE_LEVEL
from epicommand.supply import exporters, selectors, services
from epicommand.supply.enums import SiteKind
from epicommand.supply.services.stock import DISPENSING_SITES


def home_url(user) -> str | None:
    """The landing page the supply app offers (``AppContract.home``): an operator whose
    scope is one supply site lands on that site's page, of several sites on the site list."""
    roots = geo_selectors.scope_roots(actor=user)
    if not roots or any(a.level != SITE_LEVEL for a in roots):
        return None
    if len(roots) == 1:
        return reverse("supply:site", args=[roots[0].code])
    return reverse("supply:sites")


def _int(value: str | None, default: int, low: int = 0, high: int = 3650) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _status(request: HttpRequest):
    return selectors.stock_status(
        actor=request.user,
        area=request.GET.get("area") or None,
        as_of=_date(request.GET.get("as_of")),
        expiring_within_days=_int(request.GET.get("expiring"), 30),
    )


@login_required
def stock_status(request: HttpRequest) -> HttpResponse:
    """Stock status of an area subtree (default: the user's own area), with the areas
    below to drill into."""
    status = _status(request)
    area = geo_selectors.get_area(actor=request.user, code=status.area_code)
    context = {
        "stock_status": status,
        "area": area,
        "children": list(geo_selectors.child_areas(actor=request.user, area=area)),
        "breadcrumbs": geo_selectors.breadcrumbs(actor=request.user, area=area),
        "query": request.GET.urlencode(),
    }
    return render(request, "supply/status.html", context)


@login_required
def export_status(request: HttpRequest, fmt: str) -> HttpResponse:
    status = _status(request)
    name = f"stock-status-{status.area_code}-{status.as_of.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            exporters.export_xlsx(status),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(exporters.export_csv(status), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("area")
    area = geo_selectors.get_area(actor=request.user, code=code) if code else None
    sites = selectors.sites_in_scope(
        actor=request.user,
        area=area,
        kind=request.GET.get("kind") or None,
        q=request.GET.get("q"),
    )
    page = Paginator(sites, 100).get_page(request.GET.get("page"))
    context = {"page": page, "area": area, "kinds": SiteKind.choices, "query": request.GET}
    return render(request, "supply/site_list.html", context)


@login_required
def site_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A site: its facts, its stock by item and lot, its latest ledger entries."""
    site = selectors.get_site(actor=request.user, code=code)
    context = {
        "site": site,
        "stock": selectors.site_stock(actor=request.user, site=site),
        "ledger": selectors.site_ledger(actor=request.user, site=site, limit=50),
        "shipments": selectors.shipments_in_scope(actor=request.user, site=site.area.code)[:20],
        "can_dispense": site.kind in DISPENSING_SITES
        and request.user.has_perm("supply.move_stock"),
        "can_request": site.supplier_id and request.user.has_perm("supply.request_stock"),
        "items": selectors.items(actor=request.user),
    }
    return render(request, "supply/site_detail.html", context)


def _lines_from_post(request: HttpRequest, prefix: str = "") -> list[services.StockLine]:
    """Lines of a form: item_N and quantity_N fields, empty quantities left out."""
    lines = []
    for key, value in request.POST.items():
        if key.startswith(f"{prefix}quantity_") and value.strip():
            index = key.removeprefix(f"{prefix}quantity_")
            item = request.POST.get(f"{prefix}item_{index}", "")
            try:
                quantity = int(value)
            except ValueError:
                raise DomainError(_("%(value)s is not a whole number") % {"value": value}) from None
            lines.append(services.StockLine(item, quantity))
    return lines


@login_required
@require_POST
def record_dispensing(request: HttpRequest, code: str) -> HttpResponse:
    try:
        entries = services.record_dispensing(
            actor=request.user,
            site_code=code,
            lines=_lines_from_post(request),
            dispensed_on=_date(request.POST.get("day")),
        )
        messages.success(
            request, _("Dispensing recorded: %(n)d ledger entries.") % {"n": len(entries)}
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supply:site", code=code)


@login_required
@require_POST
def submit_requisition(request: HttpRequest, code: str) -> HttpResponse:
    lines = []
    try:
        for line in _lines_from_post(request):
            lines.append(services.RequestLine(line.item, line.quantity))
        requisition = services.submit_requisition(
            actor=request.user, site_code=code, lines=lines, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supply:site", code=code)
    messages.success(request, _("Requisition sent to the supplier."))
    return redirect("supply:requisition", requisition_id=requisition.pk)
