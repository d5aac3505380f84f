"""``/api/modelling/``: start runs (synchronous: the sizes are small), read them back, the
latest Rt or forecast of an area, a scenario's comparison, and medicine demand as rows.

Bad parameters answer 422 with each field and its reason; an area or run outside your
scope answers 404; a role that may not run models answers 403.
"""

from django.http import HttpRequest
from ninja import Router, Status

from epicommand.errors import NotFound
from epicommand.modelling import selectors, services
from epicommand.modelling.enums import RunKind
from epicommand.modelling.schemas import (
    BacktestIn,
    DemandIn,
    DemandOut,
    ForecastIn,
    NowcastIn,
    ProtocolLineOut,
    RtIn,
    RunBriefOut,
    RunIn,
    RunOut,
    ScenarioIn,
)
from epicommand.surveillance.selectors import default_as_of

router = Router(tags=["modelling"])
_COMMON = {"area", "as_of", "known_at"}


def _start(service, request: HttpRequest, body: RunIn):
    parameters = body.dict(exclude=_COMMON, exclude_none=True)
    run = service(
        actor=request.user,
        area_code=body.area,
        as_of=body.as_of or default_as_of(),
        parameters=parameters,
        known_at=body.known_at,
    )
    return Status(201, run)


@router.post("/runs/rt", response={201: RunOut})
def start_rt(request: HttpRequest, body: RtIn):
    """Rt per sliding window (Cori et al. 2013), as of a day, optionally as known at a time."""
    return _start(services.run_rt, request, body)


@router.post("/runs/forecast", response={201: RunOut})
def start_forecast(request: HttpRequest, body: ForecastIn):
    """Renewal forecasts 1..28 days ahead of the area and of its reporting areas."""
    return _start(services.run_forecast, request, body)


@router.post("/runs/backtest", response={201: RunOut})
def start_backtest(request: HttpRequest, body: BacktestIn):
    """WIS and 50 %/90 % coverage of the renewal forecast and both baselines."""
    return _start(services.run_backtest, request, body)


@router.post("/runs/scenario", response={201: RunOut})
def start_scenario(request: HttpRequest, body: ScenarioIn):
    """Your interventions against no intervention (or ``compare_*``), run-paired."""
    return _start(services.run_scenario, request, body)


@router.post("/runs/nowcast", response={201: RunOut})
def start_nowcast(request: HttpRequest, body: NowcastIn):
    """Cases by onset day corrected for reports still to come (line-list areas)."""
    parameters = body.dict(exclude={"area", "as_of"}, exclude_none=True)
    run = services.run_nowcast(
        actor=request.user,
        area_code=body.area,
        as_of=body.as_of or default_as_of(),
        parameters=parameters,
    )
    return Status(201, run)


@router.post("/runs/demand", response={201: RunOut})
def start_demand(request: HttpRequest, body: DemandIn):
    """Medicine demand per area, item and day from a stored forecast or scenario."""
    parameters = body.dict(exclude={"run"}, exclude_none=True)
    run = services.run_demand(actor=request.user, run_id=body.run, parameters=parameters)
    return Status(201, run)


@router.get("/runs", response=list[RunBriefOut])
def list_runs(request: HttpRequest, area: str = "", kind: str = ""):
    """Runs in your scope, newest first (at most 200)."""
    return selectors.runs(actor=request.user, area_code=area or None, kind=kind or None)[:200]


@router.get("/runs/{run_id}", response=RunOut)
def get_run(request: HttpRequest, run_id: int):
    return selectors.get_run(actor=request.user, run_id=run_id)


def _latest(request: HttpRequest, code: str, kind: str):
    run = selectors.latest_run(actor=request.user, area_code=code, kind=kind)
    if run is None:
        raise NotFound(f"no {kind} run for {code!r} in your scope")
    return run


@router.get("/areas/{code}/rt", response=RunOut)
def latest_rt(request: HttpRequest, code: str):
    """The area's newest stored Rt run."""
    return _latest(request, code, RunKind.RT)


@router.get("/areas/{code}/forecast", response=RunOut)
def latest_forecast(request: HttpRequest, code: str):
    """The area's newest stored forecast."""
    return _latest(request, code, RunKind.FORECAST)


@router.get("/runs/{run_id}/comparison", response=dict)
def comparison(request: HttpRequest, run_id: int):
    """A scenario run's two scenarios side by side: totals, national quantiles per day, and
    the run-paired chance that the interventions give fewer cases and deaths."""
    run = selectors.get_run(actor=request.user, run_id=run_id)
    if run.kind != RunKind.SCENARIO:
        raise NotFound(f"run {run_id} is not a scenario")
    s = run.summary
    keys = ("area", "dates", "r0", "rt", "areas_modelled", "seeded", "comparison")
    return {"run": run.pk, **{k: s[k] for k in keys}, "a": s["a"], "b": s["b"]}


@router.get("/demand", response=DemandOut)
def demand(request: HttpRequest, area: str = "", run: int | None = None):
    """Demand per area, item and day (mean, median, 90 % interval) as rows: a given demand
    run, or the newest one of ``area``."""
    found = selectors.get_run(actor=request.user, run_id=run) if run else None
    if found is None and area:
        found = selectors.latest_run(actor=request.user, area_code=area, kind=RunKind.DEMAND)
    if found is None or found.kind != RunKind.DEMAND:
        raise NotFound("no demand run matches in your scope")
    return {"run": found, "rows": selectors.demand_rows(found)}


@router.get("/protocol-lines", response=list[ProtocolLineOut])
def protocol_lines(request: HttpRequest):
    """The treatment protocol table (item, units per new case and per patient-day)."""
    return selectors.protocol_lines()
