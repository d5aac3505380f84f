"""Discrete serial interval distributions, as EpiEstim builds them.

The renewal equation of Cori et al. 2013 (Am J Epidemiol 178(9):1505-1512) weights past
incidence by a *discrete* serial interval ``w_k`` (the probability that the serial interval is
``k`` days, ``k = 0, 1, 2, ...``). EpiEstim's ``discr_si`` derives it from a continuous gamma
shifted by one day, integrated over the day (Web Appendix 11 of the paper). We reproduce that
closed form exactly so that our estimates match ``estimate_R(method = "parametric_si")``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import gamma

from epicommand.errors import ValidationFailed

# EpiEstim's check_si_distr refuses a distribution whose sum is further than this from 1.
SI_SUM_TOLERANCE = 0.01  # EpiEstim R/utilities.R, check_si_distr
# With max_days=None the distribution runs until the gamma's upper tail is below this.
DEFAULT_TAIL_MASS = 1e-12


def _gamma_cdf(x: np.ndarray, shape: float, scale: float) -> np.ndarray:
    """Gamma CDF with F(x) = 0 for x <= 0, as R's pgamma gives for negative arguments."""
    return np.where(x > 0, gamma.cdf(np.maximum(x, 0.0), shape, scale=scale), 0.0)


def _check_mean_sd(mean: float, sd: float) -> None:
    """EpiEstim's check_config for parametric_si: mean_si > 1 (shift of one day), std_si > 0."""
    if not (math.isfinite(mean) and math.isfinite(sd)):
        raise ValidationFailed(f"serial interval mean and sd must be finite, got {mean}, {sd}")
    if mean <= 1:
        raise ValidationFailed(
            f"serial interval mean must be > 1 day for the offset gamma, got {mean}"
        )
    if sd <= 0:
        raise ValidationFailed(f"serial interval sd must be > 0, got {sd}")


def _default_max_days(shape: float, scale: float) -> int:
    """Last day k such that the offset gamma's mass beyond k - 2 is below DEFAULT_TAIL_MASS."""
    return int(math.ceil(gamma.isf(DEFAULT_TAIL_MASS, shape, scale=scale))) + 2


def discretise_gamma_si(mean: float, sd: float, max_days: int | None = None) -> np.ndarray:
    """Discrete serial interval w_0..w_max_days of a gamma shifted by one day.

    Exactly EpiEstim's ``discr_si(0:max_days, mean, sd)`` (Cori et al. 2013, Web Appendix 11):
    with a = ((mu-1)/sigma)^2 and b = sigma^2/(mu-1) (shape and scale of the gamma of
    ``SI - 1``) and F(., a, b) its CDF (0 below 0),

        w_k = k F(k) + (k-2) F(k-2) - 2(k-1) F(k-1)
              + a b (2 F(k-1; a+1) - F(k-2; a+1) - F(k; a+1)),

    clipped at 0; w_0 = 0 because nobody infects on the day of their own onset.
    ``estimate_R`` calls it with ``max_days = T - 1`` (T days of incidence); with
    ``max_days=None`` the tail is kept until its mass is below 1e-12, so the result sums to 1.
    """
    mean, sd = float(mean), float(sd)
    _check_mean_sd(mean, sd)
    a = ((mean - 1.0) / sd) ** 2
    b = sd**2 / (mean - 1.0)
    if max_days is None:
        max_days = _default_max_days(a, b)
    if isinstance(max_days, bool) or int(max_days) != max_days or max_days < 0:
        raise ValidationFailed(f"max_days must be a whole number >= 0, got {max_days!r}")
    k = np.arange(int(max_days) + 1, dtype=float)
    res = (
        k * _gamma_cdf(k, a, b)
        + (k - 2.0) * _gamma_cdf(k - 2.0, a, b)
        - 2.0 * (k - 1.0) * _gamma_cdf(k - 1.0, a, b)
        + a
        * b
        * (
            2.0 * _gamma_cdf(k - 1.0, a + 1.0, b)
            - _gamma_cdf(k - 2.0, a + 1.0, b)
            - _gamma_cdf(k, a + 1.0, b)
        )
    )
    res = np.maximum(res, 0.0)
    res[0] = 0.0
    return res


def validate_si_distribution(w: np.ndarray, *, require_sum_one: bool = True) -> np.ndarray:
    """Check a discrete serial interval as EpiEstim's ``check_si_distr`` does; return it as floats.

    Rules (EpiEstim R/utilities.R): a 1-D vector, ``w[0] == 0`` (no same-day transmission),
    no negative value, and a sum within 0.01 of 1. We also refuse NaN and infinities, which
    R would let through into NA results. ``require_sum_one=False`` skips the sum check, as
    EpiEstim does for ``parametric_si`` where ``discr_si(0:(T-1))`` is truncated at T - 1 days.
    """
    arr = np.asarray(w, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValidationFailed("serial interval distribution must be a non-empty 1-D vector")
    if not np.all(np.isfinite(arr)):
        raise ValidationFailed("serial interval distribution contains NaN or infinite values")
    if arr[0] != 0:
        raise ValidationFailed(f"serial interval distribution must have w[0] = 0, got {arr[0]}")
    if np.any(arr < 0):
        raise ValidationFailed("serial interval distribution must not contain negative values")
    total = float(arr.sum())
    if require_sum_one and abs(total - 1.0) > SI_SUM_TOLERANCE:
        raise ValidationFailed(
            f"serial interval distribution must sum to 1 (within {SI_SUM_TOLERANCE}), "
            f"sums to {total:.6g}"
        )
    return arr
