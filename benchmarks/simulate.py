"""Benchmark: stochastic metapopulation SEIR, 200 areas x 1,000 runs x 180 days.

Target: under 10 s and under 2 GB peak memory at full size. Reference: the deterministic
mean-field SEIR with the same parameters and mixing, solved by scipy.integrate.solve_ivp.
Correctness: the median national epidemic curve must match the ODE's peak height (within 10 %),
peak day (within 10 days: daily steps with geometric stays grow a little slower than the ODE's
exponential stays) and final size (within 2 %); the script exits 1 otherwise.

    python benchmarks/simulate.py [--quick] [--db sqlite|postgresql]   (--db is ignored)
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

from epicommand.analytics.simulate import (
    SeirParams,
    SeirState,
    TreatmentCapacity,
    simulate_scenario,
)

AREAS, DAYS = 200, 180
PEAK_REL_TOL, PEAK_DAY_TOL, FINAL_SIZE_REL_TOL = 0.10, 10, 0.02


def build(seed: int = 20240501) -> dict:
    """A seeded country: 200 areas of 50,000 to 2,000,000 people, 10 seeded with 20 cases,
    10 % of contacts made in other areas, beds for 0.1 % of the population."""
    rng = np.random.default_rng(seed)
    pop = rng.integers(50_000, 2_000_000, AREAS)
    infectious = np.zeros(AREAS, dtype=np.int64)
    infectious[rng.choice(AREAS, 10, replace=False)] = 20
    zero = np.zeros(AREAS, dtype=np.int64)
    movement = rng.random((AREAS, AREAS))
    np.fill_diagonal(movement, 0.0)
    movement *= 0.1 / movement.sum(axis=1, keepdims=True)
    state = SeirState(pop - infectious, zero, infectious, zero)
    beds = TreatmentCapacity((pop * 0.001).astype(np.int64))
    return {"state": state, "movement": movement, "beds": beds, "pop": pop, "inf": infectious}


def ours(data: dict, runs: int) -> np.ndarray:
    res = simulate_scenario(
        data["state"], data["movement"], interventions=[data["beds"]], days=DAYS, runs=runs, seed=7
    )
    return res.national_new_cases[2]  # median national new cases per day


def reference(data: dict) -> np.ndarray:
    """Mean-field SEIR ODE with the same contact structure; daily onsets (sigma E integrated)."""
    p = SeirParams()
    contacts = data["movement"] + np.diag(1 - data["movement"].sum(axis=1))
    present = data["pop"] @ contacts
    mixing = (contacts * (p.r0 / p.infectious_days / present)) @ contacts.T
    sigma, gamma = 1 / p.latent_days, 1 / p.infectious_days

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        s, e, i, _ = y.reshape(4, AREAS)
        new = (i @ mixing) * s
        return np.concatenate([-new, new - sigma * e, sigma * e - gamma * i, sigma * e])

    y0 = np.concatenate([data["pop"] - data["inf"], np.zeros(AREAS), data["inf"], np.zeros(AREAS)])
    days = np.arange(DAYS + 1)
    sol = solve_ivp(rhs, (0, DAYS), y0.astype(float), t_eval=days, rtol=1e-6, atol=1e-3)
    return np.diff(sol.y[3 * AREAS :].sum(axis=0))


def check(curve: np.ndarray, ode: np.ndarray) -> list[str]:
    problems = []
    if abs(curve.max() / ode.max() - 1) > PEAK_REL_TOL:
        problems.append(f"peak {curve.max():.0f} vs ODE {ode.max():.0f}")
    if abs(int(curve.argmax()) - int(ode.argmax())) > PEAK_DAY_TOL:
        problems.append(f"peak day {curve.argmax()} vs ODE {ode.argmax()}")
    if abs(curve.sum() / ode.sum() - 1) > FINAL_SIZE_REL_TOL:
        problems.append(f"final size {curve.sum():.0f} vs ODE {ode.sum():.0f}")
    return problems


def interleaved(rounds: int, data: dict, runs: int) -> tuple[list, list, np.ndarray, np.ndarray]:
    """Time ours and the reference alternately (ours, reference, ours, ...) ``rounds`` times."""
    ours_s, ref_s = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        curve = ours(data, runs)
        ours_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ode = reference(data)
        ref_s.append(time.perf_counter() - t0)
    return ours_s, ref_s, curve, ode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", default="none", help="accepted and ignored (no database)")
    args = parser.parse_args()
    runs, rounds = (100, 3) if args.quick else (1000, 3)
    ours_s, ref_s, curve, ode = interleaved(rounds, build(), runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours_med, ref_med = statistics.median(ours_s), statistics.median(ref_s)
    problems = check(curve, ode)
    print(f"ours (median of {rounds}): {ours_med:.2f} s  {[round(t, 2) for t in ours_s]}")
    print(f"reference ODE (median of {rounds}): {ref_med:.3f} s")
    print(
        f"peak: ours {curve.max():.0f} on day {curve.argmax()}, ODE {ode.max():.0f} on day "
        f"{ode.argmax()}; final size ours {curve.sum():.0f}, ODE {ode.sum():.0f}"
    )
    for problem in problems:
        print("MISMATCH:", problem)
    result = {
        "bench": "simulate",
        "db": args.db,
        "areas": AREAS,
        "runs": runs,
        "days": DAYS,
        "ours_s": round(ours_med, 3),
        "reference_s": round(ref_med, 3),
        "ratio": round(ours_med / ref_med, 2),
        "run_days_per_s": round(runs * DAYS / ours_med),
        "peak_mb": round(peak_mb),
        "peak_ours": round(float(curve.max())),
        "peak_reference": round(float(ode.max())),
        "peak_day_ours": int(curve.argmax()),
        "peak_day_reference": int(ode.argmax()),
        "matches_reference": not problems,
        "quick": args.quick,
    }
    print(json.dumps(result))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
