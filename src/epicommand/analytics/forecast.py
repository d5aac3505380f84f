"""Short-term case forecasts: renewal-equation projection and two naive baselines.

The projection follows Fraser 2007 (PLoS ONE 2(8):e758) and Cori et al. 2013 (Am J Epidemiol
178(9):1505-12), as in the R package ``projections`` (Jombart, Nouvellet et al.; Nouvellet et al.
2018, Epidemics 22:29-35): each sample path draws one R from the Gamma posterior of the last
window and holds it over the horizon; expected cases are mu_t = R * sum_s I_{t-s} w_s, the
observed history first and then the path's own simulated cases; counts are negative binomial
around mu_t. Everything is vectorised over areas and paths; the loop runs over horizon days.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from epicommand.errors import ValidationFailed

#: Negative-binomial size (variance mu + mu^2 / size) of daily counts around the renewal mean.
#: EpiNow2's default observation prior (obs_opts: 1/sqrt(phi) ~ HalfNormal(0, 0.25); Abbott et
#: al. 2020, Wellcome Open Res 5:112) puts about 80 % of its mass on phi > 10, so 10 is a
#: deliberately wide default for a planning tool; fit it per country with ``backtest``.
#: ``float("inf")`` gives Poisson counts.
DEFAULT_DISPERSION = 10.0

#: Areas are split into this many blocks, each with its own random stream spawned from the
#: seed, projected on parallel threads (numpy releases the GIL in array work). The split, not
#: the number of threads, fixes the result, so a seed gives the same paths on any machine.
AREA_BLOCKS = 4

#: Quantile levels of the bands carried by every forecast (median, 50 % and 90 % intervals).
BAND_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class Forecast:
    """Sample paths ``(areas, n_paths, horizon)`` float32 and their bands ``(areas, horizon)``.

    Every forecaster returns this type, so the scorer treats them alike. A 1-D incidence gives
    one area.
    """

    method: str
    paths: np.ndarray
    median: np.ndarray
    lower_50: np.ndarray
    upper_50: np.ndarray
    lower_90: np.ndarray
    upper_90: np.ndarray

    def quantiles(self, levels: np.ndarray) -> np.ndarray:
        """Quantiles over paths, ``(areas, horizon, len(levels))``, e.g. for the WIS."""
        return np.moveaxis(np.quantile(self.paths, np.asarray(levels), axis=1), 0, -1)


def as_incidence(incidence: np.ndarray) -> np.ndarray:
    """Daily counts as a float (areas, days) array; refuses NaN, negatives and empty series."""
    arr = np.asarray(incidence, dtype=float)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValidationFailed(f"incidence must be 1-D or areas x days, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValidationFailed("incidence contains NaN or infinite values")
    if np.any(arr < 0):
        raise ValidationFailed("incidence contains negative counts")
    return arr


def check_serial_interval(si: np.ndarray) -> np.ndarray:
    """A discrete serial interval w: w[0] = 0 (no same-day transmission), w >= 0, sum 1."""
    w = np.asarray(si, dtype=float)
    if w.ndim != 1 or w.size < 2:
        raise ValidationFailed("si must be a 1-D distribution with at least 2 values")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValidationFailed("si must hold finite probabilities >= 0")
    if w[0] != 0:
        raise ValidationFailed("si[0] must be 0 (Cori et al. 2013: no same-day transmission)")
    if abs(w.sum() - 1) > 1e-6:
        raise ValidationFailed(f"si must sum to 1, got {w.sum():.6g}")
    return w


def _cores() -> int:
    """CPU cores this process may use (its affinity where the OS reports it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _same(*values: object) -> list[repeat]:
    """Arguments shared by every block, for ``pool.map``."""
    return [repeat(v) for v in values]


def check_positive_int(name: str, value: int, minimum: int = 1) -> int:
    """An integer (not a bool) of at least ``minimum``, else a refusal naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValidationFailed(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_seed(seed: int) -> int:
    """Randomness is always seeded (CONVENTIONS §6): the seed must be an integer."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValidationFailed(f"seed must be an integer, got {seed!r}")
    return int(seed)


def _check_dispersion(dispersion: float) -> float:
    if not (dispersion > 0):  # also refuses NaN; inf means Poisson
        raise ValidationFailed(f"dispersion must be > 0 (inf for Poisson), got {dispersion}")
    return float(dispersion)


def _posterior(value: np.ndarray, name: str, n_areas: int) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = np.full(n_areas, float(arr))
    if arr.shape != (n_areas,):
        raise ValidationFailed(f"{name} must be a scalar or one value per area ({n_areas})")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValidationFailed(f"{name} must be finite and > 0")
    return arr


def _observe(rng: np.random.Generator, mu: np.ndarray, dispersion: float) -> np.ndarray:
    """Counts around ``mu``: negative binomial with size ``dispersion`` (Poisson if inf), drawn
    as its Gamma-Poisson mixture (Poisson(mu * Gamma(k, 1/k))), a little faster than numpy's."""
    if np.isinf(dispersion):
        return rng.poisson(mu).astype(np.float32)
    gamma = rng.standard_gamma(dispersion, np.shape(mu))
    return rng.poisson(gamma * (mu / dispersion)).astype(np.float32)


def _history_force(incidence: np.ndarray, w: np.ndarray, horizon: int) -> np.ndarray:
    """sum_{s > h} I_{T+h-s} w_s for h = 0..horizon-1: the observed part of Lambda, (areas, H)."""
    n_areas, days = incidence.shape
    lags = w.size - 1
    padded = np.concatenate([np.zeros((n_areas, lags)), incidence], axis=1)
    out = np.zeros((n_areas, horizon))
    for h in range(min(horizon, lags)):
        s = np.arange(h + 1, lags + 1)
        out[:, h] = padded[:, lags + days + h - s] @ w[s]
    return out


def _bands(method: str, paths: np.ndarray, q: np.ndarray | None = None) -> Forecast:
    q = np.quantile(paths, BAND_LEVELS, axis=1) if q is None else q
    return Forecast(method, paths, q[2], q[1], q[3], q[0], q[4])


def _project(
    rng: np.random.Generator,
    posterior: tuple[np.ndarray, np.ndarray],
    history: np.ndarray,
    w: np.ndarray,
    n_paths: int,
    dispersion: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Paths (areas, paths, horizon) for one block of areas and their band quantiles: one R
    per path from the Gamma (shape, scale) ``posterior``; ``history`` is the observed part of
    Lambda per day (areas, horizon)."""
    shape, scale = posterior
    r = rng.gamma(shape[:, None], scale[:, None], (shape.size, n_paths))
    horizon = history.shape[1]
    sim = np.zeros((horizon,) + r.shape, dtype=np.float32)
    for h in range(horizon):
        lam = np.broadcast_to(history[:, h, None], r.shape)
        m = min(h, w.size - 1)
        if m:  # einsum, not BLAS: BLAS worker threads would fight the area blocks' threads
            weights = w[m:0:-1].astype(np.float32)
            lam = lam + np.einsum("s,sap->ap", weights, sim[h - m : h], optimize=False)
        sim[h] = _observe(rng, r * lam, dispersion)
    paths = np.ascontiguousarray(sim.transpose(1, 2, 0))
    return paths, np.quantile(paths, BAND_LEVELS, axis=1)


def forecast_cases(
    incidence: np.ndarray,
    si: np.ndarray,
    *,
    rt_shape: np.ndarray,
    rt_scale: np.ndarray,
    horizon: int = 28,
    n_paths: int = 1000,
    dispersion: float = DEFAULT_DISPERSION,
    seed: int,
) -> Forecast:
    """Project daily cases ``horizon`` days ahead by the renewal equation (see module doc).

    ``rt_shape``/``rt_scale`` are the Gamma posterior of Rt over the last window per area
    (Cori et al. 2013: R ~ Gamma(shape, scale)). Same seed, same paths.
    """
    inc = as_incidence(incidence)
    w = check_serial_interval(si)
    horizon = check_positive_int("horizon", horizon)
    n_paths = check_positive_int("n_paths", n_paths)
    dispersion = _check_dispersion(dispersion)
    n_areas = inc.shape[0]
    shape = _posterior(rt_shape, "rt_shape", n_areas)
    scale = _posterior(rt_scale, "rt_scale", n_areas)
    history = _history_force(inc, w, horizon)
    blocks = np.array_split(np.arange(n_areas), min(AREA_BLOCKS, n_areas))
    rngs = np.random.default_rng(check_seed(seed)).spawn(len(blocks))
    posts = [(shape[b], scale[b]) for b in blocks]
    hist = [history[b] for b in blocks]
    with ThreadPoolExecutor(max_workers=min(len(blocks), _cores())) as pool:
        parts = list(pool.map(_project, rngs, posts, hist, *_same(w, n_paths, dispersion)))
    paths = np.concatenate([p for p, _ in parts])
    return _bands("renewal", paths, np.concatenate([q for _, q in parts], axis=1))


def _constant_mean_paths(
    level: np.ndarray, horizon: int, n_paths: int, dispersion: float, seed: int
) -> np.ndarray:
    rng = np.random.default_rng(check_seed(seed))
    mu = np.broadcast_to(level[:, None, None], (level.size, n_paths, horizon))
    return _observe(rng, mu, dispersion)


def forecast_baseline_mean(
    incidence: np.ndarray,
    horizon: int = 28,
    window: int = 7,
    *,
    n_paths: int = 1000,
    dispersion: float = DEFAULT_DISPERSION,
    seed: int,
) -> Forecast:
    """Naive baseline: every future day is last ``window`` days' average, with the same
    negative-binomial noise as ``forecast_cases`` (so the comparison isolates the dynamics).
    Flat baselines are what the COVID-19 Forecast Hub scores models against (Cramer et al.
    2022, PNAS 119(15):e2113561119)."""
    inc = as_incidence(incidence)
    horizon = check_positive_int("horizon", horizon)
    window = check_positive_int("window", window)
    if window > inc.shape[1]:
        raise ValidationFailed(f"window ({window}) is longer than the series ({inc.shape[1]})")
    paths = _constant_mean_paths(
        inc[:, -window:].mean(axis=1),
        horizon,
        check_positive_int("n_paths", n_paths),
        _check_dispersion(dispersion),
        seed,
    )
    return _bands("baseline_mean", paths)


def forecast_baseline_last(
    incidence: np.ndarray,
    horizon: int = 28,
    *,
    n_paths: int = 1000,
    dispersion: float = DEFAULT_DISPERSION,
    seed: int,
) -> Forecast:
    """Persistence baseline: every future day is the last observed value, with the same
    negative-binomial noise as ``forecast_cases``."""
    inc = as_incidence(incidence)
    paths = _constant_mean_paths(
        inc[:, -1],
        check_positive_int("horizon", horizon),
        check_positive_int("n_paths", n_paths),
        _check_dispersion(dispersion),
        seed,
    )
    return _bands("baseline_last", paths)
