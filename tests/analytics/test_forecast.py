"""Pure tests of the renewal-equation forecast and its baselines (no Django)."""

from __future__ import annotations

import numpy as np
import pytest

from epicommand.analytics.forecast import (
    forecast_baseline_last,
    forecast_baseline_mean,
    forecast_cases,
)
from epicommand.errors import ValidationFailed

SI = np.array([0.0, 0.1, 0.2, 0.3, 0.2, 0.1, 0.1])  # mean 3.4 days


def tight_posterior(r: float, n_areas: int) -> dict[str, np.ndarray]:
    """Gamma with mean r and a 0.1 % coefficient of variation: R practically known."""
    return {"rt_shape": np.full(n_areas, 1e6), "rt_scale": np.full(n_areas, r / 1e6)}


def renewal_mean(history: np.ndarray, r: float, horizon: int) -> np.ndarray:
    """Deterministic renewal projection mu_t = R sum_s I_{t-s} w_s, one area, by hand."""
    series = list(history)
    for _ in range(horizon):
        series.append(r * sum(SI[s] * series[-s] for s in range(1, SI.size)))
    return np.array(series[len(history) :])


def test_forecast_same_seed_same_paths_other_seed_differs():
    inc = np.full((3, 30), 50.0)
    kw = dict(horizon=10, n_paths=200, **tight_posterior(1.0, 3))
    a = forecast_cases(inc, SI, seed=7, **kw)
    b = forecast_cases(inc, SI, seed=7, **kw)
    c = forecast_cases(inc, SI, seed=8, **kw)
    np.testing.assert_array_equal(a.paths, b.paths)
    assert not np.array_equal(a.paths, c.paths)


def test_forecast_shapes_and_one_dimensional_input_is_one_area():
    fc = forecast_cases(
        np.full(20, 10.0), SI, horizon=5, n_paths=30, seed=1, **tight_posterior(1, 1)
    )
    assert fc.paths.shape == (1, 30, 5)
    assert fc.paths.dtype == np.float32
    assert fc.median.shape == fc.upper_90.shape == (1, 5)
    assert fc.method == "renewal"


def test_forecast_of_constant_r_growth_is_centred_on_the_renewal_mean():
    history = 100 * 1.05 ** np.arange(40)
    fc = forecast_cases(history, SI, horizon=14, n_paths=4000, seed=3, **tight_posterior(1.2, 1))
    expected = renewal_mean(history, 1.2, 14)
    np.testing.assert_allclose(fc.paths[0].mean(axis=0), expected, rtol=0.05)
    assert np.all(fc.lower_90[0] < expected) and np.all(expected < fc.upper_90[0])


def test_forecast_of_stable_series_with_r_one_keeps_its_mean():
    # R = 1 keeps the expected count; the median drifts lower as the paths' spread grows.
    fc = forecast_cases(
        np.full(40, 200.0), SI, horizon=28, n_paths=4000, seed=5, **tight_posterior(1, 1)
    )
    assert np.all(np.abs(fc.paths[0].mean(axis=0) - 200) < 10)
    assert np.all(fc.median[0] <= 201)


def test_intervals_are_nested():
    fc = forecast_cases(
        np.full((4, 30), 80.0), SI, rt_shape=20.0, rt_scale=0.05, n_paths=500, seed=2
    )
    assert np.all(fc.lower_90 <= fc.lower_50)
    assert np.all(fc.lower_50 <= fc.median)
    assert np.all(fc.median <= fc.upper_50)
    assert np.all(fc.upper_50 <= fc.upper_90)


def test_coverage_is_near_nominal_on_data_from_the_model_itself():
    n_areas = 400
    inc = np.full((n_areas, 30), 100.0)
    post = dict(rt_shape=np.full(n_areas, 50.0), rt_scale=np.full(n_areas, 1 / 50))
    truth = forecast_cases(inc, SI, horizon=14, n_paths=1, seed=99, **post).paths[:, 0, :]
    fc = forecast_cases(inc, SI, horizon=14, n_paths=600, seed=1, **post)
    cover_90 = np.mean((truth >= fc.lower_90) & (truth <= fc.upper_90))
    cover_50 = np.mean((truth >= fc.lower_50) & (truth <= fc.upper_50))
    assert abs(cover_90 - 0.9) < 0.05
    assert abs(cover_50 - 0.5) < 0.07


def test_infinite_dispersion_gives_poisson_counts():
    fc = forecast_cases(
        np.full(30, 100.0),
        SI,
        horizon=3,
        n_paths=20000,
        dispersion=np.inf,
        seed=4,
        **tight_posterior(1, 1),
    )
    day0 = fc.paths[0, :, 0]
    assert abs(day0.var() / day0.mean() - 1) < 0.1


def test_baseline_last_repeats_the_last_value():
    inc = np.array([[5.0] * 10 + [40.0]])
    fc = forecast_baseline_last(inc, 7, n_paths=4000, seed=1)
    assert fc.method == "baseline_last"
    assert fc.paths.shape == (1, 4000, 7)
    assert abs(fc.paths.mean() - 40) < 1.5


def test_baseline_mean_uses_the_last_window_average():
    inc = np.arange(20, dtype=float)  # last 7: 13..19, mean 16
    fc = forecast_baseline_mean(inc, 5, window=7, n_paths=4000, seed=1)
    assert abs(fc.paths.mean() - 16) < 0.6
    assert np.all(fc.lower_90 <= fc.median) and np.all(fc.median <= fc.upper_90)


def test_quantiles_method_matches_bands():
    fc = forecast_baseline_mean(np.full(10, 30.0), 4, n_paths=500, seed=1)
    q = fc.quantiles([0.05, 0.5, 0.95])
    assert q.shape == (1, 4, 3)
    np.testing.assert_allclose(q[..., 1], fc.median)
    np.testing.assert_allclose(q[..., 2], fc.upper_90)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"horizon": -1}, "horizon"),
        ({"horizon": 0}, "horizon"),
        ({"n_paths": 0}, "n_paths"),
        ({"dispersion": 0.0}, "dispersion"),
        ({"dispersion": float("nan")}, "dispersion"),
        ({"rt_shape": -1.0}, "rt_shape"),
        ({"rt_scale": np.ones(3)}, "rt_scale"),
        ({"seed": None}, "seed"),
        ({"incidence": np.array([1.0, np.nan, 3.0])}, "NaN"),
        ({"incidence": np.array([1.0, -2.0, 3.0])}, "negative"),
        ({"incidence": np.zeros((2, 2, 2))}, "shape"),
        ({"si": np.array([0.2, 0.8])}, "si\\[0\\]"),
        ({"si": np.array([0.0, 0.5, 0.2])}, "sum to 1"),
    ],
)
def test_forecast_refuses_bad_input(change, message):
    kw = dict(
        incidence=np.ones(10), si=SI, rt_shape=2.0, rt_scale=0.5, horizon=5, n_paths=10, seed=1
    )
    kw.update(change)
    with pytest.raises(ValidationFailed, match=message):
        forecast_cases(kw.pop("incidence"), kw.pop("si"), **kw)


def test_baselines_refuse_bad_input():
    with pytest.raises(ValidationFailed, match="window"):
        forecast_baseline_mean(np.ones(5), 3, window=6, seed=1)
    with pytest.raises(ValidationFailed, match="horizon"):
        forecast_baseline_last(np.ones(5), -3, seed=1)
    with pytest.raises(ValidationFailed, match="n_paths"):
        forecast_baseline_last(np.ones(5), 3, n_paths=0, seed=1)
