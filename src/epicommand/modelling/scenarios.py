"""Scenario set-up: today's state of every area, movement between areas, the interventions.

The areas of a scenario are the reporting areas under the run's area (the counties of a
province, or of the country). Everything below is a documented approximation for planning:

**Seeding (steady-state stocks).** People in a stage = the daily flow into it times the mean
days in it (Little's law; Little 1961, Oper Res 9(3):383-7). The flow is the last 7 days'
mean daily cases ``m`` divided by the ascertainment ``a`` (the share of infections reported):
E = m/a x latent days, I = m/a x infectious days, T (under treatment) = m/a x treatment
fraction x treatment days, D = cumulative reported deaths, R = cumulative cases / a - I - T - D,
S = the rest of the population. An area whose own series is refused (a silent county) is
seeded at the run's area's per-capita level and named in the warnings.

**Transmission.** Without a given ``r0`` it is set so that the scenario starts at the Rt
estimated for the run's area (Cori et al. 2013, latest window's median): r0 = Rt x N / S.

**Movement (a gravity model).** Residents of area i make ``travel_share`` of their contacts
elsewhere, split over the other areas j in proportion to P_j / d_ij^2 (population over squared
centroid distance, at least 1 km; Zipf 1946, Am Sociol Rev 11(6):677-86; used for influenza
spread between cities by Viboud et al. 2006, Science 312(5772):447-51). An area without a
centroid sits at the median distance.

**Imports.** ``imported_per_day`` infections a day reach the whole country from abroad, spread
by population; a scenario of one province gets its population's share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from epicommand.analytics.simulate import (
    QUANTILE_LEVELS,
    BorderClosure,
    Lockdown,
    ScenarioResult,
    SeirParams,
    SeirState,
    TreatmentCapacity,
    compare_scenarios,
    simulate_scenario,
)
from epicommand.geo.tree import AreaNode
from epicommand.modelling import compute
from epicommand.modelling.params import refuse
from epicommand.modelling.series import DailySeries, gather
from epicommand.surveillance.reporting import STEP, ReportingTree
from epicommand.surveillance.selectors import cumulative

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius
RECENT_DAYS = 7


@dataclass(frozen=True)
class Setup:
    """Everything ``simulate_scenario`` needs, for the user's scenario (b) and the one it is
    compared with (a; no intervention unless given)."""

    codes: list[str]
    population: np.ndarray
    state: SeirState
    movement: np.ndarray
    params: SeirParams
    imports: np.ndarray
    interventions_b: list
    interventions_a: list
    series: DailySeries
    rt: float | None
    warnings: list[str] = field(default_factory=list)


def _haversine(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between every pair of points."""
    la, lo = np.radians(lat), np.radians(lon)
    dlat = la[:, None] - la[None, :]
    dlon = lo[:, None] - lo[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(la[:, None]) * np.cos(la[None, :]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def gravity_movement(nodes: list[AreaNode], travel_share: float) -> np.ndarray:
    """C[i, j]: the share of i's contacts made in j (see the module's docstring)."""
    n = len(nodes)
    if n < 2:
        return np.zeros((n, n))
    lat = np.array([np.nan if a.lat is None else a.lat for a in nodes], dtype=float)
    lon = np.array([np.nan if a.lon is None else a.lon for a in nodes], dtype=float)
    dist = _haversine(lat, lon)
    known = dist[np.isfinite(dist) & (dist > 0)]
    dist = np.where(np.isfinite(dist), dist, np.median(known) if known.size else 10.0)
    weight = np.array([a.population for a in nodes], dtype=float)[None, :]
    weight = weight / np.maximum(dist, 1.0) ** 2
    np.fill_diagonal(weight, 0.0)
    totals = weight.sum(axis=1, keepdims=True)
    return travel_share * np.divide(weight, totals, out=np.zeros_like(weight), where=totals > 0)


def _seed(
    recent: np.ndarray, cum: np.ndarray, deaths: np.ndarray, pop: np.ndarray, p: dict
) -> SeirState:
    flow = recent / p["ascertainment"]
    exposed = np.rint(flow * p["latent_days"])
    infectious = np.rint(flow * p["infectious_days"])
    treated = np.rint(flow * p["treatment_fraction"] * p["treatment_days"])
    room = pop - exposed - infectious - treated - deaths
    if np.any(room < 0):
        refuse([{"field": "ascertainment", "reason": "implies more infections than people"}])
    recovered = np.clip(np.rint(cum / p["ascertainment"]) - infectious - treated - deaths, 0, room)
    susceptible = room - recovered
    as_int = [a.astype(np.int64) for a in (susceptible, exposed, infectious, recovered, treated)]
    return SeirState(*as_int[:4], under_treatment=as_int[4], deaths=deaths.astype(np.int64))


def _area_indices(
    code: str, node: AreaNode, areas: list[AreaNode], tree: ReportingTree
) -> np.ndarray:
    target = tree.by_code.get(code)
    if target is None or target not in tree.under(node.path):
        refuse([{"field": "lockdowns", "reason": f"no area {code!r} in {node.code}"}])
    inside = {a.id for a in tree.under(target.path)}
    return np.array([i for i, a in enumerate(areas) if a.id in inside], int)


def _lockdowns(specs: list, field_name: str, ctx: tuple) -> list[Lockdown]:
    """Lockdowns from ``{"areas": [codes], "day", "transmission" %, "movement" %, "until"}``."""
    node, areas, tree, days = ctx
    out = []
    for spec in specs:
        if not isinstance(spec, dict) or not spec.get("areas"):
            refuse([{"field": field_name, "reason": "each lockdown needs areas, day, percentages"}])
        try:
            day, until = int(spec.get("day", 0)), spec.get("until")
            trans, move = float(spec.get("transmission", 0)), float(spec.get("movement", 0))
        except (TypeError, ValueError):
            refuse([{"field": field_name, "reason": f"not numbers: {spec!r}"}])
        if not (0 <= day < days) or not (0 <= trans <= 100) or not (0 <= move <= 100):
            refuse(
                [
                    {
                        "field": field_name,
                        "reason": f"day must be in 0..{days - 1} and "
                        f"percentages in 0..100, got {spec!r}",
                    }
                ]
            )
        index = np.concatenate([_area_indices(c, node, areas, tree) for c in spec["areas"]])
        end = None if until is None else int(until)
        out.append(Lockdown(np.unique(index), day, trans / 100, move / 100, end))
    return out


def interventions(p: dict, prefix: str, ctx: tuple, beds: TreatmentCapacity | None) -> list:
    """The interventions of one scenario (``prefix`` "" for b, "compare_" for a); the bed
    limit is a fact of the health system, so both scenarios share it."""
    chosen: list = _lockdowns(p[f"{prefix}lockdowns"], f"{prefix}lockdowns", ctx)
    if p[f"{prefix}border_closure_day"] is not None:
        chosen.append(BorderClosure(p[f"{prefix}border_closure_day"]))
    return chosen + ([beds] if beds is not None else [])


def _disease(p: dict, r0: float) -> SeirParams:
    names = ("latent_days", "infectious_days", "treatment_fraction", "treatment_days")
    return SeirParams(r0=r0, fatality_treated=p["fatality_treated"], **{n: p[n] for n in names})


def _read(actor, tree: ReportingTree, node: AreaNode, as_of: dt.date, p: dict, known_at) -> tuple:
    areas = [a for a in tree.reporting_under(node.path) if a.id != node.id] or [node]
    series = gather(
        actor=actor,
        tree=tree,
        nodes=[node, *areas] if areas != [node] else [node],
        as_of=as_of,
        figure=p["figure"],
        history_days=p["history_days"],
        window=p["window"],
        known_at=known_at,
    )
    sums = cumulative(actor=actor, tree=tree, nodes=areas, end=as_of, known_at=known_at)
    return areas, series, sums


def _recent(series: DailySeries, node: AreaNode, areas: list[AreaNode]) -> tuple:
    """Mean daily cases of the last week per area; a refused area at the run's area's rate."""
    own_rate = series.values[0, -RECENT_DAYS:].mean() / max(node.population, 1)
    rows = {code: i for i, code in enumerate(series.codes)}
    recent = np.array(
        [
            series.values[rows[a.code], -RECENT_DAYS:].mean()
            if a.code in rows
            else own_rate * a.population
            for a in areas
        ]
    )
    warnings = list(series.warnings) + [
        f"{code} seeded at {node.code}'s cases per person: {reason}"
        for code, reason in series.excluded.items()
    ]
    return recent, warnings


def build_setup(
    *,
    actor,
    tree: ReportingTree,
    node: AreaNode,
    as_of: dt.date,
    p: dict[str, Any],
    known_at: dt.datetime | None = None,
) -> Setup:
    """Read the areas' series and totals and set the scenario up (module docstring); the
    areas must lie in the actor's scope."""
    areas, series, sums = _read(actor, tree, node, as_of, p, known_at)
    pop = np.array([a.population for a in areas], dtype=float)
    recent, warnings = _recent(series, node, areas)
    cum = np.array([sums[a.id][p["figure"]] for a in areas], dtype=float)
    deaths = np.array([sums[a.id]["new_deaths"] for a in areas], dtype=float)
    state = _seed(recent, cum, deaths, pop, p)
    rt = None
    if p["r0"] is None:
        rt = compute.estimate(series, p).quantiles.reshape(-1, 7)[-1, 3]
        r0 = float(rt) * pop.sum() / max(float(state.susceptible.sum()), 1.0)
    country = tree.by_path[node.path[:STEP]]
    imports = p["imported_per_day"] * pop / max(country.population, pop.sum(), 1)
    beds = None
    if p["beds_per_100k"] is not None:
        beds = TreatmentCapacity(np.rint(pop * p["beds_per_100k"] / 1e5).astype(np.int64))
    ctx = (node, areas, tree, p["days"])
    return Setup(
        codes=[a.code for a in areas],
        population=pop,
        state=state,
        movement=gravity_movement(areas, p["travel_share"]),
        params=_disease(p, p["r0"] if p["r0"] is not None else r0),
        imports=imports,
        interventions_b=interventions(p, "", ctx, beds),
        interventions_a=interventions(p, "compare_", ctx, beds),
        series=series,
        rt=None if rt is None else round(float(rt), 4),
        warnings=warnings,
    )


#: Per-area quantiles are stored when a scenario has at most this many areas (a province's
#: counties); a national one keeps its national quantiles (199 areas x 180 days would make
#: each stored run megabytes).
MAX_STORED_AREAS = 30
LEVEL_NAMES = ("lower_90", "lower_50", "median", "upper_50", "upper_90")
assert len(LEVEL_NAMES) == len(QUANTILE_LEVELS)
OUTPUTS = ("new_cases", "under_treatment", "deaths")


def simulate(
    setup: Setup,
    p: dict,
    which: str,
    *,
    days: int | None = None,
    keep_paths: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioResult:
    """Scenario ``which`` ("a" or "b") with the run's seed: both share their random numbers
    (common random numbers), so their difference is the interventions' and not chance's."""
    chosen = setup.interventions_b if which == "b" else setup.interventions_a
    return simulate_scenario(
        setup.state,
        setup.movement,
        params=setup.params,
        interventions=chosen,
        imported_per_day=setup.imports,
        days=days or p["days"],
        runs=p["runs"],
        seed=p["seed"],
        keep_paths=keep_paths,
        progress=progress,
    )


def _quantile_dict(values: np.ndarray) -> dict[str, list[float]]:
    """Quantiles (levels first) as named lists."""
    return {name: compute.rounded(values[k]) for k, name in enumerate(LEVEL_NAMES)}


def _totals(runs: np.ndarray) -> dict[str, float]:
    totals = runs.sum(axis=1)
    q = np.quantile(totals, QUANTILE_LEVELS)
    return {name: round(float(q[k]), 1) for k, name in enumerate(LEVEL_NAMES)}


def _scenario_json(result: ScenarioResult, setup: Setup, interventions: dict) -> dict:
    national = {out: _quantile_dict(getattr(result, f"national_{out}")) for out in OUTPUTS}
    areas = None
    if len(setup.codes) <= MAX_STORED_AREAS:
        areas = {
            code: {out: _quantile_dict(getattr(result, out)[:, i]) for out in OUTPUTS[:2]}
            for i, code in enumerate(setup.codes)
        }
    return {
        "interventions": interventions,
        "national": national,
        "total_cases": _totals(result.national_new_cases_runs),
        "total_deaths": _totals(result.national_deaths_runs),
        "areas": areas,
    }


def scenario_summary(
    setup: Setup, p: dict, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Both scenarios' quantiles per day, their totals, and the run-paired comparison."""
    days = p["days"]

    def step(offset: int) -> Callable[[int, int], None] | None:
        return None if progress is None else (lambda d, _n: progress(offset + d, 2 * days))

    a = simulate(setup, p, "a", progress=step(0))
    b = simulate(setup, p, "b", progress=step(days))
    versus = compare_scenarios(a, b)
    as_of = setup.series.dates[-1]
    chosen = {k: p[k] for k in ("lockdowns", "border_closure_day", "beds_per_100k")}
    other = {k[8:]: p[k] for k in ("compare_lockdowns", "compare_border_closure_day")}
    return {
        "area": setup.series.codes[0],
        "areas_modelled": len(setup.codes),
        "dates": [(as_of + dt.timedelta(days=d + 1)).isoformat() for d in range(days)],
        "r0": round(setup.params.r0, 4),
        "rt": setup.rt,
        "seeded": {
            "exposed": int(setup.state.exposed.sum()),
            "infectious": int(setup.state.infectious.sum()),
            "under_treatment": int(setup.state.under_treatment.sum()),
            "recovered": int(setup.state.recovered.sum()),
            "susceptible": int(setup.state.susceptible.sum()),
        },
        "a": _scenario_json(a, setup, other | {"beds_per_100k": p["beds_per_100k"]}),
        "b": _scenario_json(b, setup, chosen),
        "comparison": {
            "median_new_cases_difference": compute.rounded(versus.median_new_cases_difference),
            "median_deaths_difference": compute.rounded(versus.median_deaths_difference),
            "probability_fewer_cases": round(versus.probability_fewer_cases, 4),
            "probability_fewer_deaths": round(versus.probability_fewer_deaths, 4),
        },
    }
