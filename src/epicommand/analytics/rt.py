"""Time-varying reproduction number R_t, exactly as EpiEstim's ``estimate_R``.

Source: Cori A, Ferguson NM, Fraser C, Cauchemez S. A new framework and software to estimate
time-varying reproduction numbers during epidemics. Am J Epidemiol 2013;178(9):1505-1512, and
the EpiEstim R package (mrc-ide/EpiEstim, R/estimate_R.R, R/utilities.R, R/make_config.R),
which this module mirrors rule by rule for ``method = "parametric_si"`` / ``"non_parametric_si"``.

Model (days numbered 1..T as in EpiEstim; I = local + imported is the total incidence):

    Lambda_t = sum_{s=1}^{t-1} I_{t-s} w_s                     (overall infectivity)
    R over a window [t_start, t_end] ~ Gamma(shape, scale), with
    shape = a_prior + sum_{t in window} I_local_t              (only local cases are "caused")
    scale = 1 / (1 / b_prior + sum_{t in window} Lambda_t)
    a_prior = (prior_mean / prior_sd)^2,  b_prior = prior_sd^2 / prior_mean
    Mean = shape * scale, Std = sqrt(shape) * scale, quantiles from the gamma posterior.

The input is a dense daily series: a missing day must be filled by the caller (with 0 or an
imputed count); NaN is refused rather than silently read as 0 as EpiEstim does.
Everything is vectorised over areas and windows: the convolution with the serial interval and
the window sums are matrix products of non-negative terms, so no cancellation creeps in
(a cumulative-sum difference would lose digits on long series).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import gamma

from epicommand.analytics.serial_interval import discretise_gamma_si, validate_si_distribution
from epicommand.errors import ValidationFailed

DEFAULT_WINDOW = 7  # EpiEstim make_config: weekly sliding windows t_start = 2:(T-6)
# The Gamma prior on Rt: Cori et al. 2013, Am J Epidemiol 178(9):1505-12; EpiEstim make_config
# defaults mean_prior and std_prior. The one definition: scoring and both CLIs import these.
DEFAULT_PRIOR_MEAN = 5.0
DEFAULT_PRIOR_SD = 5.0
DEFAULT_CV_POSTERIOR = 0.3  # EpiEstim make_config default cv_posterior
QUANTILES = (0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975)  # EpiEstim estimate_R output
QUANTILE_COLUMNS = (
    "Quantile.0.025(R)",
    "Quantile.0.05(R)",
    "Quantile.0.25(R)",
    "Median(R)",
    "Quantile.0.75(R)",
    "Quantile.0.95(R)",
    "Quantile.0.975(R)",
)
COLUMNS = ("t_start", "t_end", "Mean(R)", "Std(R)", *QUANTILE_COLUMNS)
# Verbatim from EpiEstim estimate_R_func (its line break collapsed).
TOO_EARLY_WARNING = "You're estimating R too early in the epidemic to get the desired posterior CV."


@dataclass(frozen=True)
class RtEstimate:
    """Gamma posterior of R per window; 1-D input gives (windows,), 2-D (areas, windows).

    ``t_start``/``t_end`` are 1-based day numbers shared by all areas; ``quantiles`` has the
    quantile on its last axis, in the order of ``QUANTILES``.
    """

    t_start: np.ndarray
    t_end: np.ndarray
    shape: np.ndarray
    scale: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    quantiles: np.ndarray
    warnings: list[str]

    def to_rows(self, dates: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """The estimate as EpiEstim's ``$R`` table; see ``rt_table``."""
        return rt_table(self, dates)


