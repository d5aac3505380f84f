"""The modelling blocks of every situation report: Rt, the forecast with its backtest, and
the latest scenario comparison of the area.

**Stored on demand, reused by inputs.** The report reads its area's daily series (one query)
and looks for stored Rt, backtest and forecast runs of the same area and as-of day whose
inputs digest matches that series: if the data has not changed since, they are shown as
stored (whoever made them: an analyst's run shows with its own parameters). What is missing
is computed with the default parameters and stored, by the system on the viewer's behalf
(the audit event names them as ``requested_by``), so the next view is a lookup and every
number shown can be traced to a run. A correction of any report under the area changes the
series, so the next view computes afresh. The forecast is computed, and shown, only when a
backtest is possible: without its score beside it a forecast is not shown.

Looking back "as known at" a moment, the series is the one known then; a stored run counts if
it existed then or is one the report itself computed (see ``selectors.find_current``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from epicommand import clock
from epicommand.core.blocks import BlockContext
from epicommand.errors import DomainError
from epicommand.geo.tree import AreaNode
from epicommand.modelling import compute, params, selectors
from epicommand.modelling.blocks import (
    ForecastBlock,
    NowcastBlock,
    RtBlock,
    ScenarioBlock,
    run_meta,
)
from epicommand.modelling.enums import RunKind, Via
from epicommand.modelling.models import ModelRun
from epicommand.modelling.series import DailySeries, read_series
from epicommand.modelling.services import store_run
from epicommand.surveillance.blocks.figures import reporting_tree
from epicommand.surveillance.reporting import ReportingTree

#: Parameters of the runs the report makes on demand: the defaults, and for the forecast
#: only the report's own area (its reporting areas are an analyst's run).
DEFAULTS = {
    RunKind.RT: {},
    RunKind.BACKTEST: {},
    RunKind.FORECAST: {"reporting_areas": False},
}
COMPUTE: dict[str, Callable] = {
    RunKind.RT: compute.rt_summary,
    RunKind.BACKTEST: compute.backtest_summary,
    RunKind.FORECAST: compute.forecast_summary,
}


def ensure_run(
    kind: str, node: AreaNode, as_of: dt.date, series: DailySeries, known_at, requested_by
) -> ModelRun:
    """The stored run of these inputs, or a new one with the default parameters."""
    found = selectors.find_current(
        actor=requested_by,
        node=node,
        kind=kind,
        as_of=as_of,
        inputs_digest=series.digest(),
        known_at=known_at,
    )
    if found is not None:
        return found
    started = time.perf_counter()
    p = params.parse(kind, DEFAULTS[kind])
    summary, warnings = COMPUTE[kind](series, p)
    return store_run(
        actor=None,
        kind=kind,
        node=node,
        as_of=as_of,
        inputs_known_at=series.known_at,
        parameters=p,
        inputs_digest=series.digest(),
        result=(summary, series.warnings + warnings),
        via=Via.SITREP,
        started=started,
        requested_by=requested_by if getattr(requested_by, "pk", None) else None,
    )


def current_blocks(
    actor, tree: ReportingTree, node: AreaNode, as_of: dt.date, known_at: dt.datetime | None
) -> tuple[RtBlock, ForecastBlock]:
    """Rt and the forecast of an area for a day, stored or made now (module docstring)."""
    try:
        p = params.parse(RunKind.RT, {})
        series = read_series(actor=actor, tree=tree, node=node, as_of=as_of, p=p, known_at=known_at)
        rt = ensure_run(RunKind.RT, node, as_of, series, known_at, actor)
    except DomainError as exc:
        return RtBlock(reason=exc.message), ForecastBlock(reason=exc.message)
    rt_block = RtBlock(run_meta(rt), rt.summary)
    try:
        backtest = ensure_run(RunKind.BACKTEST, node, as_of, series, known_at, actor)
    except DomainError as exc:
        return rt_block, ForecastBlock(reason=exc.message, without_backtest=True)
    try:
        forecast = ensure_run(RunKind.FORECAST, node, as_of, series, known_at, actor)
    except DomainError as exc:
        return rt_block, ForecastBlock(reason=exc.message)
    return rt_block, ForecastBlock(
        run_meta(forecast), forecast.summary, run_meta(backtest), backtest.summary
    )


def _current(ctx: BlockContext) -> tuple[RtBlock, ForecastBlock]:
    def compute() -> tuple[RtBlock, ForecastBlock]:
        tree = reporting_tree(ctx)
        node = tree.by_id[ctx.area.id]
        return current_blocks(ctx.actor, tree, node, ctx.as_of, ctx.known_at)

    return ctx.shared("modelling.current", compute)


def rt_block(ctx: BlockContext) -> RtBlock:
    """The block provider of Rt (stored or made now, see the module docstring)."""
    return _current(ctx)[0]


def forecast_block(ctx: BlockContext) -> ForecastBlock:
    """The block provider of the forecast, shown only beside its backtest."""
    return _current(ctx)[1]


def scenario_block(ctx: BlockContext) -> ScenarioBlock | None:
    """The block provider of the area's latest scenario comparison, if any."""
    scenario = selectors.latest_scenario(
        actor=ctx.actor, node=ctx.area, as_of=ctx.as_of, known_at=ctx.known_at
    )
    if scenario is None:
        return None
    return ScenarioBlock(run_meta(scenario), scenario.summary)


def nowcast_block(
    actor, tree: ReportingTree, node: AreaNode, as_of: dt.date
) -> NowcastBlock | None:
    """The nowcast of a line-list area, stored or made now like Rt; None without a line list."""
    from epicommand.modelling.linelist import keeps_line_list, nowcast_inputs, nowcast_summary

    if not keeps_line_list(tree, node):
        return None
    p = params.parse(RunKind.NOWCAST, {})
    try:
        inputs = nowcast_inputs(actor=actor, tree=tree, node=node, as_of=as_of, p=p)
        run = selectors.find_current(
            actor=actor,
            node=node,
            kind=RunKind.NOWCAST,
            as_of=as_of,
            inputs_digest=inputs.digest,
            known_at=None,
        )
        if run is None:
            started = time.perf_counter()
            run = store_run(
                actor=None,
                kind=RunKind.NOWCAST,
                node=node,
                as_of=as_of,
                inputs_known_at=clock.now(),
                parameters=p,
                inputs_digest=inputs.digest,
                result=nowcast_summary(inputs, p),
                via=Via.SITREP,
                started=started,
                requested_by=actor if getattr(actor, "pk", None) else None,
            )
    except DomainError as exc:
        return NowcastBlock(reason=exc.message)
    return NowcastBlock(run_meta(run), run.summary)
