"""Nowcasting right-truncated case counts from a line list of onset and report days.

Cases with a recent onset are mostly not reported yet. With F the cumulative distribution of
the reporting delay, the expected eventual count for onset day t is observed_t / F(asof - t)
(Lawless 1994, Can J Stat 22(1):15-31; Höhle & an der Heiden 2014, Biometrics 70(4):993-1002).

F is estimated either by the reverse-time discrete hazard (Lawless 1994; ``surveillance``'s
``nowcast(method = "lawless")``), which uses every reported case whose delay could have been
observed, or empirically from cases old enough to have a fully observable delay. The interval
adds the two uncertainties by simulation: the delay distribution is bootstrapped (the cases
behind it resampled, Efron & Tibshirani 1993), and given F the not-yet-reported count is negative
binomial, NB(observed_t, F), the posterior of the total under the scale prior p(N) ~ 1/N, whose
mean is observed_t (1 - F) / F, matching the point estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from epicommand.errors import ValidationFailed

#: Fewest cases with a fully observable delay (onset <= asof - max_delay) before delays are
#: estimated: with 50, the empirical CDF lies within 0.17 of the true one everywhere with 90 %
#: probability (Dvoretzky-Kiefer-Wolfowitz bound, Massart 1990, Ann Probab 18(3):1269-83).
MIN_COMPLETE_CASES = 50
METHODS = ("reverse_time", "empirical")


@dataclass(frozen=True)
class Nowcast:
    """Per onset day ``days`` (earliest onset to ``asof``): reported so far, the point estimate
    of the eventual total, and the median and 90 % interval of simulated totals; plus the
    estimated delay pmf over 0..max_delay days. Days no case is ever reported that fast
    (F = 0) have no information: NaN."""

    days: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    median: np.ndarray
    lower_90: np.ndarray
    upper_90: np.ndarray
    delay_pmf: np.ndarray


def _check_line_list(
    onset_day: np.ndarray, report_day: np.ndarray, asof: int
) -> tuple[np.ndarray, np.ndarray]:
    onset = np.asarray(onset_day, dtype=float)
    report = np.asarray(report_day, dtype=float)
    if onset.ndim != 1 or onset.shape != report.shape:
        raise ValidationFailed("onset_day and report_day must be 1-D arrays of the same length")
    if not (np.all(np.isfinite(onset)) and np.all(np.isfinite(report))):
        raise ValidationFailed("onset_day and report_day must not contain NaN")
    if np.any(onset != np.round(onset)) or np.any(report != np.round(report)):
        raise ValidationFailed("onset_day and report_day must be whole day indices")
    if np.any(report < onset):
        raise ValidationFailed("a case is reported before its onset")
    if isinstance(asof, bool) or not isinstance(asof, int | np.integer):
        raise ValidationFailed(f"asof must be an integer day index, got {asof!r}")
    known = report <= asof  # what was known on the as-of day
    return onset[known].astype(np.int64), report[known].astype(np.int64)


def _cells(onset: np.ndarray, report: np.ndarray, asof: int, max_delay: int) -> np.ndarray:
    """Counts by (age, delay): age = asof - onset and delay both capped at max_delay."""
    age = np.minimum(asof - onset, max_delay)
    delay = np.minimum(report - onset, max_delay)
    size = max_delay + 1
    return np.bincount(age * size + delay, minlength=size * size).reshape(size, size)


def _reverse_time_cdf(cells: np.ndarray) -> np.ndarray:
    """F(0..D) from counts ``(..., age, delay)`` by the reverse-time hazard.

    g(d) = P(delay = d | delay <= d), estimated from cases old enough to show a delay of d
    (age >= d): g(d) = n(delay = d) / n(delay <= d); F(D) = 1, F(d - 1) = F(d) (1 - g(d)).
    """
    size = cells.shape[-1]
    at_risk = np.flip(np.cumsum(np.flip(cells, axis=-2), axis=-2), axis=-2)  # age >= a
    d = np.arange(size)
    with_d = at_risk[..., d, d]
    up_to_d = np.cumsum(at_risk, axis=-1)[..., d, d]
    hazard = np.divide(with_d, up_to_d, out=np.zeros(with_d.shape), where=up_to_d > 0)
    survive = np.cumprod(np.flip(1 - hazard[..., 1:], axis=-1), axis=-1)
    return np.concatenate([np.flip(survive, axis=-1), np.ones(hazard.shape[:-1] + (1,))], axis=-1)


def _empirical_cdf(cells: np.ndarray) -> np.ndarray:
    """F from the cases whose delay is fully observable (age = max_delay)."""
    complete = cells[..., -1, :]
    total = complete.sum(axis=-1, keepdims=True)
    return np.cumsum(complete, axis=-1) / np.maximum(total, 1)


def _bootstrap_cells(rng: np.random.Generator, cells: np.ndarray, n_samples: int) -> np.ndarray:
    """Resample the cases (multinomially over their (age, delay) cells), ``n_samples`` times."""
    flat = cells.ravel()
    draws = rng.multinomial(flat.sum(), flat / flat.sum(), size=n_samples)
    return draws.reshape((n_samples,) + cells.shape)


def _check_options(method: str, max_delay: int, n_samples: int, min_complete: int) -> None:
    if method not in METHODS:
        raise ValidationFailed(f"method must be one of {METHODS}, got {method!r}")
    for name, value in (("max_delay", max_delay), ("n_samples", n_samples)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValidationFailed(f"{name} must be an integer >= 1, got {value!r}")
    if isinstance(min_complete, bool) or not isinstance(min_complete, int | np.integer):
        raise ValidationFailed("min_complete must be an integer")
    if min_complete < 1:
        raise ValidationFailed("min_complete must be >= 1")


def nowcast_cases(
    onset_day: np.ndarray,
    report_day: np.ndarray,
    *,
    asof: int,
    max_delay: int = 21,
    method: str = "reverse_time",
    n_samples: int = 1000,
    min_complete: int = MIN_COMPLETE_CASES,
    seed: int,
) -> Nowcast:
    """Correct the last days' counts by onset for cases not reported yet as of ``asof``.

    Cases reported after ``asof`` are ignored (not known then). Delays beyond ``max_delay`` are
    counted at ``max_delay``: choose it so that few delays exceed it. Refuses with fewer than
    ``min_complete`` cases whose delay is fully observable (onset <= asof - max_delay).
    """
    _check_options(method, max_delay, n_samples, min_complete)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValidationFailed(f"seed must be an integer, got {seed!r}")
    onset, report = _check_line_list(onset_day, report_day, asof)
    complete = int(np.sum(onset <= asof - max_delay))
    if complete < min_complete:
        raise ValidationFailed(
            f"only {complete} cases with a fully observable delay (onset <= asof - {max_delay});"
            f" at least {min_complete} are needed to estimate reporting delays"
        )
    cdf_of = _reverse_time_cdf if method == "reverse_time" else _empirical_cdf
    cells = _cells(onset, report, asof, max_delay)
    cdf = cdf_of(cells)
    rng = np.random.default_rng(seed)
    boot = cdf_of(_bootstrap_cells(rng, cells, n_samples))  # (n_samples, D + 1)
    days = np.arange(onset.min(), asof + 1)
    observed = np.bincount(onset - days[0], minlength=days.size).astype(float)
    age = np.minimum(asof - days, max_delay)
    return _summarise(rng, days, observed, cdf[age], boot[:, age], np.diff(cdf, prepend=0.0))


def _summarise(
    rng: np.random.Generator,
    days: np.ndarray,
    observed: np.ndarray,
    f_point: np.ndarray,
    f_boot: np.ndarray,
    pmf: np.ndarray,
) -> Nowcast:
    """Point estimate observed / F and simulated totals observed + NB(observed, F_boot)."""
    known = f_point > 0
    expected = np.where(known, observed / np.where(known, f_point, 1), np.nan)
    f_safe = np.clip(f_boot, 1e-12, 1.0)
    n_safe = np.maximum(observed, 1)  # numpy needs n > 0; zero counts add nothing below
    missing = rng.negative_binomial(np.broadcast_to(n_safe, f_safe.shape), f_safe)
    totals = observed + np.where(observed > 0, missing, 0)
    lo, mid, hi = np.quantile(totals, [0.05, 0.5, 0.95], axis=0)
    unknown = ~known
    return Nowcast(
        days=days,
        observed=observed,
        expected=expected,
        median=np.where(unknown, np.nan, mid),
        lower_90=np.where(unknown, np.nan, lo),
        upper_90=np.where(unknown, np.nan, hi),
        delay_pmf=pmf,
    )
