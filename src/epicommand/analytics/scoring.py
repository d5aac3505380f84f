"""Scoring forecasts: weighted interval score, interval coverage, and a rolling backtest.

The weighted interval score (WIS) is exactly Bracher et al. 2021 (PLoS Comput Biol
17(2):e1008618), as used by the COVID-19 Forecast Hub (Cramer et al. 2022, PNAS
119(15):e2113561119):

    WIS = 1 / (K + 1/2) * (w0 |y - m| + sum_k w_k IS_{alpha_k}),  w0 = 1/2, w_k = alpha_k / 2,
    IS_alpha = (u - l) + (2/alpha)(l - y) 1{y < l} + (2/alpha)(y - u) 1{y > u},

with the central (1 - alpha) interval [l, u] read from the quantiles alpha/2 and 1 - alpha/2.
Lower is better; it is in the units of the data and reduces to the absolute error with K = 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from epicommand.analytics.forecast import (
    DEFAULT_DISPERSION,
    Forecast,
    as_incidence,
    check_positive_int,
    check_seed,
    check_serial_interval,
    forecast_baseline_last,
    forecast_baseline_mean,
    forecast_cases,
)
from epicommand.analytics.rt import DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_SD
from epicommand.errors import ValidationFailed

#: The Forecast Hub's interval levels: alpha in {0.02, 0.05, 0.1, 0.2, ..., 0.9} (Bracher 2021).
HUB_ALPHAS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: The 23 quantile levels these intervals and the median need.
HUB_QUANTILE_LEVELS = tuple(
    sorted(
        {round(a / 2, 6) for a in HUB_ALPHAS} | {round(1 - a / 2, 6) for a in HUB_ALPHAS} | {0.5}
    )
)
METHODS = ("renewal", "baseline_mean", "baseline_last")


def interval_score(y: np.ndarray, lower: np.ndarray, upper: np.ndarray, alpha: float) -> np.ndarray:
    """IS_alpha of the central (1 - alpha) interval [lower, upper] (Gneiting & Raftery 2007)."""
    y, lower, upper = (np.asarray(v, dtype=float) for v in (y, lower, upper))
    below = (2 / alpha) * (lower - y) * (y < lower)
    above = (2 / alpha) * (y - upper) * (y > upper)
    return (upper - lower) + below + above


def _check_levels(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the lower/upper quantile of each interval; levels must pair around 0.5."""
    lv = np.asarray(levels, dtype=float)
    if lv.ndim != 1 or np.any(np.diff(lv) <= 0) or np.any((lv <= 0) | (lv >= 1)):
        raise ValidationFailed("quantile levels must be strictly increasing and inside (0, 1)")
    if not np.any(np.isclose(lv, 0.5)):
        raise ValidationFailed("quantile levels must include the median 0.5")
    lower = np.flatnonzero(lv < 0.5 - 1e-9)
    upper = np.minimum(np.searchsorted(lv, 1 - lv[lower] - 1e-9), lv.size - 1)
    paired = np.isclose(lv[upper], 1 - lv[lower])
    if not paired.all() or np.sum(lv > 0.5 + 1e-9) != lower.size:
        raise ValidationFailed("quantile levels must be symmetric: tau and 1 - tau both present")
    return lower, upper


