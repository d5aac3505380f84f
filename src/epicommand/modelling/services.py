"""The only writers of model runs and of the treatment protocol.

Each ``run_*`` checks the role (``modelling.add_modelrun``) and the scope (an area outside
it answers 404), parses the parameters (every bad value listed, 422), reads its inputs,
calls the pure core, then stores the run and its audit event in one transaction. The reads
and the computation come before that transaction on purpose: a scenario may compute for
seconds, and SQLite's single writer lock must not be held meanwhile; the inputs are pinned by
``inputs_known_at`` (reading "as known at" it gives them back) and by their digest.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction

from epicommand import clock
from epicommand.audit.services import record_event
from epicommand.core.permissions import require_permission
from epicommand.geo.tree import AreaNode, get_node
from epicommand.modelling import compute, params, scenarios
from epicommand.modelling.enums import RunKind, Via
from epicommand.modelling.models import ModelRun, ProtocolLine
from epicommand.modelling.series import DailySeries, read_series
from epicommand.surveillance.reporting import ReportingTree

Progress = Callable[[int, int], None] | None
RUN = "modelling.add_modelrun"


def check_moments(as_of: dt.date, known_at: dt.datetime | None) -> None:
    """The as-of day and the "as known at" moment may not lie in the future."""
    problems = []
    if as_of > clock.today():
        problems.append({"field": "as_of", "reason": f"{as_of} is after today"})
    if known_at is not None and known_at > clock.now():
        problems.append({"field": "known_at", "reason": "lies in the future"})
    if problems:
        params.refuse(problems)


def _audit_after(run: ModelRun, node: AreaNode, requested_by) -> dict:
    """What the audit event keeps of a run: enough to find and reproduce it."""
    extra = {"requested_by": requested_by.get_username()} if requested_by else {}
    return {
        "kind": run.kind,
        "area": node.code,
        "as_of": run.as_of,
        "inputs_known_at": run.inputs_known_at,
        "parameters": run.parameters,
        "inputs_digest": run.inputs_digest,
        "based_on": run.based_on_id,
        "via": run.requested_via,
        "warnings": len(run.warnings),
        **extra,
    }


def store_run(
    *,
    actor,
    kind: str,
    node: AreaNode,
    as_of: dt.date,
    inputs_known_at: dt.datetime,
    parameters: dict[str, Any],
    inputs_digest: str,
    result: tuple[dict, list[str]],
    via: str,
    started: float,
    based_on: ModelRun | None = None,
    requested_by=None,
) -> ModelRun:
    """Write one run and its audit event, in one transaction."""
    summary, warnings = result
    stored = params.to_json(parameters)
    run = ModelRun(
        kind=kind,
        area_id=node.id,
        as_of=as_of,
        inputs_known_at=inputs_known_at,
        parameters=stored,
        parameters_digest=params.digest(stored),
        inputs_digest=inputs_digest,
        based_on=based_on,
        requested_via=via,
        created_by=actor if actor is not None and actor.pk else None,
        seconds=round(time.perf_counter() - started, 3),
        warnings=warnings,
        summary=summary,
    )
    with transaction.atomic():
        run.created_at = clock.now()
        run.save()
        after = _audit_after(run, node, requested_by)
        record_event(
            actor=actor,
            action=f"modelling.run_{kind}",
            object_type="model_run",
            object_id=run.pk,
            area_path=node.path,
            after=after,
        )
    return run


def _prepare(actor, kind: str, area_code: str, as_of: dt.date, parameters, known_at):
    """Role, moments, parameters and scope, checked in that order."""
    require_permission(actor, RUN)
    check_moments(as_of, known_at)
    parsed = params.parse(kind, parameters)
    tree = ReportingTree()
    return parsed, tree, get_node(actor=actor, code=area_code, tree=tree)


def _series_run(actor, kind, node, as_of, p, series: DailySeries, result, via, started, **kw):
    summary, warnings = result
    return store_run(
        actor=actor,
        kind=kind,
        node=node,
        as_of=as_of,
        inputs_known_at=series.known_at,
        parameters=p,
        inputs_digest=series.digest(),
        result=(summary, series.warnings + warnings),
        via=via,
        started=started,
        **kw,
    )


def run_rt(
    *, actor, area_code: str, as_of: dt.date, parameters=None, known_at=None, via: str = Via.API
) -> ModelRun:
    """Rt of an area per sliding window (Cori et al. 2013, as ``epicommand rt FILE``)."""
    started = time.perf_counter()
    p, tree, node = _prepare(actor, RunKind.RT, area_code, as_of, parameters, known_at)
    series = read_series(actor=actor, tree=tree, node=node, as_of=as_of, p=p, known_at=known_at)
    result = compute.rt_summary(series, p)
    return _series_run(actor, RunKind.RT, node, as_of, p, series, result, via, started)


def run_forecast(
    *, actor, area_code: str, as_of: dt.date, parameters=None, known_at=None, via: str = Via.API
) -> ModelRun:
    """Renewal forecasts 1..horizon days ahead of the area and of every reporting area
    under it (one vectorised call), with the two baselines beside the area's own."""
    started = time.perf_counter()
    p, tree, node = _prepare(actor, RunKind.FORECAST, area_code, as_of, parameters, known_at)
    series = read_series(
        actor=actor,
        tree=tree,
        node=node,
        as_of=as_of,
        p=p,
        known_at=known_at,
        all_areas=p["reporting_areas"],
    )
    result = compute.forecast_summary(series, p)
    return _series_run(actor, RunKind.FORECAST, node, as_of, p, series, result, via, started)


