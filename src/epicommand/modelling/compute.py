"""From a gathered series to the pure core and back: Rt, forecasts and backtests.

Each ``*_summary`` takes a ``DailySeries`` and parsed parameters, calls ``epicommand.analytics``
and returns the JSON summary a run stores (numbers rounded for storage: counts to 0.1, Rt to
0.0001) and the warnings to store beside it. No database here: the services read and write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np

from epicommand.analytics.forecast import (
    Forecast,
    forecast_baseline_last,
    forecast_baseline_mean,
    forecast_cases,
)
from epicommand.analytics.rt import RtEstimate, estimate_rt_parametric
from epicommand.analytics.scoring import METHODS, backtest
from epicommand.analytics.serial_interval import discretise_gamma_si
from epicommand.modelling.errors import NotEnoughData
from epicommand.modelling.series import DailySeries

DAY = dt.timedelta(days=1)
#: Days of observed data shown before a forecast (the fan chart's left part).
OBSERVED_DAYS = 28
BANDS = ("median", "lower_50", "upper_50", "lower_90", "upper_90")


def rounded(values: np.ndarray | list, digits: int = 1) -> list[float]:
    return [round(float(v), digits) for v in np.asarray(values).ravel()]


def _iso(days: list[dt.date] | tuple[dt.date, ...]) -> list[str]:
    return [d.isoformat() for d in days]


def check_cases(series: DailySeries, window: int) -> None:
    """Refuse what the estimator cannot speak about: no case at all (the posterior would be
    the prior alone) or fewer days than a window needs (Cori et al. 2013 start on day 2)."""
    own = series.values[0]
    if not own.any():
        raise NotEnoughData(
            f"{series.codes[0]}: no {series.figure} in the series ({series.dates[0]} to "
            f"{series.dates[-1]}): Rt is not identifiable from zeros, only the prior would show"
        )
    if own.size < window + 1:
        raise NotEnoughData(
            f"{series.codes[0]}: {own.size} day(s) of data from {series.dates[0]}; "
            f"a {window}-day window needs at least {window + 1}"
        )


def estimate(series: DailySeries, p: dict[str, Any], rows: slice = slice(0, 1)) -> RtEstimate:
    """Cori et al. 2013 with an offset-gamma serial interval (EpiEstim ``parametric_si``),
    exactly as ``epicommand rt FILE --si-mean --si-sd`` computes it."""
    check_cases(series, p["window"])
    est = estimate_rt_parametric(
        series.values[rows],
        p["si_mean"],
        p["si_sd"],
        window=p["window"],
        prior_mean=p["prior_mean"],
        prior_sd=p["prior_sd"],
    )
    if est.t_end.size == 0:
        raise NotEnoughData(
            f"{series.codes[0]}: every window ends before the mean serial interval; "
            "more days of data are needed"
        )
    return est


def _rt_row(est: RtEstimate, j: int, dates: tuple[dt.date, ...], area: int = 0) -> dict:
    q = np.atleast_2d(est.quantiles.reshape(-1, est.t_end.size, 7)[area])[j]
    mean = np.atleast_1d(np.atleast_2d(est.mean)[area])[j]
    return {
        "start": dates[int(est.t_start[j]) - 1].isoformat(),
        "end": dates[int(est.t_end[j]) - 1].isoformat(),
        "mean": round(float(mean), 4),
        "lower_95": round(float(q[0]), 4),
        "lower_50": round(float(q[2]), 4),
        "median": round(float(q[3]), 4),
        "upper_50": round(float(q[4]), 4),
        "upper_95": round(float(q[6]), 4),
    }


def rt_summary(series: DailySeries, p: dict[str, Any]) -> tuple[dict, list[str]]:
    """Rt per sliding window of the run's area, the latest window on its own."""
    est = estimate(series, p)
    windows = [_rt_row(est, j, series.dates) for j in range(est.t_end.size)]
    summary = {
        "area": series.codes[0],
        "figure": series.figure,
        "windows": windows,
        "latest": windows[-1],
        "observed": {"dates": _iso(series.dates), "values": rounded(series.values[0], 0)},
    }
    return summary, list(est.warnings)


def serial_interval(p: dict[str, Any]) -> np.ndarray:
    """The discrete serial interval, whole tail kept so that it sums to 1 (forecasts need it)."""
    return discretise_gamma_si(p["si_mean"], p["si_sd"])


def forecasts(series: DailySeries, p: dict[str, Any]) -> tuple[Forecast, Forecast | None, list]:
    """Renewal forecasts of the run's area and, when asked, of the other rows (one call for
    all of them, vectorised). The run's area is projected on its own, seeded with ``seed``,
    so its numbers do not depend on which other areas ride along."""
    rows = slice(None) if p.get("reporting_areas") and len(series.codes) > 1 else slice(0, 1)
    est = estimate(series, p, rows)
    shape, scale = np.atleast_2d(est.shape)[:, -1], np.atleast_2d(est.scale)[:, -1]
    si = serial_interval(p)
    common = {"horizon": p["horizon"], "n_paths": p["paths"], "dispersion": p["dispersion"]}
    own = forecast_cases(
        series.values[:1], si, rt_shape=shape[:1], rt_scale=scale[:1], seed=p["seed"], **common
    )
    others = None
    if rows == slice(None):
        others = forecast_cases(
            series.values[1:],
            si,
            rt_shape=shape[1:],
            rt_scale=scale[1:],
            seed=p["seed"] + 1,
            **common,
        )
    return own, others, list(est.warnings)


