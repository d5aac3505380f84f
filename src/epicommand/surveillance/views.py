"""Pages for area officers: today's and recent days' reports, and file upload."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epicommand.clock import today
from epicommand.core import scope
from epicommand.errors import DomainError, ImportRejected, NotFound, ValidationFailed
from epicommand.geo.tree import get_node
from epicommand.surveillance import services
from epicommand.surveillance.enums import Source
from epicommand.surveillance.figures import FIGURE_NAMES, LABELS
from epicommand.surveillance.forms import DailyReportForm, UploadForm
from epicommand.surveillance.models import ReportRevision
from epicommand.surveillance.reporting import ReportingTree

EDITABLE_DAYS = 7  # officers file today's report and correct the last week's


def _recent_days() -> list[dt.date]:
    return [today() - dt.timedelta(days=i) for i in range(EDITABLE_DAYS)]


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Every reporting area in the user's scope, with which recent days have a report."""
    tree = ReportingTree()
    areas = [n for n in tree.nodes if tree.is_reporting(n) and scope.covers(request.user, n)]
    days = _recent_days()
    sent = set(
        ReportRevision.objects.filter(
            area_id__in=[a.id for a in areas], reported_on__in=days, superseded_at__isnull=True
        ).values_list("area_id", "reported_on")
    )
    rows = [(a, [(d, (a.id, d) in sent) for d in days]) for a in areas[:500]]
    return render(request, "surveillance/report_list.html", {"rows": rows, "days": days})


def _figures(area_id: int, day: dt.date) -> dict | None:
    current = ReportRevision.objects.filter(
        area_id=area_id, reported_on=day, superseded_at__isnull=True
    ).first()
    return {n: getattr(current, n) for n in FIGURE_NAMES} if current else None


@login_required
def report_form(request: HttpRequest, code: str, day: str) -> HttpResponse:
    tree = ReportingTree()
    node = get_node(actor=request.user, code=code, tree=tree)
    if not tree.is_reporting(node):
        raise NotFound(_("No such reporting area in your scope."))
    try:
        on = dt.date.fromisoformat(day)
    except ValueError:
        raise NotFound(_("Not a date.")) from None
    if on not in _recent_days():
        raise ValidationFailed(_("Reports can be filed for today and the last week only."))
    current = _figures(node.id, on)
    form = DailyReportForm(request.POST or None, initial=current or {})
    status = 200
    if request.method == "POST" and form.is_valid():
        row = {"area_code": code, "date": on.isoformat(), **form.cleaned_data}
        try:
            services.submit_reports(actor=request.user, rows=[row], source=Source.WEB)
        except DomainError as exc:  # the form again, with the service's reason
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(
                request, _("Report for %(area)s on %(day)s saved.") % {"area": node.name, "day": on}
            )
            return redirect("report_list")
    previous = _figures(node.id, on - dt.timedelta(days=1))
    rows = [
        (form[name], LABELS[name], previous.get(name) if previous else None)
        for name in FIGURE_NAMES
    ]
    context = {
        "area": node,
        "day": on,
        "form": form,
        "rows": rows,
        "is_correction": current is not None,
    }
    return render(request, "surveillance/report_form.html", context, status=status)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        mapping_file = form.cleaned_data.get("mapping")
        try:
            mapping = json.loads(mapping_file.read()) if mapping_file else None
            result = services.import_reports(
                actor=request.user,
                data=upload_file.read(),
                filename=upload_file.name,
                mapping=mapping,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRejected as exc:  # the form again, with every problem of the file
            context["problems"] = exc.problems
            status = exc.status
        except (DomainError, ValueError) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
            status = getattr(exc, "status", ValidationFailed.status)
        else:
            context["result"] = result
    return render(request, "surveillance/upload.html", context, status=status)


@login_required
@require_POST
def acknowledge_alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Acknowledge one alert, then go back to the page the button was on. A refusal (an
    alert out of scope, a role that may not acknowledge) rises to our error page: a button
    has no form to show again."""
    services.acknowledge_alert(actor=request.user, alert_id=alert_id)
    messages.success(request, _("Alert acknowledged."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("home")
    return redirect(target)