def weighted_interval_score(
    y: np.ndarray, levels: Sequence[float], quantiles: np.ndarray
) -> np.ndarray:
    """WIS of observations ``y`` against predictive ``quantiles`` ``(..., len(levels))``.

    ``levels`` must be symmetric around and include 0.5; quantiles must not decrease.
    """
    lo_idx, hi_idx = _check_levels(np.asarray(levels))
    q = np.asarray(quantiles, dtype=float)
    y = np.asarray(y, dtype=float)
    try:
        matches = np.broadcast_shapes(y.shape, q.shape[:-1]) == q.shape[:-1]
    except ValueError:
        matches = False
    if q.ndim == 0 or q.shape[-1] != len(levels) or not matches:
        raise ValidationFailed("quantiles must be (..., len(levels)) and match y's shape")
    if not (np.all(np.isfinite(q)) and np.all(np.isfinite(y))):
        raise ValidationFailed("y and quantiles must be finite")
    if np.any(np.diff(q, axis=-1) < -1e-9 * np.maximum(1, np.abs(q[..., 1:]))):
        raise ValidationFailed("quantiles must not decrease with the level (no crossing)")
    alpha = 2 * np.asarray(levels, dtype=float)[lo_idx]
    median = q[..., int(np.flatnonzero(np.isclose(levels, 0.5))[0])]
    scores = interval_score(y[..., None], q[..., lo_idx], q[..., hi_idx], alpha)
    total = 0.5 * np.abs(y - median) + (scores * (alpha / 2)).sum(axis=-1)
    return total / (lo_idx.size + 0.5)