def _bands(fc: Forecast, row: int) -> dict[str, list[float]]:
    return {name: rounded(getattr(fc, name)[row]) for name in BANDS}


def forecast_summary(series: DailySeries, p: dict[str, Any]) -> tuple[dict, list[str]]:
    """Median and 50 %/90 % bands per day ahead for the area (with the two baselines beside
    it) and, with ``reporting_areas``, for every other area."""
    own, others, warnings = forecasts(series, p)
    common = {"n_paths": p["paths"], "dispersion": p["dispersion"], "seed": p["seed"]}
    history = series.values[:1]
    baselines = {
        "baseline_mean": forecast_baseline_mean(
            history, p["horizon"], min(7, history.shape[1]), **common
        ),
        "baseline_last": forecast_baseline_last(history, p["horizon"], **common),
    }
    as_of = series.dates[-1]
    est = estimate(series, p)
    summary = {
        "area": series.codes[0],
        "figure": series.figure,
        "dates": _iso([as_of + (h + 1) * DAY for h in range(p["horizon"])]),
        "own": _bands(own, 0),
        "rt": _rt_row(est, est.t_end.size - 1, series.dates),
        "baselines": {name: _bands(fc, 0) for name, fc in baselines.items()},
        "observed": {
            "dates": _iso(series.dates[-OBSERVED_DAYS:]),
            "values": rounded(series.values[0, -OBSERVED_DAYS:], 0),
        },
        "areas": {}
        if others is None
        else {code: _bands(others, i) for i, code in enumerate(series.codes[1:])},
    }
    return summary, warnings


def _origins(series: DailySeries, p: dict[str, Any]) -> tuple[int, int]:
    """First origin (days of data it uses) and the number of days the backtest may read.

    An origin needs ``max(2 * window, 14)`` days behind it and ``horizon`` observed days
    after it. By default the last ``max_origins`` origins, ``step`` days apart, ending with
    the last origin whose horizon is fully observed; ``origins_from``/``origins_to`` (the
    as-of days of the replayed forecasts) narrow that."""
    days, horizon, step = len(series.dates), p["horizon"], p["step"]
    least = max(2 * p["window"], 14)
    last = days - horizon
    if p["origins_to"] is not None:
        last = min(last, (p["origins_to"] - series.dates[0]).days + 1)
    if last < least:
        raise NotEnoughData(
            f"{series.codes[0]}: a backtest of {horizon}-day forecasts needs at least "
            f"{least + horizon} days of data ({least} before the first forecast, {horizon} "
            f"after it); the series has {days} ({series.dates[0]} to {series.dates[-1]})"
        )
    earliest = least
    if p["origins_from"] is not None:
        earliest = max(least, (p["origins_from"] - series.dates[0]).days + 1)
    if earliest > last:
        raise NotEnoughData("no forecast origin lies between origins_from and origins_to")
    count = min(p["max_origins"], (last - earliest) // step + 1)
    first = last - step * (count - 1)
    return first, last + horizon


def backtest_summary(
    series: DailySeries, p: dict[str, Any], progress: Callable[[int, int], None] | None = None
) -> tuple[dict, list[str]]:
    """Replay the history (Forecast Hub style): forecast from each origin with the data up to
    it, by the renewal method and the two baselines, and score WIS and 50 %/90 % coverage."""
    check_cases(series, p["window"])
    first, end = _origins(series, p)
    result = backtest(
        series.values[:1, :end],
        serial_interval(p),
        methods=METHODS,
        start=first,
        horizon=p["horizon"],
        rt_window=p["window"],
        step=p["step"],
        n_paths=p["paths"],
        dispersion=p["dispersion"],
        prior_mean=p["prior_mean"],
        prior_sd=p["prior_sd"],
        seed=p["seed"],
        progress=progress,
    )
    return _scores(result, series, p), []


def _scores(result, series: DailySeries, p: dict[str, Any]) -> dict:
    """The backtest's summary: mean WIS (and relative to last week's average), coverage."""
    methods = list(result.methods)
    mean_wis = {m: float(result.mean_wis[i].mean()) for i, m in enumerate(methods)}
    reference = mean_wis["baseline_mean"] or 1.0
    return {
        "area": series.codes[0],
        "figure": series.figure,
        "methods": methods,
        "origins": [series.dates[int(o) - 1].isoformat() for o in result.origins],
        "horizon": p["horizon"],
        "mean_wis": {m: round(v, 2) for m, v in mean_wis.items()},
        "relative_wis": {m: round(v / reference, 3) for m, v in mean_wis.items()},
        "coverage_50": {
            m: round(float(result.coverage_50[i].mean()), 3) for i, m in enumerate(methods)
        },
        "coverage_90": {
            m: round(float(result.coverage_90[i].mean()), 3) for i, m in enumerate(methods)
        },
        "wis_by_horizon": {m: rounded(result.mean_wis[i], 2) for i, m in enumerate(methods)},
        "best": min(mean_wis, key=mean_wis.get),
    }
