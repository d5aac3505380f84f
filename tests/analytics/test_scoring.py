"""Pure tests of the weighted interval score, coverage and the rolling backtest."""

from __future__ import annotations

import numpy as np
import pytest

from epicommand.analytics.forecast import forecast_cases
from epicommand.analytics.scoring import (
    HUB_QUANTILE_LEVELS,
    _last_window_posterior,
    backtest,
    interval_coverage,
    interval_score,
    weighted_interval_score,
)
from epicommand.errors import ValidationFailed

LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95]
SI = np.array([0.0, 0.1, 0.2, 0.3, 0.2, 0.1, 0.1])


def test_wis_matches_hand_computation_for_an_observation_above_the_50_interval():
    # median 10, 50 % interval [8, 12], 90 % interval [5, 20], observed y = 15; K = 2.
    # w0 |y - m| = 0.5 * 5 = 2.5
    # IS_0.5 = (12 - 8) + (2 / 0.5) * (15 - 12) = 4 + 12 = 16; w = 0.25 -> 4.0
    # IS_0.1 = (20 - 5) = 15 (y inside);                      w = 0.05 -> 0.75
    # WIS = (2.5 + 4.0 + 0.75) / (2 + 1/2) = 7.25 / 2.5 = 2.9
    assert weighted_interval_score(15, LEVELS, [5, 8, 10, 12, 20]) == pytest.approx(2.9)


def test_wis_matches_hand_computation_for_an_observation_below_everything():
    # y = 2: |y - m| = 8 -> 4.0; IS_0.5 = 4 + 4 * 6 = 28 -> 7.0; IS_0.1 = 15 + 20 * 3 = 75
    # -> 3.75; WIS = (4 + 7 + 3.75) / 2.5 = 5.9
    assert weighted_interval_score(2, LEVELS, [5, 8, 10, 12, 20]) == pytest.approx(5.9)


def test_wis_with_only_a_median_is_the_absolute_error():
    assert weighted_interval_score(np.array([3.0, 10.0]), [0.5], [[7.0], [7.0]]) == pytest.approx(
        [4.0, 3.0]
    )


def test_wis_equals_the_mean_pinball_loss_identity():
    # Bracher et al. 2021: WIS = 2 / (2K + 1) * sum of quantile (pinball) losses.
    rng = np.random.default_rng(0)
    lv = np.array(HUB_QUANTILE_LEVELS)
    q = np.sort(rng.normal(10, 3, (200, lv.size)), axis=1)
    y = rng.normal(10, 4, 200)
    pinball = ((y[:, None] < q) - lv) * (q - y[:, None])
    expected = pinball.sum(axis=1) / (11 + 0.5)
    np.testing.assert_allclose(weighted_interval_score(y, lv, q), expected)


def test_hub_levels_are_the_23_forecast_hub_quantiles():
    assert len(HUB_QUANTILE_LEVELS) == 23
    assert HUB_QUANTILE_LEVELS[:3] == (0.01, 0.025, 0.05)
    assert HUB_QUANTILE_LEVELS[11] == 0.5


def test_interval_score_by_hand():
    # alpha 0.2, [2, 6], y = 8: width 4 + (2 / 0.2) * 2 = 24
    assert interval_score(8, 2, 6, 0.2) == pytest.approx(24)
    assert interval_score(4, 2, 6, 0.2) == pytest.approx(4)


@pytest.mark.parametrize(
    "levels, quantiles, message",
    [
        ([0.25, 0.5, 0.8], [1, 2, 3], "symmetric"),
        ([0.25, 0.75], [1, 2], "median"),
        ([0.05, 0.5, 0.95], [5, 4, 6], "crossing"),
        ([0.5, 0.25, 0.75], [1, 2, 3], "increasing"),
        ([0.05, 0.5, 0.95], [1, 2], "len"),
        ([0.05, 0.5, 0.95], [1, np.nan, 3], "finite"),
    ],
)
def test_wis_refuses_bad_quantiles(levels, quantiles, message):
    with pytest.raises(ValidationFailed, match=message):
        weighted_interval_score(1.0, levels, quantiles)