def interval_coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of observations inside their interval, bounds included."""
    y, lower, upper = (np.asarray(v, dtype=float) for v in (y, lower, upper))
    if np.any(lower > upper):
        raise ValidationFailed("interval lower bounds must not exceed upper bounds")
    inside = (y >= lower) & (y <= upper)
    if inside.size == 0:
        raise ValidationFailed("no observations to cover")
    return float(inside.mean())


def _last_window_posterior(
    incidence: np.ndarray,
    si: np.ndarray,
    window: int,
    prior_mean: float = DEFAULT_PRIOR_MEAN,
    prior_sd: float = DEFAULT_PRIOR_SD,
) -> tuple[np.ndarray, np.ndarray]:
    """Cori et al. 2013 Gamma posterior of R over the last ``window`` days, per area.

    shape = a + sum I_t, scale = 1 / (1/b + sum Lambda_t) over the window, with the prior
    Gamma(a, b), a = (mean/sd)^2, b = sd^2/mean, and Lambda_t = sum_{s>=1} I_{t-s} w_s.
    Kept here, small and private, so the backtest does not depend on rt.py.
    """
    inc = as_incidence(incidence)
    w = check_serial_interval(si)
    days = inc.shape[1]
    lags = w.size - 1
    padded = np.concatenate([np.zeros((inc.shape[0], lags)), inc], axis=1)
    t = np.arange(days - window, days) + lags  # window days, in padded coordinates
    force = sum(w[s] * padded[:, t - s] for s in range(1, lags + 1))
    a = (prior_mean / prior_sd) ** 2
    b = prior_sd**2 / prior_mean
    shape = a + inc[:, -window:].sum(axis=1)
    scale = 1 / (1 / b + force.sum(axis=1))
    return shape, scale


@dataclass(frozen=True)
class BacktestResult:
    """Scores of each method at each origin: arrays ``(methods, origins, areas, horizon)``.

    ``origins[j]`` is the number of days of data used (the first forecast day's index);
    ``mean_wis``, ``coverage_50`` and ``coverage_90`` summarise per method and horizon day.
    """

    methods: tuple[str, ...]
    origins: np.ndarray
    wis: np.ndarray
    covered_50: np.ndarray
    covered_90: np.ndarray
    mean_wis: np.ndarray
    coverage_50: np.ndarray
    coverage_90: np.ndarray


@dataclass(frozen=True)
class _Setup:
    si: np.ndarray
    horizon: int
    rt_window: int
    n_paths: int
    dispersion: float
    prior: tuple[float, float]


def _forecast(method: str, history: np.ndarray, cfg: _Setup, seed: int) -> Forecast:
    common = {"n_paths": cfg.n_paths, "dispersion": cfg.dispersion, "seed": seed}
    if method == "renewal":
        shape, scale = _last_window_posterior(history, cfg.si, cfg.rt_window, *cfg.prior)
        return forecast_cases(
            history, cfg.si, rt_shape=shape, rt_scale=scale, horizon=cfg.horizon, **common
        )
    if method == "baseline_mean":
        window = min(7, history.shape[1])
        return forecast_baseline_mean(history, cfg.horizon, window, **common)
    return forecast_baseline_last(history, cfg.horizon, **common)


def _origins(days: int, start: int, horizon: int, step: int, rt_window: int) -> np.ndarray:
    if start < rt_window:
        raise ValidationFailed(f"start ({start}) must leave rt_window ({rt_window}) days of data")
    origins = np.arange(start, days - horizon + 1, step)
    if origins.size == 0:
        raise ValidationFailed("no forecast origin leaves a full horizon of observed days")
    return origins


def _check_methods(methods: Sequence[str], prior_mean: float, prior_sd: float) -> tuple[str, ...]:
    names = tuple(methods)
    if not names or len(set(names)) != len(names) or set(names) - set(METHODS):
        raise ValidationFailed(f"methods must be distinct names among {METHODS}")
    if not (prior_mean > 0 and prior_sd > 0):
        raise ValidationFailed("prior_mean and prior_sd must be > 0")
    return names


def _score(fc: Forecast, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """WIS at the hub's quantile levels, and whether the 50 % and 90 % bands held the truth."""
    wis = weighted_interval_score(truth, HUB_QUANTILE_LEVELS, fc.quantiles(HUB_QUANTILE_LEVELS))
    inside_50 = (truth >= fc.lower_50) & (truth <= fc.upper_50)
    return wis, inside_50, (truth >= fc.lower_90) & (truth <= fc.upper_90)


def backtest(
    incidence: np.ndarray,
    si: np.ndarray,
    *,
    methods: Sequence[str] = METHODS,
    start: int,
    horizon: int = 14,
    rt_window: int = 7,
    step: int = 7,
    n_paths: int = 1000,
    dispersion: float = DEFAULT_DISPERSION,
    prior_mean: float = DEFAULT_PRIOR_MEAN,
    prior_sd: float = DEFAULT_PRIOR_SD,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> BacktestResult:
    """Replay history: forecast from day ``start``, ``start + step``, ... with only the data up
    to that day, and score each method's WIS (hub quantile levels) and 50 %/90 % coverage
    against what was then observed. Each (method, origin) gets its own seed from ``seed``.
    The mean baseline averages the last 7 days (or fewer at the very start). ``progress``,
    when given, is called with (origins done, origins in all) after each origin."""
    inc = as_incidence(incidence)
    names = _check_methods(methods, prior_mean, prior_sd)
    cfg = _Setup(
        check_serial_interval(si),
        check_positive_int("horizon", horizon),
        check_positive_int("rt_window", rt_window),
        check_positive_int("n_paths", n_paths),
        dispersion,
        (prior_mean, prior_sd),
    )
    step = check_positive_int("step", step)
    origins = _origins(inc.shape[1], start, cfg.horizon, step, cfg.rt_window)
    seeds = np.random.default_rng(check_seed(seed)).integers(
        2**63 - 1, size=(len(names), origins.size)
    )
    shape = (len(names), origins.size, inc.shape[0], cfg.horizon)
    wis, cov50, cov90 = np.zeros(shape), np.zeros(shape, bool), np.zeros(shape, bool)
    for j, origin in enumerate(origins):
        truth = inc[:, origin : origin + cfg.horizon]
        for i, method in enumerate(names):
            fc = _forecast(method, inc[:, :origin], cfg, int(seeds[i, j]))
            wis[i, j], cov50[i, j], cov90[i, j] = _score(fc, truth)
        if progress is not None:
            progress(j + 1, origins.size)
    summary = (wis.mean(axis=(1, 2)), cov50.mean(axis=(1, 2)), cov90.mean(axis=(1, 2)))
    return BacktestResult(names, origins, wis, cov50, cov90, *summary)