def run_backtest(
    *,
    actor,
    area_code: str,
    as_of: dt.date,
    parameters=None,
    known_at=None,
    via: str = Via.API,
    progress: Progress = None,
) -> ModelRun:
    """Replay the area's history: WIS and coverage of the renewal forecast and both
    baselines, forecasting from past days with only the data up to each."""
    started = time.perf_counter()
    p, tree, node = _prepare(actor, RunKind.BACKTEST, area_code, as_of, parameters, known_at)
    series = read_series(actor=actor, tree=tree, node=node, as_of=as_of, p=p, known_at=known_at)
    result = compute.backtest_summary(series, p, progress)
    return _series_run(actor, RunKind.BACKTEST, node, as_of, p, series, result, via, started)


def run_scenario(
    *,
    actor,
    area_code: str,
    as_of: dt.date,
    parameters=None,
    known_at=None,
    via: str = Via.API,
    progress: Progress = None,
) -> ModelRun:
    """Two stochastic metapopulation scenarios from today's state, the user's interventions
    (b) against the comparison (a: no intervention unless given), with common random numbers."""
    started = time.perf_counter()
    p, tree, node = _prepare(actor, RunKind.SCENARIO, area_code, as_of, parameters, known_at)
    setup = scenarios.build_setup(
        actor=actor, tree=tree, node=node, as_of=as_of, p=p, known_at=known_at
    )
    summary = scenarios.scenario_summary(setup, p, progress)
    result = (summary, setup.warnings)
    return store_run(
        actor=actor,
        kind=RunKind.SCENARIO,
        node=node,
        as_of=as_of,
        inputs_known_at=setup.series.known_at,
        parameters=p,
        inputs_digest=setup.series.digest(),
        result=result,
        via=via,
        started=started,
    )


def run_nowcast(
    *, actor, area_code: str, as_of: dt.date, parameters=None, via: str = Via.API
) -> ModelRun:
    """Cases by onset day corrected for reports still to come, from the area's line list."""
    from epicommand.modelling.linelist import nowcast_inputs, nowcast_summary

    started = time.perf_counter()
    p, tree, node = _prepare(actor, RunKind.NOWCAST, area_code, as_of, parameters, None)
    read_at = clock.now()
    inputs = nowcast_inputs(actor=actor, tree=tree, node=node, as_of=as_of, p=p)
    return store_run(
        actor=actor,
        kind=RunKind.NOWCAST,
        node=node,
        as_of=as_of,
        inputs_known_at=read_at,
        parameters=p,
        inputs_digest=inputs.digest,
        result=nowcast_summary(inputs, p),
        via=via,
        started=started,
    )


def run_demand(*, actor, run_id: int, parameters=None, via: str = Via.API) -> ModelRun:
    """Medicine demand per area, item and day from a stored forecast or scenario and the
    active treatment protocol lines (see ``modelling.demand``)."""
    from epicommand.modelling.demand import demand_summary
    from epicommand.modelling.selectors import get_run

    started = time.perf_counter()
    require_permission(actor, RUN)
    p = params.parse(RunKind.DEMAND, parameters)
    source = get_run(actor=actor, run_id=run_id)
    tree = ReportingTree()
    node = get_node(actor=actor, code=source.area.code, tree=tree)
    result = demand_summary(actor=actor, run=source, tree=tree, p=p)
    p = {**p, "days": len(result[0]["dates"])}  # the days used, when left to the source
    return store_run(
        actor=actor,
        kind=RunKind.DEMAND,
        node=node,
        as_of=source.as_of,
        inputs_known_at=source.inputs_known_at,
        parameters=p,
        inputs_digest=params.digest([source.inputs_digest, result[0]["protocol"]]),
        result=result,
        via=via,
        started=started,
        based_on=source,
    )


def save_protocol_line(*, actor, line_id: int | None = None, **fields) -> ProtocolLine:
    """Create or change one line of the treatment protocol table (admin, demo, API)."""
    from django.core.exceptions import ValidationError

    from epicommand.errors import NotFound

    require_permission(
        actor, "modelling.change_protocolline" if line_id else "modelling.add_protocolline"
    )
    with transaction.atomic():
        if line_id is None:
            line, before = ProtocolLine(), None
        else:
            line = ProtocolLine.objects.select_for_update().filter(pk=line_id).first()
            if line is None:
                raise NotFound(f"no protocol line {line_id}")
            before = line.as_audit_dict()
        for name, value in fields.items():
            setattr(line, name, value)
        try:
            line.full_clean()
        except ValidationError as exc:
            params.refuse(
                [{"field": k, "reason": "; ".join(v)} for k, v in exc.message_dict.items()]
            )
        line.save()
        record_event(
            actor=actor,
            action="modelling.save_protocol_line",
            object_type="protocol_line",
            object_id=line.pk,
            before=before,
            after=line.as_audit_dict(),
        )
    return line