def estimate_rt(
    local: np.ndarray,
    si: np.ndarray,
    *,
    imported: np.ndarray | None = None,
    window: int = DEFAULT_WINDOW,
    t_start: Sequence[int] | np.ndarray | None = None,
    t_end: Sequence[int] | np.ndarray | None = None,
    prior_mean: float = DEFAULT_PRIOR_MEAN,
    prior_sd: float = DEFAULT_PRIOR_SD,
    cv_posterior: float = DEFAULT_CV_POSTERIOR,
) -> RtEstimate:
    """R_t from daily incidence and a discrete serial interval (EpiEstim "non_parametric_si").

    ``local`` is (T,) or (areas, T) daily counts; without ``imported`` the first day's cases are
    taken as imported, as EpiEstim does. ``si`` is w_0, w_1, ... with w_0 = 0 and a sum of 1
    (EpiEstim's check_si_distr). Default windows: t_start = 2..T-window+1 and
    t_end = t_start + window - 1; or give both ``t_start`` and ``t_end`` (1-based, in 2..T).
    Windows ending on or before the mean of ``si`` are dropped, as in EpiEstim.
    """
    w = validate_si_distribution(si)
    return _estimate(local, w, imported, window, t_start, t_end, prior_mean, prior_sd, cv_posterior)


def estimate_rt_parametric(
    local: np.ndarray,
    mean_si: float,
    sd_si: float,
    *,
    imported: np.ndarray | None = None,
    window: int = DEFAULT_WINDOW,
    t_start: Sequence[int] | np.ndarray | None = None,
    t_end: Sequence[int] | np.ndarray | None = None,
    prior_mean: float = DEFAULT_PRIOR_MEAN,
    prior_sd: float = DEFAULT_PRIOR_SD,
    cv_posterior: float = DEFAULT_CV_POSTERIOR,
) -> RtEstimate:
    """R_t with an offset-gamma serial interval (EpiEstim "parametric_si").

    As EpiEstim, the serial interval is ``discr_si(0:(T-1), mean_si, sd_si)``: truncated at
    T - 1 days and not renormalised, which also sets the mean used to drop early windows.
    """
    n_days = int(np.shape(local)[-1]) if np.ndim(local) else 0
    w = discretise_gamma_si(mean_si, sd_si, max_days=max(n_days - 1, 0))
    return _estimate(local, w, imported, window, t_start, t_end, prior_mean, prior_sd, cv_posterior)


