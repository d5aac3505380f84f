"""Stochastic metapopulation SEIR scenarios with lockdowns, border closures and bed limits.

Discrete-time (daily) chain-binomial model (Keeling & Rohani 2008, *Modeling Infectious
Diseases in Humans and Animals*, Princeton UP, ch. 6): every transition of a day is a binomial
draw from the state at the start of the day. Compartments per area: S, E, I, T (needs treatment),
R, D, so S + E + I + T + R + D is the area's population on every day of every run. Areas mix
through a movement matrix in the "contacts in places" form (Keeling & Rohani 2008 §7.1;
Sattenspiel & Dietz 1995, Math Biosci 128:71-91). Capacity effects follow covasim (Kerr et al.
2021, PLoS Comput Biol 17(7):e1009149): people needing treatment beyond the beds die more often.
State arrays are shaped (runs, areas); the only Python loop is over days. Dwell times are
geometric with the stated means (p = 1 / mean days), so R0 and the final size match the
continuous SEIR model with the same means. Draws are exact for small counts and normal for
large ones (see ``sampling.binomial``); memory stays small because only per-day
quantiles and national per-run series are kept, unless ``keep_paths`` asks for the paths.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from epicommand.analytics.sampling import binomial
from epicommand.errors import ValidationFailed

#: Quantile levels reported for every output (the usual 90 % and 50 % bands and the median).
QUANTILE_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)

#: Runs are split into this many blocks, each with its own random stream spawned from the seed,
#: stepped on parallel threads (numpy releases the GIL in array work). The split, not the
#: number of threads, fixes the result, so a seed gives the same numbers on any machine.
RUN_BLOCKS = 4


def _fraction(value: float, what: str) -> None:
    if not (np.isfinite(value) and 0 <= value <= 1):
        raise ValidationFailed(f"{what} must be in [0, 1], got {value}")


def _window(start: int, end: int | None, what: str) -> None:
    if start < 0 or (end is not None and end < start):
        raise ValidationFailed(f"{what} needs start_day >= 0 and end_day >= start_day")


@dataclass(frozen=True)
class SeirParams:
    """Disease parameters: planning defaults for an Omicron-like respiratory virus, to be
    replaced by the national team's estimates (they are defaults, not estimates)."""

    #: Reproduction number with everyone in S susceptible. Liu & Rocklov 2022, J Travel Med
    #: 29(3):taac037: mean effective R of Omicron 3.4 (prior immunity belongs in R).
    r0: float = 3.4
    #: Mean days infected, not yet infectious; the Omicron incubation period, 3.42 days
    #: (Wu Y et al. 2022, JAMA Netw Open 5(8):e2228008, pooled estimate).
    latent_days: float = 3.4
    #: Mean days infectious: infectious-virus shedding lasts about 5 days (Hakki et al. 2022,
    #: Lancet Respir Med 10(11):1061-73).
    infectious_days: float = 5.0
    #: Share of infections needing hospital treatment; planning default of the order seen for
    #: Omicron in partly immune populations (Nyberg et al. 2022, Lancet 399:1303-12, hospital
    #: risk about 0.4 times Delta's).
    treatment_fraction: float = 0.01
    #: Mean days under treatment: 4.0 days for Omicron admissions (Abdullah et al. 2022, Int J
    #: Infect Dis 116:38-42).
    treatment_days: float = 4.0
    #: Death risk of a treated patient: 4.5 % in-hospital mortality (Abdullah et al. 2022).
    fatality_treated: float = 0.045
    #: Multiplier on the death risk without a bed: covasim's ``no_icu_factor`` = 2 (Kerr 2021).
    untreated_fatality_factor: float = 2.0

    def __post_init__(self) -> None:
        for name in ("latent_days", "infectious_days", "treatment_days"):
            if not getattr(self, name) >= 1:  # also refuses NaN
                raise ValidationFailed(f"{name} must be >= 1 day (daily steps)")
        _fraction(self.treatment_fraction, "treatment_fraction")
        _fraction(self.fatality_treated, "fatality_treated")
        if not (0 <= self.r0 < np.inf and 1 <= self.untreated_fatality_factor < np.inf):
            raise ValidationFailed("r0 must be finite >= 0 and untreated_fatality_factor >= 1")


