"""Pages of treatment centres: an area's beds and occupancy, a centre, filing its census."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from epicommand.care import rules, selectors, services
from epicommand.care.charts import occupancy_chart
from epicommand.care.enums import Source
from epicommand.care.forms import LABELS, CensusForm, UploadForm
from epicommand.care.services.census import CensusRejected
from epicommand.care.services.lookups import reaches
from epicommand.care.views.common import day_of
from epicommand.clock import today
from epicommand.errors import DomainError, ImportRejected
from epicommand.geo.tree import AreaTree
from epicommand.web.charts import chart_item

EDITABLE_DAYS = 7  # centres file today's census and correct the last week's


def recent_days() -> list[dt.date]:
    return [today() - dt.timedelta(days=i) for i in range(EDITABLE_DAYS)]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Beds and occupancy of an area (the user's own by default) and the areas below."""
    tree = AreaTree()
    found = selectors.occupancy(
        request.user, area=request.GET.get("area") or None, day=day_of(request)
    )
    node = tree.by_code[found.area.code]
    context = {
        "node": node,
        "occupancy": found,
        "centres": found.centres[:300] if len(found.children) == 0 else [],
        "trail": [a for a in tree.ancestors_and_self(node.path)[:-1]],
    }
    return render(request, "care/home.html", context)


@login_required
def centre(request: HttpRequest, code: str) -> HttpResponse:
    """A centre: beds, command line, its census of the last four weeks and its chart."""
    item = selectors.get_centre(request.user, code)
    history = selectors.census_history(request.user, item, days=28)
    day = history[-1].reported_on if history else selectors.default_day()
    [today_item] = selectors.centre_days([item], day)
    chart = occupancy_chart(item, history)
    can_file = request.user.has_perm("care.file_census") and reaches(request.user, item)
    filed = {r.reported_on for r in history}
    context = {
        "centre": item,
        "day": today_item,
        "history": list(reversed(history)),
        "chart": chart_item("occupancy", chart, "vega") if chart else None,
        "commands": list(item.commands.select_related("site__area")),
        "file_days": [(d, d in filed) for d in recent_days()] if can_file else [],
    }
    return render(request, "care/centre.html", context)


def _figures(centre, day: dt.date) -> dict | None:
    current = selectors.current_census(centre, day)
    return {f: getattr(current, f) for f in rules.FIGURES} if current else None


@login_required
def census_form(request: HttpRequest, code: str, day: str) -> HttpResponse:
    """File or correct a centre's census for a day of the last week, the day before beside."""
    item = selectors.get_centre(request.user, code)
    try:
        on = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("Not a date.")) from None
    if on not in recent_days():
        raise Http404(_("A census can be filed for today and the last week only."))
    current = _figures(item, on)
    form = CensusForm(request.POST or None, initial=current or {})
    if request.method == "POST" and form.is_valid():
        row = {"centre_code": code, "date": on.isoformat(), **form.cleaned_data}
        try:
            result = services.submit_census(actor=request.user, rows=[row], source=Source.WEB)
        except CensusRejected as exc:
            for problem in exc.problems:
                form.add_error(
                    problem.column if problem.column in form.fields else None, problem.reason
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            for warning in result.warnings:
                messages.warning(request, warning.reason)
            messages.success(
                request,
                _("Census of %(centre)s for %(day)s saved.") % {"centre": item.name, "day": on},
            )
            return redirect("care:centre", code=code)
    previous = _figures(item, on - dt.timedelta(days=1))
    rows = [(form[f], LABELS[f], previous.get(f) if previous else None) for f in rules.FIGURES]
    context = {
        "centre": item,
        "day": on,
        "form": form,
        "rows": rows,
        "is_correction": current is not None,
        "yesterday_patients": rules.patients(previous) if previous else None,
    }
    return render(request, "care/census_form.html", context)


@login_required
def census_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = services.import_census(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRejected as exc:
            context["problems"] = exc.problems
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "care/census_upload.html", context)