def rt_table(est: RtEstimate, dates: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """Rows with EpiEstim's column names (``COLUMNS``), one per window (and area).

    With ``dates`` (one per day of the series) ``date_start``/``date_end`` follow ``t_end``, as
    EpiEstim adds them when ``incid$dates`` is given. 2-D estimates get a leading ``area`` index.
    """
    if est.mean.ndim == 1:
        return _rows_one_area(est, 0, None, dates)
    rows: list[dict[str, Any]] = []
    for area in range(est.mean.shape[0]):
        rows.extend(_rows_one_area(est, area, area, dates))
    return rows


def _rows_one_area(
    est: RtEstimate, index: int, area: int | None, dates: Sequence[Any] | None
) -> list[dict[str, Any]]:
    """Table rows of one area; ``area`` None for a 1-D estimate (no area column)."""
    mean = np.atleast_2d(est.mean)[index]
    std = np.atleast_2d(est.std)[index]
    quant = est.quantiles.reshape(-1, est.t_start.size, len(QUANTILES))[index]
    rows = []
    for j, (ts, te) in enumerate(zip(est.t_start.tolist(), est.t_end.tolist(), strict=True)):
        row: dict[str, Any] = {} if area is None else {"area": area}
        row |= {"t_start": ts, "t_end": te}
        if dates is not None:
            row |= {"date_start": dates[ts - 1], "date_end": dates[te - 1]}
        row |= {"Mean(R)": float(mean[j]), "Std(R)": float(std[j])}
        row |= dict(zip(QUANTILE_COLUMNS, quant[j].tolist(), strict=True))
        rows.append(row)
    return rows


def _estimate(
    local: np.ndarray,
    w: np.ndarray,
    imported: np.ndarray | None,
    window: int,
    t_start: Sequence[int] | np.ndarray | None,
    t_end: Sequence[int] | np.ndarray | None,
    prior_mean: float,
    prior_sd: float,
    cv_posterior: float,
) -> RtEstimate:
    """Shared core of both methods once the serial interval is known (EpiEstim estimate_R_func)."""
    a_prior, b_prior = _prior(prior_mean, prior_sd, cv_posterior)
    loc, imp, was_1d, notes = _incidence(local, imported)
    n_days = loc.shape[1]
    ts, te = _windows(n_days, window, t_start, t_end)
    total = loc + imp
    in_window = _window_matrix(ts, te, n_days)
    notes += _too_early(total, in_window[:, 0], a_prior, cv_posterior, was_1d)
    keep = te > float(np.sum(w * np.arange(w.size)))  # EpiEstim: t_end > mean SI, else NA row
    if not np.all(keep):
        notes.append(
            f"{int(np.sum(~keep))} window(s) ending on or before the mean serial "
            "interval were dropped (EpiEstim leaves them out)"
        )
    ts, te, in_window = ts[keep], te[keep], in_window[:, keep]
    lam_sum = total @ (_infectivity_matrix(w, n_days) @ in_window)
    shape = a_prior + loc @ in_window
    scale = 1.0 / (1.0 / b_prior + lam_sum)
    notes += _prior_only(lam_sum, was_1d)
    quant = _quantiles(shape, scale)
    mean, std = shape * scale, np.sqrt(shape) * scale
    if was_1d:
        shape, scale, mean, std, quant = shape[0], scale[0], mean[0], std[0], quant[0]
    return RtEstimate(ts, te, shape, scale, mean, std, quant, notes)


def _prior(prior_mean: float, prior_sd: float, cv_posterior: float) -> tuple[float, float]:
    """Gamma prior shape and scale from its mean and sd (EpiEstim process_config checks)."""
    for name, value in (("prior_mean", prior_mean), ("prior_sd", prior_sd)):
        if not (math.isfinite(value) and value > 0):
            raise ValidationFailed(f"{name} must be a finite number > 0, got {value}")
    if not (math.isfinite(cv_posterior) and cv_posterior > 0):
        raise ValidationFailed(f"cv_posterior must be a finite number > 0, got {cv_posterior}")
    return (prior_mean / prior_sd) ** 2, prior_sd**2 / prior_mean


def _counts(values: Any, name: str) -> np.ndarray:
    """A dense (T,) or (areas, T) array of non-negative finite counts, else a refusal."""
    arr = np.array(values, dtype=float)
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0 or arr.size == 0:
        raise ValidationFailed(f"{name} must be a non-empty (days,) or (areas, days) array")
    if not np.all(np.isfinite(arr)):
        raise ValidationFailed(
            f"{name} contains NaN or infinite values; fill missing days before estimating"
        )
    if np.any(arr < 0):
        raise ValidationFailed(f"{name} must contain only non-negative counts")
    return arr


def _incidence(local: Any, imported: Any | None) -> tuple[np.ndarray, np.ndarray, bool, list[str]]:
    """2-D local and imported series with day 1 all imported (EpiEstim process_I)."""
    loc = _counts(local, "local incidence")
    was_1d = loc.ndim == 1
    notes: list[str] = []
    if imported is None:
        imp = np.zeros_like(loc)
    else:
        imp = _counts(imported, "imported incidence")
        if imp.shape != loc.shape:
            raise ValidationFailed(
                f"imported incidence has shape {imp.shape}, local incidence {loc.shape}"
            )
        if np.any(loc[..., 0] > 0):
            notes.append(
                "local cases on day 1 were moved to imported: all cases on the first "
                "day are assumed imported (EpiEstim process_I)"
            )
    loc, imp = np.atleast_2d(loc), np.atleast_2d(imp)
    imp[:, 0] += loc[:, 0]
    loc[:, 0] = 0.0
    return loc, imp, was_1d, notes


def _as_days(values: Any, name: str) -> np.ndarray:
    """1-D whole day numbers, refusing fractions (EpiEstim check_times)."""
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    if arr.ndim != 1 or not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
        raise ValidationFailed(f"{name} must be a vector of whole day numbers")
    return arr.astype(np.int64)


def _windows(
    n_days: int, window: int, t_start: Any | None, t_end: Any | None
) -> tuple[np.ndarray, np.ndarray]:
    """1-based window bounds: EpiEstim's defaults or the caller's, checked as check_times does."""
    if t_start is None and t_end is None:
        if isinstance(window, bool) or int(window) != window or window < 1:
            raise ValidationFailed(f"window must be a whole number of days >= 1, got {window!r}")
        if n_days < window + 1:
            raise ValidationFailed(
                f"{n_days} day(s) of incidence: a {window}-day window starting on day 2 "
                f"needs at least {window + 1}"
            )
        ts = np.arange(2, n_days - window + 2, dtype=np.int64)
        return ts, ts + int(window) - 1
    if t_start is None or t_end is None:
        raise ValidationFailed("give both t_start and t_end, or neither")
    ts, te = _as_days(t_start, "t_start"), _as_days(t_end, "t_end")
    if ts.size != te.size or ts.size == 0:
        raise ValidationFailed("t_start and t_end must be non-empty and of the same length")
    if np.any(ts > te):
        raise ValidationFailed("t_start[i] must be <= t_end[i] for all i")
    if np.any((ts < 2) | (te > n_days)):
        raise ValidationFailed(
            f"windows must lie within days 2..{n_days} (day 1 is all imported cases)"
        )
    return ts, te


def _window_matrix(ts: np.ndarray, te: np.ndarray, n_days: int) -> np.ndarray:
    """(T, windows) 0/1 matrix: column j selects days t_start[j]..t_end[j] (1-based)."""
    day = np.arange(1, n_days + 1)[:, None]
    return ((day >= ts[None, :]) & (day <= te[None, :])).astype(float)


def _infectivity_matrix(w: np.ndarray, n_days: int) -> np.ndarray:
    """(T, T) matrix K with (I @ K)[t] = Lambda_t = sum_{s>=1} I_{t-s} w_s (Toeplitz in w)."""
    lag = np.arange(n_days)[None, :] - np.arange(n_days)[:, None]
    padded = np.zeros(n_days + 1)
    padded[: min(w.size, n_days)] = w[:n_days]
    return np.where(lag >= 1, padded[np.clip(lag, 0, n_days)], 0.0)


def _too_early(
    total: np.ndarray, first_window: np.ndarray, a_prior: float, cv: float, was_1d: bool
) -> list[str]:
    """EpiEstim's warning: first window's cases < ceiling(1/cv_posterior^2 - a_prior)."""
    needed = math.ceil(1.0 / cv**2 - a_prior)
    short = np.flatnonzero(total @ first_window < needed)
    if short.size == 0:
        return []
    return [TOO_EARLY_WARNING if was_1d else f"{TOO_EARLY_WARNING} (areas: {_list(short)})"]


def _prior_only(lam_sum: np.ndarray, was_1d: bool) -> list[str]:
    """Warn where a window has no infectivity: its posterior is just the prior."""
    zero = lam_sum == 0
    if not np.any(zero):
        return []
    where = "" if was_1d else f" (areas: {_list(np.flatnonzero(zero.any(axis=1)))})"
    return [
        f"{int(zero.sum())} window(s) have no infectivity (Lambda = 0): "
        f"the estimate there is the prior, not data{where}"
    ]


def _list(indices: np.ndarray, limit: int = 20) -> str:
    """Comma-separated indices, shortened past ``limit``."""
    shown = ", ".join(str(i) for i in indices[:limit].tolist())
    return shown if indices.size <= limit else f"{shown}, ... ({indices.size} in all)"


def _quantiles(shape: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Gamma quantiles (QUANTILES on the last axis), as EpiEstim's qgamma calls.

    Shapes are a_prior plus whole case counts, so they repeat: the inverse incomplete gamma
    (the costly part) runs once per distinct shape, then scales, as scipy's ppf itself does.
    """
    out = np.empty(shape.shape + (len(QUANTILES),))
    if shape.size == 0:
        return out
    distinct, inverse = np.unique(shape, return_inverse=True)
    unit = gamma.ppf(np.asarray(QUANTILES)[None, :], distinct[:, None])
    out[...] = unit[inverse.reshape(shape.shape)] * scale[..., None]
    return out