@dataclass(frozen=True)
class SeirState:
    """Current counts per area (1-D arrays of the same length); missing ones are zero."""

    susceptible: np.ndarray
    exposed: np.ndarray
    infectious: np.ndarray
    recovered: np.ndarray
    under_treatment: np.ndarray | None = None
    deaths: np.ndarray | None = None


@dataclass(frozen=True)
class Lockdown:
    """From ``start_day`` (inclusive) to ``end_day`` (exclusive; None: to the end), contacts made
    in ``areas`` transmit ``transmission_reduction`` less, and travel from or to them is cut by
    ``movement_reduction`` (the cut contacts are made at home instead)."""

    areas: np.ndarray
    start_day: int
    transmission_reduction: float
    movement_reduction: float = 0.0
    end_day: int | None = None

    def __post_init__(self) -> None:
        _window(self.start_day, self.end_day, "Lockdown")
        _fraction(self.transmission_reduction, "transmission_reduction")
        _fraction(self.movement_reduction, "movement_reduction")


@dataclass(frozen=True)
class BorderClosure:
    """From ``start_day`` the imported infections per day are cut by ``import_reduction``."""

    start_day: int
    import_reduction: float = 1.0
    end_day: int | None = None

    def __post_init__(self) -> None:
        _window(self.start_day, self.end_day, "BorderClosure")
        _fraction(self.import_reduction, "import_reduction")


@dataclass(frozen=True)
class TreatmentCapacity:
    """Beds per area; patients beyond them are untreated and die more often."""

    beds: np.ndarray


Intervention = Lockdown | BorderClosure | TreatmentCapacity


@dataclass(frozen=True)
class ScenarioResult:
    """Quantiles over runs: per area ``(levels, areas, days)``, national ``(levels, days)``.

    National quantiles are taken over runs of the national sum (sum first), so they are not the
    sum of the areas' quantiles. ``national_*_runs`` keep each run's national series
    ``(runs, days)`` for run-paired comparisons; ``*_paths`` are ``(areas, runs, days)`` and
    present only with ``keep_paths=True`` (e.g. for medicine demand). ``deaths`` are new deaths
    per day; ``under_treatment`` is the number of patients at the end of the day.
    """

    quantile_levels: np.ndarray
    new_cases: np.ndarray
    under_treatment: np.ndarray
    deaths: np.ndarray
    national_new_cases: np.ndarray
    national_under_treatment: np.ndarray
    national_deaths: np.ndarray
    national_new_cases_runs: np.ndarray
    national_deaths_runs: np.ndarray
    new_cases_paths: np.ndarray | None = field(default=None, repr=False)
    under_treatment_paths: np.ndarray | None = field(default=None, repr=False)
    deaths_paths: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ScenarioComparison:
    """Scenario b against scenario a, run-paired (both run with the same seed)."""

    median_new_cases_difference: np.ndarray  # (days,) national median of b minus a
    median_deaths_difference: np.ndarray  # (days,)
    probability_fewer_cases: float  # share of runs where b's total cases < a's
    probability_fewer_deaths: float


