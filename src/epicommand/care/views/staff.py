"""Pages of the roster, a person, deployments and staff health."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epicommand.care import selectors, services
from epicommand.care.enums import DeploymentState, Qualification, StaffStatus
from epicommand.care.forms import UploadForm
from epicommand.care.services.deployments import NEXT
from epicommand.care.views.common import area_of, day_of, number
from epicommand.core.permissions import has_permission
from epicommand.errors import DomainError, ImportRejected
from epicommand.geo.tree import AreaTree
from epicommand.web.params import parse_day

PAGE = 100


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Where everyone of an area is on a day, by qualification and status."""
    tree = AreaTree()
    code = request.GET.get("area")
    node = area_of(request, tree) if code else None
    day = day_of(request, "day")
    page = number(request.GET.get("page"), 1)
    lines, count = selectors.roster(
        request.user,
        area=node,
        day=day,
        qualification=request.GET.get("qualification") or None,
        status=request.GET.get("status") or None,
        q=request.GET.get("q") or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    health = has_permission(request.user, "care.view_staff_health")
    statuses = [
        (v, label)
        for v, label in StaffStatus.choices
        if health or v not in selectors.staff.HEALTH_STATUSES
    ]
    context = {
        "lines": lines,
        "count": count,
        "day": day,
        "node": node,
        "page": page,
        "pages": max(1, -(-count // PAGE)),
        "qualifications": Qualification.choices,
        "statuses": statuses,
        "query": request.GET,
    }
    return render(request, "care/roster.html", context)


@login_required
def person(request: HttpRequest, staff_number: str) -> HttpResponse:
    found = selectors.get_person(request.user, staff_number)
    day = parse_day(request.GET.get("day"), "day")
    context = {
        "person": found,
        "line": selectors.person_line(request.user, found, day),
        "deployments": list(selectors.deployments(request.user, staff=staff_number)),
        "health": selectors.person_health(request.user, staff_number)
        if has_permission(request.user, "care.view_staff_health")
        else None,
    }
    return render(request, "care/person.html", context)


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = services.import_roster(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRejected as exc:
            context["problems"] = exc.problems
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "care/roster_import.html", context)


@login_required
def deployment_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    found = selectors.deployments(request.user, state=state)
    context = {
        "deployments": found[:300],
        "count": found.count(),
        "states": DeploymentState.choices,
        "state": state,
    }
    return render(request, "care/deployment_list.html", context)


@login_required
def deployment_detail(request: HttpRequest, deployment_id: int) -> HttpResponse:
    found = selectors.get_deployment(request.user, deployment_id)
    nexts = NEXT.get(found.state, ())
    context = {
        "deployment": found,
        "staff": selectors.deployment_staff(found),
        "events": list(found.events.all()),
        "next_states": [(s, DeploymentState(s).label) for s in nexts]
        if request.user.has_perm("care.update_deployment")
        else [],
    }
    return render(request, "care/deployment_detail.html", context)


@login_required
@require_POST
def deployment_step(request: HttpRequest, deployment_id: int) -> HttpResponse:
    try:
        services.advance_deployment(
            actor=request.user,
            deployment_id=deployment_id,
            state=request.POST.get("state", ""),
            on=parse_day(request.POST.get("on"), "on"),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deployment updated."))
    return redirect("care:deployment", deployment_id=deployment_id)


@login_required
def health(request: HttpRequest) -> HttpResponse:
    """Staff by status, infections per 1,000 staff, staff-days lost and the balance of the
    centres of an area on a day."""
    tree = AreaTree()
    node = area_of(request, tree)
    found = selectors.staffing(request.user, area=node, tree=tree, day=day_of(request))
    context = {"node": node, "staffing": found, "alerts": found.alerts}
    return render(request, "care/health.html", context)
