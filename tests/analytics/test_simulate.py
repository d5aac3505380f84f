"""Pure tests of the stochastic metapopulation SEIR scenarios."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from epicommand.analytics.sampling import binomial
from epicommand.analytics.simulate import (
    BorderClosure,
    Lockdown,
    SeirParams,
    SeirState,
    TreatmentCapacity,
    _mixing,
    _step,
    compare_scenarios,
    simulate_scenario,
)
from epicommand.errors import ValidationFailed

N_AREAS = 6


def make_state(infectious: int = 20, population: int = 100_000) -> SeirState:
    pop = np.full(N_AREAS, population)
    inf = np.zeros(N_AREAS, dtype=int)
    inf[0] = infectious
    zero = np.zeros(N_AREAS, dtype=int)
    return SeirState(susceptible=pop - inf, exposed=zero, infectious=inf, recovered=zero)


def make_movement(share: float = 0.1) -> np.ndarray:
    m = np.full((N_AREAS, N_AREAS), share / (N_AREAS - 1))
    np.fill_diagonal(m, 0.0)
    return m


def test_every_run_and_day_conserves_the_population():
    rng = np.random.default_rng(0)
    params = SeirParams(treatment_fraction=0.2)  # many patients, so beds run out
    runs = 50
    start = np.zeros((6, N_AREAS), dtype=np.int64)  # S, E, I, T, R, D
    start[:3] = [[99_000], [500], [500]]
    x = np.repeat(start[:, None, :], runs, axis=1)
    people = start.sum(axis=0)
    mixing = _mixing(make_movement(), np.zeros(N_AREAS), np.full(N_AREAS, 0.7), people * 1.0)
    for _ in range(120):
        _step(rng, x, mixing, np.full(N_AREAS, 2.0), params, np.full(N_AREAS, 30))
        assert np.all(x >= 0)
        np.testing.assert_array_equal(x.sum(axis=0), np.tile(people, (runs, 1)))
    assert x[5].sum() > 0 and x[4].sum() > 0  # deaths and recoveries happened


def test_scenario_outputs_have_documented_shapes_and_national_quantiles_sum_first():
    res = simulate_scenario(
        make_state(), make_movement(), days=40, runs=60, seed=1, keep_paths=True
    )
    assert res.new_cases.shape == (5, N_AREAS, 40)
    assert res.national_new_cases.shape == (5, 40)
    assert res.national_new_cases_runs.shape == (60, 40)
    assert res.new_cases_paths.shape == (N_AREAS, 60, 40)
    national = res.new_cases_paths.sum(axis=0)  # (runs, days)
    np.testing.assert_allclose(res.national_new_cases[2], np.median(national, axis=0))
    np.testing.assert_allclose(res.new_cases[0], np.quantile(res.new_cases_paths, 0.05, axis=1))
    assert np.all(np.diff(res.new_cases, axis=0) >= 0)  # quantiles ordered


def test_same_seed_same_result_other_seed_differs():
    kw = dict(days=30, runs=40)
    a = simulate_scenario(make_state(), make_movement(), seed=3, **kw)
    b = simulate_scenario(make_state(), make_movement(), seed=3, **kw)
    c = simulate_scenario(make_state(), make_movement(), seed=4, **kw)
    np.testing.assert_array_equal(a.national_new_cases_runs, b.national_new_cases_runs)
    assert not np.array_equal(a.national_new_cases_runs, c.national_new_cases_runs)


def test_lockdown_reduces_median_cases_against_no_intervention():
    lockdown = Lockdown(
        areas=np.arange(N_AREAS), start_day=10, transmission_reduction=0.6, movement_reduction=0.5
    )
    kw = dict(days=90, runs=100, seed=5)
    free = simulate_scenario(make_state(), make_movement(), **kw)
    locked = simulate_scenario(make_state(), make_movement(), interventions=[lockdown], **kw)
    assert locked.national_new_cases[2].sum() < 0.5 * free.national_new_cases[2].sum()
    cmp = compare_scenarios(free, locked)
    assert cmp.probability_fewer_cases > 0.9
    assert cmp.median_new_cases_difference.sum() < 0


def test_border_closure_stops_an_import_driven_epidemic():
    state = make_state(infectious=0)
    imports = np.full(N_AREAS, 3.0)
    kw = dict(days=30, runs=50, seed=2, imported_per_day=imports)
    open_ = simulate_scenario(state, make_movement(), **kw)
    closed = simulate_scenario(state, make_movement(), interventions=[BorderClosure(0)], **kw)
    assert open_.national_new_cases_runs.sum() > 0
    assert closed.national_new_cases_runs.sum() == 0


def test_too_few_beds_raise_deaths():
    params = SeirParams(treatment_fraction=0.05)
    kw = dict(days=120, runs=60, seed=8, params=params)
    ample = simulate_scenario(make_state(), make_movement(), **kw)
    scarce = simulate_scenario(
        make_state(), make_movement(), interventions=[TreatmentCapacity(np.full(N_AREAS, 5))], **kw
    )
    ratio = scarce.national_deaths_runs.sum() / ample.national_deaths_runs.sum()
    assert 1.3 < ratio <= 2.0  # untreated die at twice the treated rate, at most


def test_final_size_matches_the_seir_final_size_equation():
    # A single closed population, R0 = 2: z = 1 - exp(-R0 z) gives z = 0.7968.
    state = SeirState(
        susceptible=np.array([199_900]),
        exposed=np.array([0]),
        infectious=np.array([100]),
        recovered=np.array([0]),
    )
    res = simulate_scenario(
        state, np.zeros((1, 1)), params=SeirParams(r0=2.0), days=250, runs=40, seed=1
    )
    attack = np.median(res.national_new_cases_runs.sum(axis=1) + 100) / 200_000
    assert attack == pytest.approx(0.7968, abs=0.01)


@pytest.mark.parametrize("n, p", [(5, 0.3), (1, 0.01), (200_000, 2e-6), (40, 0.3), (20, 0.9)])
def test_binomial_sampler_matches_the_binomial_distribution(n, p):
    rng = np.random.default_rng(0)
    x = binomial(rng, np.full((400, 100), n), p)
    assert x.mean() == pytest.approx(n * p, rel=0.02, abs=0.005)
    assert x.var() == pytest.approx(n * p * (1 - p), rel=0.05, abs=0.005)
    if n * p * (1 - p) <= 9:  # exact regime: the whole distribution matches
        k = np.arange(min(n, 60) + 1)
        observed = np.bincount(x.ravel(), minlength=n + 1)[: k.size] / x.size
        pmf = stats.binom.pmf(k, n, p)
        tolerance = 4.5 * np.sqrt(pmf * (1 - pmf) / x.size) + 1e-4  # 4.5 standard errors
        assert np.all(np.abs(observed - pmf) < tolerance)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"movement": np.full((N_AREAS, N_AREAS), 0.3)}, "sum to <= 1"),
        ({"movement": -make_movement()}, ">= 0"),
        ({"movement": np.zeros((2, 2))}, "areas x areas"),
        ({"runs": 0}, "runs"),
        ({"days": -5}, "days"),
        ({"seed": 1.5}, "seed"),
        ({"imported_per_day": np.full(N_AREAS, -1.0)}, "imported_per_day"),
        ({"interventions": [Lockdown(np.array([N_AREAS]), 0, 0.5)]}, "indices"),
        ({"interventions": [TreatmentCapacity(np.ones(2))]}, "beds"),
        ({"interventions": ["curfew"]}, "unknown intervention"),
    ],
)
def test_simulate_refuses_bad_input(change, message):
    kw = dict(movement=make_movement(), days=5, runs=2, seed=1) | change
    with pytest.raises(ValidationFailed, match=message):
        simulate_scenario(make_state(), kw.pop("movement"), **kw)


def test_bad_state_and_parameters_are_refused():
    with pytest.raises(ValidationFailed, match="NaN"):
        simulate_scenario(
            SeirState(np.array([1.0, np.nan]), np.zeros(2), np.zeros(2), np.zeros(2)),
            np.zeros((2, 2)),
            seed=1,
        )
    with pytest.raises(ValidationFailed, match="one value per area"):
        simulate_scenario(
            SeirState(np.ones(2), np.zeros(3), np.zeros(2), np.zeros(2)), np.zeros((2, 2)), seed=1
        )
    with pytest.raises(ValidationFailed, match="latent_days"):
        SeirParams(latent_days=0.5)
    with pytest.raises(ValidationFailed, match="transmission_reduction"):
        Lockdown(np.array([0]), 0, 1.5)
    with pytest.raises(ValidationFailed, match="start_day"):
        BorderClosure(start_day=-1)


@settings(max_examples=60, deadline=None)
@given(
    n=arrays(np.int64, (7, 9), elements=st.integers(0, 3_000_000)),
    p=st.floats(0.0, 1.0),
)
def test_binomial_sampler_stays_within_zero_and_n(n, p):
    x = binomial(np.random.default_rng(0), n, p)
    assert x.shape == n.shape
    assert np.all((x >= 0) & (x <= n))


def test_progress_is_reported_after_every_day_and_changes_nothing():
    seen = []
    kw = dict(days=12, runs=20, seed=4)
    quiet = simulate_scenario(make_state(), make_movement(), **kw)
    told = simulate_scenario(
        make_state(), make_movement(), progress=lambda d, n: seen.append((d, n)), **kw
    )
    assert seen == [(d, 12) for d in range(1, 13)]
    np.testing.assert_array_equal(quiet.new_cases, told.new_cases)


def test_a_shorter_run_is_the_start_of_a_longer_one_with_the_same_seed():
    short = simulate_scenario(
        make_state(), make_movement(), days=10, runs=20, seed=5, keep_paths=True
    )
    long = simulate_scenario(
        make_state(), make_movement(), days=25, runs=20, seed=5, keep_paths=True
    )
    np.testing.assert_array_equal(short.new_cases_paths, long.new_cases_paths[:, :, :10])
