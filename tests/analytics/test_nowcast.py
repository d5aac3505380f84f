"""Pure tests of the nowcast of right-truncated counts by onset day."""

from __future__ import annotations

import numpy as np
import pytest

from epicommand.analytics.nowcast import MIN_COMPLETE_CASES, nowcast_cases
from epicommand.errors import ValidationFailed

DELAY_PMF = np.array([0.05, 0.15, 0.2, 0.2, 0.15, 0.1, 0.07, 0.05, 0.03])


def line_list(days: int = 80, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A known epidemic: true counts by onset, then each case's report day after a delay."""
    rng = np.random.default_rng(seed)
    true = rng.poisson(np.linspace(50, 200, days))
    onset = np.repeat(np.arange(days), true)
    report = onset + rng.choice(DELAY_PMF.size, size=onset.size, p=DELAY_PMF)
    return true, onset, report


@pytest.mark.parametrize("method", ["reverse_time", "empirical"])
def test_nowcast_recovers_the_truncated_totals_within_its_interval(method):
    true, onset, report = line_list()
    asof = true.size - 1
    nc = nowcast_cases(onset, report, asof=asof, max_delay=14, method=method, seed=1)
    last = slice(-10, None)
    assert np.all(nc.observed[last] <= true[last])
    assert nc.observed[-1] < 0.2 * true[-1]  # the naive count is far too low...
    inside = (true[last] >= nc.lower_90[last]) & (true[last] <= nc.upper_90[last])
    assert inside.mean() >= 0.8  # ...the nowcast covers the truth
    well_observed = slice(-6, -3)  # F >= 0.4 there: the point estimate is close
    np.testing.assert_allclose(nc.expected[well_observed], true[well_observed], rtol=0.15)


def test_nowcast_estimates_the_delay_distribution():
    _, onset, report = line_list()
    nc = nowcast_cases(onset, report, asof=79, max_delay=14, seed=1)
    assert nc.delay_pmf.shape == (15,)
    assert nc.delay_pmf.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(nc.delay_pmf[: DELAY_PMF.size], DELAY_PMF, atol=0.02)


def test_old_days_are_complete_and_intervals_are_ordered():
    true, onset, report = line_list()
    nc = nowcast_cases(onset, report, asof=79, max_delay=14, seed=1)
    np.testing.assert_array_equal(nc.days, np.arange(80))
    np.testing.assert_array_equal(nc.expected[:60], true[:60])
    np.testing.assert_array_equal(nc.upper_90[:60], true[:60])
    assert np.all(nc.lower_90 <= nc.median) and np.all(nc.median <= nc.upper_90)
    assert np.all(nc.observed <= nc.lower_90)


def test_cases_reported_after_asof_are_ignored():
    _, onset, report = line_list()
    full = nowcast_cases(onset, report, asof=60, max_delay=14, seed=2)
    known = report <= 60
    cut = nowcast_cases(onset[known], report[known], asof=60, max_delay=14, seed=2)
    np.testing.assert_array_equal(full.observed, cut.observed)
    np.testing.assert_array_equal(full.upper_90, cut.upper_90)
    assert full.days[-1] == 60


def test_nowcast_same_seed_same_interval_other_seed_differs():
    _, onset, report = line_list()
    a = nowcast_cases(onset, report, asof=79, max_delay=14, seed=4)
    b = nowcast_cases(onset, report, asof=79, max_delay=14, seed=4)
    c = nowcast_cases(onset, report, asof=79, max_delay=14, seed=5)
    np.testing.assert_array_equal(a.upper_90, b.upper_90)
    assert not np.array_equal(a.upper_90[-8:], c.upper_90[-8:])


def test_nowcast_refuses_too_few_complete_cases():
    onset = np.array([70, 71, 72] * 20)
    report = onset + 1
    with pytest.raises(ValidationFailed, match=f"at least {MIN_COMPLETE_CASES}"):
        nowcast_cases(onset, report, asof=75, max_delay=14, seed=1)


@pytest.mark.parametrize(
    "onset, report, kw, message",
    [
        ([5, 6], [4, 7], {}, "before its onset"),
        ([5, np.nan], [6, 7], {}, "NaN"),
        ([5.5, 6], [6, 7], {}, "whole day"),
        ([5, 6], [6], {}, "same length"),
        ([5, 6], [6, 7], {"asof": 7.5}, "asof"),
        ([5, 6], [6, 7], {"method": "magic"}, "method"),
        ([5, 6], [6, 7], {"max_delay": 0}, "max_delay"),
        ([5, 6], [6, 7], {"n_samples": 0}, "n_samples"),
        ([5, 6], [6, 7], {"min_complete": 0}, "min_complete"),
        ([5, 6], [6, 7], {"seed": None}, "seed"),
    ],
)
def test_nowcast_refuses_bad_input(onset, report, kw, message):
    args = {"asof": 30, "max_delay": 10, "seed": 1, "min_complete": 1} | kw
    with pytest.raises(ValidationFailed, match=message):
        nowcast_cases(np.array(onset, dtype=float), np.array(report, dtype=float), **args)