def test_wis_refuses_observations_that_do_not_match_the_quantiles():
    with pytest.raises(ValidationFailed, match="shape"):
        weighted_interval_score(np.ones(3), [0.05, 0.5, 0.95], np.ones((4, 3)))


def test_interval_coverage_counts_bounds_as_inside():
    y = np.array([1, 5, 10, 11])
    assert interval_coverage(y, np.full(4, 5), np.full(4, 10)) == 0.5
    with pytest.raises(ValidationFailed, match="lower"):
        interval_coverage(y, np.full(4, 5), np.full(4, 4))


def test_last_window_posterior_by_hand():
    # w = [0, 1]: everyone infects the next day. I = [2, 4, 8], window 2:
    # Lambda_1 = I_0 = 2, Lambda_2 = I_1 = 4 -> sum 6; sum I over the window = 12.
    # Prior mean 5, sd 5: a = 1, b = 5. shape = 1 + 12 = 13, scale = 1 / (1/5 + 6) = 1 / 6.2.
    shape, scale = _last_window_posterior(np.array([2.0, 4.0, 8.0]), np.array([0.0, 1.0]), 2)
    assert shape == pytest.approx([13.0])
    assert scale == pytest.approx([1 / 6.2])


def _growing_epidemic(days: int = 70, n_areas: int = 6) -> np.ndarray:
    """Counts drawn from the renewal model itself with R = 1.15, Poisson noise."""
    history = np.full((n_areas, 10), 20.0)
    post = dict(rt_shape=np.full(n_areas, 1e6), rt_scale=np.full(n_areas, 1.15e-6))
    fc = forecast_cases(history, SI, horizon=days, n_paths=1, dispersion=np.inf, seed=11, **post)
    return np.concatenate([history, fc.paths[:, 0, :]], axis=1)


def test_backtest_scores_each_method_and_the_renewal_beats_flat_baselines_in_growth():
    inc = _growing_epidemic()
    res = backtest(inc, SI, start=20, horizon=14, step=7, n_paths=400, seed=3)
    assert res.methods == ("renewal", "baseline_mean", "baseline_last")
    assert res.wis.shape == (3, res.origins.size, 6, 14)
    np.testing.assert_array_equal(res.origins, np.arange(20, 80 - 14 + 1, 7))
    overall = res.wis.mean(axis=(1, 2, 3))
    assert overall[0] < overall[1] and overall[0] < overall[2]
    assert res.coverage_90[0].mean() > 0.75


def test_backtest_is_reproducible_with_its_seed():
    inc = _growing_epidemic(40, 2)
    kw = dict(start=14, horizon=7, n_paths=100, methods=("renewal",))
    a = backtest(inc, SI, seed=5, **kw)
    b = backtest(inc, SI, seed=5, **kw)
    c = backtest(inc, SI, seed=6, **kw)
    np.testing.assert_array_equal(a.wis, b.wis)
    assert not np.array_equal(a.wis, c.wis)


def test_backtest_uses_only_data_up_to_each_origin():
    inc = _growing_epidemic(40, 2)
    spoiled = inc.copy()
    spoiled[:, 30:] = 0  # the future after the only origin's horizon
    kw = dict(start=14, horizon=7, step=100, n_paths=100, seed=1)
    a = backtest(inc, SI, **kw)
    b = backtest(spoiled, SI, **kw)
    np.testing.assert_array_equal(a.wis, b.wis)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"methods": ("renewal", "magic")}, "methods"),
        ({"methods": ()}, "methods"),
        ({"start": 3}, "rt_window"),
        ({"start": 40}, "horizon"),
        ({"horizon": 0}, "horizon"),
        ({"step": 0}, "step"),
        ({"prior_sd": 0.0}, "prior"),
    ],
)
def test_backtest_refuses_bad_input(change, message):
    kw = dict(start=10, horizon=7, n_paths=10, seed=1)
    kw.update(change)
    with pytest.raises(ValidationFailed, match=message):
        backtest(np.full(40, 5.0), SI, **kw)


def test_backtest_reports_progress_once_per_origin():
    inc = np.full(40, 30.0)
    seen = []
    result = backtest(
        inc, SI, start=10, horizon=7, step=7, n_paths=20, seed=1,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert seen == [(j + 1, result.origins.size) for j in range(result.origins.size)]
