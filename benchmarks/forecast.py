"""Benchmark: renewal-equation forecast, 200 areas x 28 days x 1,000 sample paths.

Target: under 2 s at full size. Reference: a straightforward per-area, per-day numpy loop of
the same projection (R ~ Gamma posterior per path, mu_t = R sum_s I_{t-s} w_s over history then
simulated cases, negative-binomial counts), written here. The two use their random numbers in a
different order, so they are compared statistically: every (area, day) mean over paths must
agree within 5 standard errors, and the summed medians and 90 % band widths within 5 %; the
script exits 1 otherwise.

    python benchmarks/forecast.py [--quick] [--db sqlite|postgresql]   (--db is ignored)
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time

import numpy as np
from scipy import stats

from epicommand.analytics.forecast import DEFAULT_DISPERSION, forecast_cases

AREAS, HISTORY, HORIZON, WINDOW = 200, 60, 28, 7


def build(seed: int = 20240501) -> dict:
    """Seeded data: per-area epidemics growing or shrinking (R 0.8-1.3), a serial interval
    discretised from a Gamma with mean 4.7 and sd 2.9 days (Nishiura et al. 2020, Int J Infect
    Dis 93:284-6), and the Cori et al. 2013 posterior of R over the last week (prior 5 +/- 5)."""
    rng = np.random.default_rng(seed)
    shape_si, scale_si = (4.7 / 2.9) ** 2, 2.9**2 / 4.7
    si = np.diff(stats.gamma.cdf(np.arange(22), shape_si, scale=scale_si))
    si = np.concatenate([[0.0], si[1:] / si[1:].sum()])
    growth = rng.uniform(-0.03, 0.04, AREAS)
    level = rng.uniform(5, 500, AREAS)
    mean = level[:, None] * np.exp(growth[:, None] * np.arange(HISTORY))
    incidence = rng.poisson(mean).astype(float)
    lam = np.stack(
        [incidence[:, t - si.size + 1 : t][:, ::-1] @ si[1:] for t in range(21, HISTORY)]
    )
    shape = 1.0 + incidence[:, -WINDOW:].sum(axis=1)
    scale = 1 / (1 / 5.0 + lam[-WINDOW:].sum(axis=0))
    return {"incidence": incidence, "si": si, "shape": shape, "scale": scale}


def ours(data: dict, paths: int) -> np.ndarray:
    fc = forecast_cases(
        data["incidence"],
        data["si"],
        rt_shape=data["shape"],
        rt_scale=data["scale"],
        horizon=HORIZON,
        n_paths=paths,
        seed=11,
    )
    return fc.paths


def reference(data: dict, paths: int) -> np.ndarray:
    """The same projection, one area and one day at a time."""
    rng = np.random.default_rng(12)
    w, k = data["si"], DEFAULT_DISPERSION
    out = np.zeros((AREAS, paths, HORIZON))
    for a in range(AREAS):
        r = rng.gamma(data["shape"][a], data["scale"][a], paths)
        series = np.tile(data["incidence"][a], (paths, 1))
        series = np.concatenate([series, np.zeros((paths, HORIZON))], axis=1)
        for h in range(HORIZON):
            t = HISTORY + h
            past = series[:, t - w.size + 1 : t][:, ::-1]  # I_{t-1}, I_{t-2}, ...
            mu = r * (past @ w[1:])
            series[:, t] = rng.negative_binomial(k, k / (k + mu))
        out[a] = series[:, HISTORY:]
    return out


def check(a: np.ndarray, b: np.ndarray) -> list[str]:
    problems = []
    n = a.shape[1]
    se = np.sqrt(a.var(axis=1) / n + b.var(axis=1) / n) + 1e-9
    z = np.abs(a.mean(axis=1) - b.mean(axis=1)) / se
    if z.max() > 5:
        problems.append(f"path means differ: max |z| = {z.max():.1f} over {z.size} cells")
    for name, fa, fb in (
        ("summed medians", np.median(a, axis=1).sum(), np.median(b, axis=1).sum()),
        ("summed 90% widths", _width(a), _width(b)),
    ):
        if abs(fa / fb - 1) > 0.05:
            problems.append(f"{name}: ours {fa:.0f} vs reference {fb:.0f}")
    return problems


def _width(paths: np.ndarray) -> float:
    lo, hi = np.quantile(paths, [0.05, 0.95], axis=1)
    return float((hi - lo).sum())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", default="none", help="accepted and ignored (no database)")
    args = parser.parse_args()
    paths, rounds = (300, 3) if args.quick else (1000, 5)
    data = build()
    ours_s, ref_s = [], []
    for _ in range(rounds):  # interleaved: ours, reference, ours, reference, ...
        t0 = time.perf_counter()
        got = ours(data, paths)
        ours_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        want = reference(data, paths)
        ref_s.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours_med, ref_med = statistics.median(ours_s), statistics.median(ref_s)
    problems = check(got, want)
    print(f"ours (median of {rounds}): {ours_med:.3f} s  {[round(s, 3) for s in ours_s]}")
    print(f"reference per-area loop (median of {rounds}): {ref_med:.3f} s")
    for problem in problems:
        print("MISMATCH:", problem)
    result = {
        "bench": "forecast",
        "db": args.db,
        "areas": AREAS,
        "horizon": HORIZON,
        "paths": paths,
        "ours_s": round(ours_med, 3),
        "reference_s": round(ref_med, 3),
        "ratio": round(ours_med / ref_med, 3),
        "path_days_per_s": round(AREAS * paths * HORIZON / ours_med),
        "peak_mb": round(peak_mb),
        "matches_reference": not problems,
        "quick": args.quick,
    }
    print(json.dumps(result))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
