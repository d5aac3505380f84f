"""The analytics page of an area: Rt, the forecast with its backtest, the nowcast (line-list
areas), a scenario form that runs and shows the comparison with no intervention, and the
medicine demand. Reads go through the same on-demand helpers as the situation report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epicommand.core import scope
from epicommand.errors import DomainError, NotFound, ValidationFailed
from epicommand.geo import selectors as geo_selectors
from epicommand.geo.tree import get_node
from epicommand.modelling import selectors, services
from epicommand.modelling.blocks import ScenarioBlock, run_meta
from epicommand.modelling.enums import RunKind, Via
from epicommand.modelling.forms import ScenarioForm
from epicommand.modelling.sitrep import current_blocks, nowcast_block
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.selectors import default_as_of
from epicommand.web.blocks import block_items
from epicommand.web.params import parse_day


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The analytics page of the user's top area."""
    roots = geo_selectors.scope_roots(actor=request.user)
    if not roots:
        raise NotFound(_("No area has been assigned to your account yet."))
    return redirect("modelling-area", code=roots[0].code)


def _node(request: HttpRequest, code: str):
    """The area snapshot and the node asked for; out of scope rises as NotFound (404)."""
    tree = ReportingTree()
    return tree, get_node(actor=request.user, code=code, tree=tree)


def _areas(tree: ReportingTree, node) -> list[tuple[str, str]]:
    """Areas one can lock down: those just below, or the area itself at the bottom."""
    below = tree.children(node.path) or [node]
    return [(a.code, f"{a.name} ({a.code})") for a in below]


def _chosen_run(request: HttpRequest, name: str, kind: str, code: str):
    """The run named in the query (``?scenario=ID``), else the area's newest of that kind."""
    run_id = request.GET.get(name, "")
    if run_id.isdigit():
        found = (
            selectors.runs(actor=request.user, area_code=code, kind=kind).filter(pk=run_id).first()
        )
        if found is not None:
            return found
    return selectors.latest_run(actor=request.user, area_code=code, kind=kind)


def _demand_rows(run) -> list[dict]:
    s = run.summary
    return [
        {
            "code": item["code"],
            "name": item["name"],
            "median": s["total"]["median"][0][i],
            "lower": s["total"]["lower_90"][0][i],
            "upper": s["total"]["upper_90"][0][i],
        }
        for i, item in enumerate(s["items"])
    ]


@login_required
def area(request: HttpRequest, code: str) -> HttpResponse:
    """``/modelling/<code>/?as_of=YYYY-MM-DD``: everything above for one area and day."""
    tree, node = _node(request, code)
    try:
        as_of = parse_day(request.GET.get("as_of")) or default_as_of()
    except ValidationFailed as exc:
        return render(request, "web/bad_request.html", {"message": exc.message}, status=400)
    rt, forecast = current_blocks(request.user, tree, node, as_of, None)
    blocks: dict[str, object] = {"rt": rt, "forecast": forecast}
    nowcast = nowcast_block(request.user, tree, node, as_of)
    if nowcast is not None:
        blocks["nowcast"] = nowcast
    scenario = _chosen_run(request, "scenario", RunKind.SCENARIO, code)
    if scenario is not None:
        blocks["scenario"] = ScenarioBlock(run_meta(scenario), scenario.summary)
    demand = _chosen_run(request, "demand", RunKind.DEMAND, code)
    values = {
        "node": node,
        "as_of": as_of,
        "trail": [
            a for a in tree.ancestors_and_self(node.path)[:-1] if scope.covers(request.user, a)
        ],
        "blocks": block_items(blocks, "vega"),
        "form": ScenarioForm(areas=_areas(tree, node)),
        "forecast_run": forecast.run,
        "scenario_run": scenario,
        "demand": demand,
        "demand_rows": _demand_rows(demand) if demand else [],
    }
    return render(request, "modelling/area.html", values)


def _back(code: str, as_of: str, **query: object) -> HttpResponse:
    target = reverse("modelling-area", args=[code]) + "?" + urlencode({"as_of": as_of, **query})
    return redirect(target)


@login_required
@require_POST
def scenario(request: HttpRequest, code: str) -> HttpResponse:
    """Run the form's scenario against no intervention, then show the comparison."""
    tree, node = _node(request, code)
    as_of = request.POST.get("as_of", "")
    form = ScenarioForm(request.POST, areas=_areas(tree, node))
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return _back(code, as_of)
    try:
        run = services.run_scenario(
            actor=request.user,
            area_code=code,
            as_of=parse_day(as_of) or default_as_of(),
            parameters=form.parameters(),
            via=Via.PAGE,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(code, as_of)
    return _back(code, as_of, scenario=run.pk)


@login_required
@require_POST
def demand(request: HttpRequest, code: str) -> HttpResponse:
    """Medicine demand from the forecast or scenario named in the form."""
    _node(request, code)  # 404 outside the scope, before anything else
    as_of = request.POST.get("as_of", "")
    run_id = request.POST.get("run", "")
    try:
        run = services.run_demand(
            actor=request.user, run_id=int(run_id) if run_id.isdigit() else 0, via=Via.PAGE
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(code, as_of)
    return _back(code, as_of, demand=run.pk)
