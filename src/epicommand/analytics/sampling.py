"""A fast binomial sampler for chain-binomial epidemic models.

``binomial(rng, n, p)`` draws Binomial(n_i, p_i) for every cell of a large integer array, as
the scenario model (``simulate``) needs for each transition of each day, run and area. It picks
one of three regimes per cell:

- cells with n = 0 or p = 0 cost nothing;
- cells with a mean below ``RARE_MAX_MEAN`` are drawn exactly by inversion of one uniform
  (``rare_binomial``; Devroye 1986, *Non-Uniform Random Variate Generation*, §X.4);
- cells with a variance above ``NORMAL_APPROX_MIN_VARIANCE`` come from the normal
  approximation, rounded and clipped to [0, n];
- the rest use numpy's exact sampler (Kachitvichyanukul & Schmeiser 1988, Commun ACM
  31(2):216-22).

Pure numpy: no Django, no database. The order in which random numbers are drawn is part of
the contract: a seed gives the same draws as before this module was split out of ``simulate``.
"""

from __future__ import annotations

import math

import numpy as np

#: Cells whose binomial variance n p (1 - p) exceeds 9 are drawn from the normal approximation
#: (rounded, clipped to [0, n]); the rest exactly. "np(1-p) > 9" is the textbook rule of thumb
#: (Schader & Schmid 1989, Am Stat 43(1):23-24). Exact draws for every cell cost 3-5 times more
#: and break the 10 s budget for 1,000 runs x 200 areas x 180 days; small counts, where chance
#: decides whether an outbreak takes off or dies out, stay exact.
NORMAL_APPROX_MIN_VARIANCE = 9.0
#: Cells with a mean below 1/4 go through ``rare_binomial`` (inversion, mostly one comparison).
RARE_MAX_MEAN = 0.25


def _pick(x: float | np.ndarray, idx: np.ndarray) -> float | np.ndarray:
    """A per-cell array at ``idx``, or the scalar itself."""
    return x[idx] if np.ndim(x) else x


def rare_binomial(
    rng: np.random.Generator, n: np.ndarray, p: float | np.ndarray, log_q: float | np.ndarray
) -> np.ndarray:
    """Exact Binomial(n, p) for cells with small means by inversion of one uniform per cell
    (Devroye 1986, *Non-Uniform Random Variate Generation*, §X.4): most cells stop at 0 after
    one comparison, so this costs a fraction of numpy's per-cell set-up."""
    u = rng.random(n.size)
    out = np.zeros(n.size, dtype=np.int64)
    # Cheap float32 gate, lowered by 1e-6 (> its rounding error) so that it never sends a cell
    # to 0 that the exact float64 comparison below would not.
    gate = np.exp((n * log_q).astype(np.float32)) * np.float32(1 - 1e-6)
    live = np.flatnonzero(u > gate)
    pmf = np.exp(n[live] * _pick(log_q, live))
    cdf = pmf.copy()
    n_l, u_l, ratio = n[live], u[live], _pick(p / (1.0 - p), live)
    for k in range(1, 200):  # mean < 1/4: 200 steps lie far beyond float precision
        go = (u_l > cdf) & (n_l >= k) & (pmf > 1e-15)
        if not go.any():
            break
        out[live[go]] = k
        pmf = pmf * (n_l - (k - 1)) / k * ratio
        cdf = cdf + pmf
    return out


def _regimes(flat: np.ndarray, p: float | np.ndarray) -> tuple[np.ndarray, ...]:
    """Flat indices of the cells drawn by normal approximation, by ``rare_binomial`` and by numpy.

    With one p for all cells the variance and mean limits are limits on n: no float pass.
    """
    if np.ndim(p) == 0:
        pq = p * (1 - p)
        n_big = NORMAL_APPROX_MIN_VARIANCE / pq if pq > 0 else np.inf
        n_rare = RARE_MAX_MEAN / p
        return (
            np.flatnonzero(flat > n_big),
            np.flatnonzero((flat > 0) & (flat < n_rare)),
            np.flatnonzero((flat >= n_rare) & (flat <= n_big)),
        )
    mean = flat.astype(np.float32) * p
    var = mean * (1 - p)
    big = var > NORMAL_APPROX_MIN_VARIANCE
    return (
        np.flatnonzero(big),
        np.flatnonzero((mean < RARE_MAX_MEAN) & (mean > 0)),
        np.flatnonzero(~big & (mean >= RARE_MAX_MEAN)),
    )


def binomial(
    rng: np.random.Generator, n: np.ndarray, p: float | np.ndarray, log_q: np.ndarray | None = None
) -> np.ndarray:
    """Binomial(n, p) per cell: exact where the variance is <= 9, normal approximation above.

    Cells with n = 0 or p = 0 cost nothing; cells with mean < 1/4 use ``rare_binomial``; the rest of
    the small cells use numpy's exact sampler (Kachitvichyanukul & Schmeiser 1988, Commun ACM
    31(2):216-22). ``log_q`` = log(1 - p) when the caller has it.
    """
    flat = n.ravel()
    out = np.zeros(flat.size, dtype=np.int64)
    prob = float(p) if np.ndim(p) == 0 else np.ravel(p)
    if np.ndim(prob) == 0 and prob <= 0:
        return out.reshape(n.shape)
    big, rare, small = _regimes(flat, prob)
    if big.size:
        n_big, p_big = flat[big], _pick(prob, big)
        mean = n_big * p_big
        z = rng.standard_normal(big.size, dtype=np.float32)
        out[big] = np.clip(np.rint(mean + np.sqrt(mean * (1 - p_big)) * z), 0, n_big)
    if rare.size:
        p_rare = _pick(prob, rare)
        if log_q is not None:
            lq = log_q.ravel()[rare].astype(float)
        else:
            lq = math.log1p(-prob) if np.ndim(prob) == 0 else np.log1p(-p_rare.astype(float))
        out[rare] = rare_binomial(rng, flat[rare], p_rare, lq)
    if small.size:
        out[small] = rng.binomial(flat[small], _pick(prob, small))
    return out.reshape(n.shape)