def _per_area(name: str, values: np.ndarray | None, n_areas: int, whole: bool = True) -> np.ndarray:
    """One finite value >= 0 per area (whole numbers for counts); None means zeros."""
    arr = np.zeros(n_areas) if values is None else np.asarray(values, dtype=float)
    if arr.shape != (n_areas,):
        raise ValidationFailed(f"{name} must have one value per area ({n_areas}), got {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or (whole and np.any(arr % 1)):
        raise ValidationFailed(f"{name} must hold finite {'whole ' * whole}numbers >= 0, no NaN")
    return arr.astype(np.int64) if whole else arr


def _state_matrix(state: SeirState) -> np.ndarray:
    """(6, areas) int64 counts in the order S, E, I, T, R, D."""
    sus = np.asarray(state.susceptible)
    if sus.ndim != 1 or sus.size == 0:
        raise ValidationFailed("susceptible must be a non-empty 1-D array (one value per area)")
    names = ("susceptible", "exposed", "infectious", "under_treatment", "recovered", "deaths")
    return np.stack([_per_area(name, getattr(state, name), sus.size) for name in names])


def _check_movement(movement: np.ndarray, n_areas: int) -> np.ndarray:
    """Off-diagonal travel shares; C[i, j] = share of i's contacts made in j, home = the rest."""
    m = np.asarray(movement, dtype=float)
    if m.shape != (n_areas, n_areas):
        raise ValidationFailed(f"movement must be areas x areas ({n_areas}), got {m.shape}")
    if not np.all(np.isfinite(m)) or np.any(m < 0):
        raise ValidationFailed("movement must hold finite fractions >= 0")
    if np.any(m.sum(axis=1) > 1 + 1e-9):
        raise ValidationFailed("movement rows must sum to <= 1 (fractions of contacts)")
    off = m.copy()
    np.fill_diagonal(off, 0.0)
    return off


def _check_run_shape(days: int, runs: int, seed: int) -> None:
    for name, value, low in (("days", days, 1), ("runs", runs, 1), ("seed", seed, None)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValidationFailed(f"{name} must be an integer, got {value!r}")
        if low is not None and value < low:
            raise ValidationFailed(f"{name} must be >= {low}, got {value}")


@dataclass(frozen=True)
class _Schedule:
    """Per-day multipliers: transmission (days, areas), movement cut (days, areas), imports."""

    transmission: np.ndarray
    movement_cut: np.ndarray
    imports: np.ndarray
    beds: np.ndarray | None

    def changed(self, day: int) -> bool:
        return day == 0 or bool(
            np.any(self.transmission[day] != self.transmission[day - 1])
            or np.any(self.movement_cut[day] != self.movement_cut[day - 1])
        )


def _schedule(
    interventions: Sequence[Intervention], imported: np.ndarray, days: int, n_areas: int
) -> _Schedule:
    transmission = np.ones((days, n_areas))
    movement_cut = np.zeros((days, n_areas))
    imports = np.tile(imported, (days, 1))
    beds = None
    for item in interventions:
        if isinstance(item, Lockdown):
            idx = np.asarray(item.areas)
            if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
                raise ValidationFailed("lockdown areas must be a 1-D array of area indices")
            if np.any(idx < 0) or np.any(idx >= n_areas):
                raise ValidationFailed(f"lockdown areas must be indices in [0, {n_areas})")
            span = slice(item.start_day, item.end_day)
            transmission[span, idx] *= 1 - item.transmission_reduction
            cut = movement_cut[span][:, idx]
            movement_cut[span, idx] = np.maximum(cut, item.movement_reduction)
        elif isinstance(item, BorderClosure):
            imports[item.start_day : item.end_day] *= 1 - item.import_reduction
        elif isinstance(item, TreatmentCapacity):
            beds = _per_area("beds", item.beds, n_areas)
        else:
            raise ValidationFailed(f"unknown intervention {type(item).__name__}")
    return _Schedule(transmission, movement_cut, imports, beds)


def _mixing(off: np.ndarray, cut: np.ndarray, beta: np.ndarray, people: np.ndarray) -> np.ndarray:
    """M with force of infection = I @ M: M = C diag(beta / people present) C^T.

    Travel from or to an area under a movement cut shrinks and the cut contacts stay home.
    Place populations use the starting population: deaths are a negligible share of contacts.
    """
    travel = off * (1 - np.maximum(cut[:, None], cut[None, :]))
    contacts = travel + np.diag(1 - travel.sum(axis=1))
    present = np.maximum(people @ contacts, 1.0)
    return ((contacts * (beta / present)) @ contacts.T).astype(np.float32)


def _fatality(t: np.ndarray, params: SeirParams, beds: np.ndarray | None) -> float | np.ndarray:
    """Death risk of a patient leaving treatment: the share beyond the beds dies more often."""
    if beds is None:
        return params.fatality_treated
    untreated = (np.maximum(t - beds, 0) / np.maximum(t, 1)).astype(np.float32)
    worse = min(1.0, params.fatality_treated * params.untreated_fatality_factor)
    return params.fatality_treated + (worse - params.fatality_treated) * untreated


def _step(
    rng: np.random.Generator,
    x: np.ndarray,
    mixing: np.ndarray,
    imports: np.ndarray,
    params: SeirParams,
    beds: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """One day of chain-binomial transitions of ``x`` = (S, E, I, T, R, D) x runs x areas, in
    place, from the start-of-day state; returns (new cases = E->I onsets, new deaths).
    Imports infect residents (Poisson), so the population is conserved."""
    s, e, i, t, r, d = x  # views: updating them updates x
    # einsum, not BLAS matmul: BLAS's own spinning worker threads would fight the run blocks'.
    force = np.einsum("ra,ab->rb", i.astype(np.float32), mixing, optimize=False)
    infected = binomial(rng, s, -np.expm1(-force), log_q=-force)
    cols = np.flatnonzero(imports > 0)
    if cols.size:
        imported = rng.poisson(imports[cols], size=(s.shape[0], cols.size))
        infected[:, cols] += np.minimum(imported, s[:, cols] - infected[:, cols])
    onsets = binomial(rng, e, 1.0 / params.latent_days)
    leaving = binomial(rng, i, 1.0 / params.infectious_days)
    treated = binomial(rng, leaving, params.treatment_fraction)
    discharged = binomial(rng, t, 1.0 / params.treatment_days)
    deaths = binomial(rng, discharged, _fatality(t, params, beds))
    s -= infected
    e += infected - onsets
    i += onsets - leaving
    t += treated - discharged
    r += leaving - treated + discharged - deaths
    d += deaths
    return onsets, deaths


def _quantiles(sorted_runs: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Linear-interpolated quantiles (numpy's default) of data already sorted along axis 0."""
    pos = levels * (sorted_runs.shape[0] - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, sorted_runs.shape[0] - 1)
    frac = (pos - lo).reshape((-1,) + (1,) * (sorted_runs.ndim - 1))
    return sorted_runs[lo] * (1 - frac) + sorted_runs[hi] * frac


def _sort_runs(values: np.ndarray) -> np.ndarray:
    """Sorted along runs; int32 (counts fit) sorts twice as fast as int64."""
    return np.sort(values.astype(np.int32), axis=0)


class _Recorder:
    """Keeps per-day quantiles over runs (small) instead of every run's trajectory (large)."""

    def __init__(self, days: int, runs: int, areas: int, keep_paths: bool) -> None:
        self.levels = np.asarray(QUANTILE_LEVELS)
        self.area_q = np.zeros((3, days, self.levels.size, areas))
        self.national = np.zeros((3, runs, days), dtype=np.int64)
        self.paths = np.zeros((3, days, runs, areas), dtype=np.int32) if keep_paths else None

    def record(self, day: int, outputs: tuple[np.ndarray, ...], pool: ThreadPoolExecutor) -> None:
        ordered = pool.map(_sort_runs, outputs)  # the sorts run in parallel
        for k, (values, sorted_runs) in enumerate(zip(outputs, ordered, strict=True)):
            self.area_q[k, day] = _quantiles(sorted_runs, self.levels)
            self.national[k, :, day] = values.sum(axis=1)
            if self.paths is not None:
                self.paths[k, day] = values

    def result(self) -> ScenarioResult:
        area = self.area_q.transpose(0, 2, 3, 1)  # (output, levels, areas, days)
        nat = _quantiles(np.sort(self.national, axis=1).transpose(1, 0, 2), self.levels)
        paths = [None] * 3
        if self.paths is not None:
            paths = [np.ascontiguousarray(p.transpose(2, 1, 0)) for p in self.paths]
        nat_runs = (self.national[0], self.national[2])
        return ScenarioResult(self.levels, *area, *nat.transpose(1, 0, 2), *nat_runs, *paths)


def simulate_scenario(
    state: SeirState,
    movement: np.ndarray,
    *,
    params: SeirParams | None = None,
    interventions: Sequence[Intervention] = (),
    imported_per_day: np.ndarray | None = None,
    days: int = 180,
    runs: int = 1000,
    seed: int,
    keep_paths: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioResult:
    """Run ``runs`` stochastic futures of ``days`` days from today's ``state``.

    ``movement[i, j]`` (i != j) is the share of contacts residents of i make in j (rows sum to
    <= 1; the diagonal is ignored, home takes the remainder). ``imported_per_day`` is the
    expected infections per day brought in from abroad per area, which a BorderClosure cuts.
    Same seed, same result; run two scenarios with one seed to compare them run by run.
    ``progress``, when given, is called with (days done, days in all) after each day.
    """
    params = params or SeirParams()
    _check_run_shape(days, runs, seed)
    start = _state_matrix(state)
    n_areas = start.shape[1]
    off = _check_movement(movement, n_areas)
    imported = _per_area("imported_per_day", imported_per_day, n_areas, whole=False)
    plan = _schedule(interventions, imported, days, n_areas)
    blocks = min(RUN_BLOCKS, runs)
    sims = [
        np.repeat(start[:, None, :], b.size, 1) for b in np.array_split(np.arange(runs), blocks)
    ]
    recorder = _Recorder(days, runs, n_areas, keep_paths)
    rngs = np.random.default_rng(seed).spawn(blocks)
    _run_days(rngs, sims, off, plan, params, recorder, progress)
    return recorder.result()


def _run_days(
    rngs: list[np.random.Generator],
    sims: list[np.ndarray],
    off: np.ndarray,
    plan: _Schedule,
    params: SeirParams,
    recorder: _Recorder,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Step every block of runs through every day on a thread pool, recording each day."""
    people = sims[0][:, 0, :].sum(axis=0).astype(float)  # the starting population per area
    beta = params.r0 / params.infectious_days
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with ThreadPoolExecutor(max_workers=min(len(sims), cores or 1)) as pool:
        for day in range(plan.transmission.shape[0]):
            if plan.changed(day):
                cut, factor = plan.movement_cut[day], beta * plan.transmission[day]
                mixing = _mixing(off, cut, factor, people)
            shared = (repeat(mixing), repeat(plan.imports[day]), repeat(params), repeat(plan.beds))
            steps = list(pool.map(_step, rngs, sims, *shared))
            cases = np.concatenate([step[0] for step in steps])
            deaths = np.concatenate([step[1] for step in steps])
            recorder.record(day, (cases, np.concatenate([sim[3] for sim in sims]), deaths), pool)
            if progress is not None:
                progress(day + 1, plan.transmission.shape[0])


def compare_scenarios(a: ScenarioResult, b: ScenarioResult) -> ScenarioComparison:
    """Difference of national medians (b - a) and the share of paired runs where b does better.

    Pairing is meaningful when both ran with the same seed and number of runs (common random
    numbers; Glasserman & Yao 1992, Manag Sci 38(6):884-908), which narrows the difference.
    """
    if a.national_new_cases_runs.shape != b.national_new_cases_runs.shape:
        raise ValidationFailed("scenarios must have the same runs and days to be compared")
    mid = list(a.quantile_levels).index(0.5)
    cases_a, cases_b = a.national_new_cases_runs.sum(1), b.national_new_cases_runs.sum(1)
    deaths_a, deaths_b = a.national_deaths_runs.sum(1), b.national_deaths_runs.sum(1)
    return ScenarioComparison(
        median_new_cases_difference=b.national_new_cases[mid] - a.national_new_cases[mid],
        median_deaths_difference=b.national_deaths[mid] - a.national_deaths[mid],
        probability_fewer_cases=float(np.mean(cases_b < cases_a)),
        probability_fewer_deaths=float(np.mean(deaths_b < deaths_a)),
    )
