"""Medicine demand from a stored forecast or scenario, through the treatment protocol.

Demand is computed path by path (``analytics.demand.expected_demand``), so its intervals
carry the forecast's uncertainty. A stored run keeps quantiles, not its thousands of paths;
its paths are drawn again from its stored parameters and seed, on its inputs read "as known
at" its ``inputs_known_at`` (checked against its digest): the same paths, exactly.

People under treatment: a scenario models them (its T compartment, hospital care). A forecast
gives new cases only, so a case is counted under treatment on its report day and the
``treatment_days - 1`` days after (rounded to whole days; the days before the forecast come
from the observed series). The protocol's ``share`` then picks the part of cases and
patients a line applies to. For a scenario the run's own area is the sum of its areas, path
by path; for a forecast it is the area's own forecast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from epicommand.analytics.demand import ProtocolLine as CoreLine
from epicommand.analytics.demand import expected_demand
from epicommand.modelling import compute, params, scenarios
from epicommand.modelling.enums import RunKind
from epicommand.modelling.errors import InputsChanged, InvalidParameter, NoProtocol
from epicommand.modelling.models import ModelRun, ProtocolLine
from epicommand.modelling.series import read_series
from epicommand.surveillance.reporting import ReportingTree


def _check_inputs(run: ModelRun, found: str) -> None:
    if found != run.inputs_digest:
        raise InputsChanged(
            f"run {run.pk}: its inputs read as known at {run.inputs_known_at.isoformat()} no "
            "longer match its digest; run it again"
        )


def under_treatment(history: np.ndarray, cases: np.ndarray, days: int) -> np.ndarray:
    """Patients on each day: the cases of that day and the ``days - 1`` before it.
    ``history`` (areas, T) are observed counts before the paths ``cases`` (areas, paths, H)."""
    areas, paths, horizon = cases.shape
    before = np.zeros((areas, paths, days - 1))
    take = min(days - 1, history.shape[1])
    if take:
        before[:, :, -take:] = history[:, None, -take:]
    full = np.concatenate([before, cases], axis=2)
    running = np.cumsum(np.concatenate([np.zeros((areas, paths, 1)), full], axis=2), axis=2)
    return running[:, :, days:] - running[:, :, :-days][:, :, :horizon]


def forecast_paths(actor, run: ModelRun, tree: ReportingTree, days: int, p_demand: dict) -> tuple:
    """Codes, new-case paths and patient paths of a stored forecast's areas."""
    p = params.parse(RunKind.FORECAST, run.parameters)
    if days > p["horizon"]:
        params.refuse([{"field": "days", "reason": f"the forecast runs {p['horizon']} days"}])
    series = read_series(
        actor=actor,
        tree=tree,
        node=tree.by_id[run.area_id],
        as_of=run.as_of,
        p=p,
        known_at=run.inputs_known_at,
        all_areas=p["reporting_areas"],
    )
    _check_inputs(run, series.digest())
    own, others, _ = compute.forecasts(series, p)
    paths = own.paths if others is None else np.concatenate([own.paths, others.paths])
    cases = paths[:, :, :days].astype(float)
    treat = max(1, round(p_demand["treatment_days"]))
    return list(series.codes), cases, under_treatment(series.values, cases, treat)


def scenario_paths(actor, run: ModelRun, tree: ReportingTree, days: int) -> tuple:
    """Codes, new-case paths and patient paths of a stored scenario's first ``days`` days
    (a shorter run with the same seed is the start of the longer one)."""
    p = params.parse(RunKind.SCENARIO, run.parameters)
    if days > p["days"]:
        params.refuse([{"field": "days", "reason": f"the scenario runs {p['days']} days"}])
    node = tree.by_id[run.area_id]
    setup = scenarios.build_setup(
        actor=actor, tree=tree, node=node, as_of=run.as_of, p=p, known_at=run.inputs_known_at
    )
    _check_inputs(run, setup.series.digest())
    result = scenarios.simulate(setup, p, "b", days=days, keep_paths=True)
    cases = result.new_cases_paths.astype(float)
    patients = result.under_treatment_paths.astype(float)
    if len(setup.codes) > 1:
        cases = np.concatenate([cases.sum(axis=0, keepdims=True), cases])
        patients = np.concatenate([patients.sum(axis=0, keepdims=True), patients])
        return [node.code, *setup.codes], cases, patients
    return list(setup.codes), cases, patients


def protocol() -> tuple[list[CoreLine], dict[str, float], list[dict]]:
    """The active protocol lines for the core: each line its own category key, so a line's
    share applies to it alone."""
    lines = list(ProtocolLine.objects.filter(is_active=True).order_by("item_code", "pk"))
    if not lines:
        raise NoProtocol("the treatment protocol table has no active line: add lines in the admin")
    core = [
        CoreLine(
            line.item_code,
            line.units_per_new_case,
            line.units_per_patient_day,
            f"{line.case_category}#{line.pk}",
        )
        for line in lines
    ]
    shares = {f"{line.case_category}#{line.pk}": line.share for line in lines}
    return core, shares, [line.as_audit_dict() for line in lines]


def _nested(values: np.ndarray) -> list:
    return np.round(values, 1).tolist()


def demand_summary(
    *, actor, run: ModelRun, tree: ReportingTree, p: dict[str, Any]
) -> tuple[dict, list[str]]:
    """Units per area, item and day (mean, median, 90 % interval) and over the whole period.
    ``run`` comes from the scoped getter (``selectors.get_run``); its inputs are read again
    as the actor, whose scope must hold its areas."""
    if run.kind not in (RunKind.FORECAST, RunKind.SCENARIO):
        raise InvalidParameter(f"run {run.pk} is a {run.kind}: demand needs a forecast or scenario")
    horizon = run.summary.get("dates", [])
    days = p["days"] or min(len(horizon), params.MAX_HORIZON)
    core, shares, lines = protocol()
    if run.kind == RunKind.FORECAST:
        codes, cases, patients = forecast_paths(actor, run, tree, days, p)
    else:
        codes, cases, patients = scenario_paths(actor, run, tree, days)
    found = expected_demand(cases, patients, core, shares)
    first = dt.date.fromisoformat(horizon[0])
    names = {line["item_code"]: line["item_name"] for line in lines}
    summary = {
        "source": {"id": run.pk, "kind": run.kind},
        "dates": [(first + dt.timedelta(days=d)).isoformat() for d in range(days)],
        "items": [{"code": code, "name": names.get(code, "")} for code in found.items],
        "areas": codes,
        "expected": _nested(found.expected),
        "median": _nested(found.median),
        "lower_90": _nested(found.lower_90),
        "upper_90": _nested(found.upper_90),
        "total": {
            "median": _nested(found.total_median),
            "lower_90": _nested(found.total_lower_90),
            "upper_90": _nested(found.total_upper_90),
        },
        "protocol": lines,
    }
    return summary, []
