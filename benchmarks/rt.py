"""Benchmark: R_t for many areas at once (ours) against epyestim, one area at a time.

Both implement Cori et al. 2013 (EpiEstim's estimate_R). Reference: ``epyestim.estimate_r``
(posterior shape/scale on 7-day rolling windows) plus mean, std and the 7 EpiEstim quantiles via
``epyestim.estimate_r.gamma_quantiles``, i.e. the same outputs as ours. epyestim counts day 1 as
local and so also has a window ending on day 7; EpiEstim (and we) count day 1 as imported and
start on day 2. From day 2 on both use the same numbers, so the windows t_end = 8..T are compared
and must agree to a relative 1e-9, else the script exits 1.

Run: ``python benchmarks/rt.py [--quick] [--db sqlite|postgresql]``. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time

import numpy as np
import pandas as pd
from epyestim.estimate_r import estimate_r, gamma_quantiles

from epicommand.analytics.rt import QUANTILES, estimate_rt
from epicommand.analytics.serial_interval import discretise_gamma_si

SEED = 20240601
DAYS = 365
WINDOW = 7
SI_MEAN, SI_SD = 4.7, 2.9  # an illustrative offset-gamma serial interval, days
PRIOR_A, PRIOR_B = 1.0, 5.0  # EpiEstim default prior: mean 5, sd 5
TOLERANCE = 1e-9  # relative


def synthetic_incidence(areas: int, days: int, si: np.ndarray, seed: int) -> np.ndarray:
    """Seeded renewal-process epidemics: R_t oscillates around 1, plus a trickle of imports."""
    rng = np.random.default_rng(seed)
    phase = rng.uniform(0, 2 * np.pi, size=areas)
    period = rng.uniform(60, 180, size=areas)
    cases = np.zeros((areas, days))
    cases[:, 0] = rng.integers(5, 50, size=areas)
    w = si[1:days]
    for t in range(1, days):
        past = cases[:, max(0, t - w.size) : t][:, ::-1]
        infectivity = past @ w[: past.shape[1]]
        r_t = 1.0 + 0.35 * np.sin(2 * np.pi * t / period + phase)
        cases[:, t] = rng.poisson(r_t * infectivity + 0.5)
    return cases


def ours(cases: np.ndarray, si: np.ndarray) -> np.ndarray:
    """All areas in one call: (areas, windows, 4 + 7) of shape, scale, mean, std, quantiles."""
    est = estimate_rt(cases, si, window=WINDOW)
    return np.concatenate(
        [np.stack([est.shape, est.scale, est.mean, est.std], axis=-1), est.quantiles], axis=-1
    )


def reference(cases: np.ndarray, si: np.ndarray) -> np.ndarray:
    """epyestim per area, same outputs, windows t_end = 8..T (its first window dropped)."""
    index = pd.date_range("2024-01-01", periods=cases.shape[1], freq="D")
    out = []
    for row in cases:
        post = estimate_r(pd.Series(row, index=index), si, PRIOR_A, PRIOR_B, window_size=WINDOW)
        a = post["a_posterior"].to_numpy()[1:]
        b = post["b_posterior"].to_numpy()[1:]
        quant = [gamma_quantiles(q, a, b) for q in QUANTILES]
        out.append(np.stack([a, b, a * b, np.sqrt(a) * b, *quant], axis=-1))
    return np.stack(out)


def timed(func, *args) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 areas instead of 200")
    parser.add_argument(
        "--db", default=None, help="accepted for the common benchmark form; unused (no database)"
    )
    args = parser.parse_args()
    areas = 20 if args.quick else 200
    rounds = 3 if args.quick else 5

    si = discretise_gamma_si(SI_MEAN, SI_SD)
    cases = synthetic_incidence(areas, DAYS, si, SEED)
    print(f"rt: {areas} areas x {DAYS} days, {int(cases.sum())} cases, max/day {int(cases.max())}")

    mine, theirs = ours(cases, si), reference(cases, si)  # warm-up, and the correctness check
    abs_diff = np.abs(mine - theirs)
    max_abs = float(abs_diff.max())
    max_rel = float((abs_diff / np.abs(theirs)).max())
    agree = mine.shape == theirs.shape and max_rel <= TOLERANCE
    print(
        f"agreement on {mine.shape[1]} windows x 11 outputs: max abs {max_abs:.3g}, "
        f"max rel {max_rel:.3g} (tolerance relative {TOLERANCE:g}): {'ok' if agree else 'FAIL'}"
    )

    ours_times, ref_times = [], []
    for i in range(rounds):
        ours_times.append(timed(ours, cases, si)[0])
        ref_times.append(timed(reference, cases, si)[0])
        print(f"round {i + 1}: ours {ours_times[-1]:.4f} s, epyestim {ref_times[-1]:.4f} s")
    ours_s, ref_s = statistics.median(ours_times), statistics.median(ref_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"median: ours {ours_s:.4f} s, epyestim {ref_s:.4f} s, ratio {ours_s / ref_s:.4f}")
    result = {
        "bench": "rt",
        "areas": areas,
        "days": DAYS,
        "windows": int(mine.shape[1]),
        "rounds": rounds,
        "ours_s": round(ours_s, 4),
        "reference_s": round(ref_s, 4),
        "ratio": round(ours_s / ref_s, 4),
        "peak_mb": round(peak_mb, 1),
        "max_abs_diff": max_abs,
        "max_rel_diff": max_rel,
        "tolerance": "relative 1e-9",
        "agree": bool(agree),
        "quick": bool(args.quick),
    }
    print(json.dumps(result))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
