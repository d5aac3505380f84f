"""Benchmark: the balanced deployment of medical staff, national size, against the plain
model of the same problem.

Ours: ``allocation.staff_worker.solve`` for 400 centres, 30,000 staff and 3 qualifications (one
problem per qualification: the decomposition; staff counted per centre: the aggregation;
stage 2 summed per area), model building included, through the worker process (started and
warmed before timing: the web server keeps it). Reference: ``staff_solver.solve_reference``,
the same model without decomposition or aggregation (one CP-SAT model of every
qualification, a boolean per movable person and destination), on a smaller instance that it
can solve; ours solves that instance too, and both must reach the same optimum (the same
highest ratio per qualification, the same total travel minutes), else the script exits 1.
Target: ours under 5 s at full size.

Run: ``python benchmarks/deploy.py [--quick]``; the last line is one JSON object. Pure
computation on seeded data: no database.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import sys
import time

from epicommand.allocation import staff_worker
from epicommand.allocation.staff import CentreInput, StaffProblem

SEED = 20220515
QUALIFICATIONS = {"doctor": (0.25, 1.0), "nurse": (0.55, 1.6), "laboratory": (0.20, 0.4)}
TARGET_S = 5.0
FULL = {"centres": 400, "staff": 30_000, "areas": 100}
QUICK = {"centres": 120, "staff": 9_000, "areas": 40}
SMALL = {"centres": 14, "staff": 210, "areas": 7}


def instance(centres: int, total: int, areas: int, seed: int) -> list[StaffProblem]:
    """Centres in areas on a 400 x 300 km map; patients uneven by area (the epidemic),
    staff in proportion to beds (not to patients); 80 % may move, at most 20 % per centre."""
    rng = random.Random(seed)
    points = [(rng.uniform(0, 400), rng.uniform(0, 300)) for _ in range(areas)]
    minutes = tuple(
        tuple(0 if a == b else round(30 + 60 * 1.4 * math.dist(a, b) / 40) for b in points)
        for a in points
    )
    heat = [rng.lognormvariate(0, 0.6) for _ in range(areas)]
    beds = [rng.randint(40, 260) for _ in range(centres)]
    where = [i % areas for i in range(centres)]
    problems, person = [], 0
    for q, (share, weight) in QUALIFICATIONS.items():
        people = total * share
        rows = []
        for c in range(centres):
            count = max(1, round(people * beds[c] / sum(beds)))
            movable = tuple(range(person, person + int(count * 0.8)))
            person += count
            patients = beds[c] * min(0.98, 0.55 * heat[where[c]]) * weight
            rows.append(CentreInput(c + 1, where[c], round(patients, 2), count, movable,
                                    int(count * 0.2)))  # fmt: skip
        problems.append(StaffProblem(q, tuple(rows), minutes, norm=8.0, time_limit_s=60))
    return problems


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def same_optimum(ours: list, reference: list) -> bool:
    return all(
        a.worst_ratio_after == b.worst_ratio_after and a.travel_minutes == b.travel_minutes
        for a, b in zip(ours, reference, strict=True)
    )


def measure(size: dict, rounds: int) -> dict:
    big = instance(size["centres"], size["staff"], size["areas"], SEED)
    small = instance(SMALL["centres"], SMALL["staff"], SMALL["areas"], SEED + 1)
    started, _warm = timed(staff_worker.solve, small[:1])  # starts the worker process
    ours_t, small_t, ref_t = [], [], []
    for i in range(rounds):
        seconds, plans = timed(staff_worker.solve, big)
        ours_t.append(seconds)
        seconds, small_plans = timed(staff_worker.solve, small)
        small_t.append(seconds)
        seconds, ref_plans = timed(staff_worker.solve_reference_in_worker, small)
        ref_t.append(seconds)
        print(f"round {i + 1}: ours {ours_t[-1]:.3f} s ({size['centres']} centres), "
              f"ours {small_t[-1]:.3f} s and reference {ref_t[-1]:.3f} s "
              f"({SMALL['centres']} centres)")  # fmt: skip
    return {
        "plans": plans, "small": small_plans, "reference": ref_plans, "ours": ours_t,
        "ours_small": small_t, "ref": ref_t, "worker_start_s": started,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller national instance")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    found = measure(size, max(3, args.rounds))
    plans, agree = found["plans"], same_optimum(found["small"], found["reference"])
    optimal = all(p.status == "optimal" for p in [*plans, *found["small"], *found["reference"]])
    ours_s, ref_s = statistics.median(found["ours"]), statistics.median(found["ref"])
    small_s = statistics.median(found["ours_small"])
    peak = max(
        resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    worst = [p.worst_ratio_before for p in plans], [p.worst_ratio_after for p in plans]
    print(f"same optimum as the plain model on {SMALL['centres']} centres: "
          f"{'ok' if agree else 'FAIL'}; all optimal: {optimal}")  # fmt: skip
    result = {
        "bench": "deploy", "centres": size["centres"], "staff": size["staff"],
        "qualifications": len(QUALIFICATIONS), "areas": size["areas"], "rounds": len(found["ours"]),
        "ours_s": round(ours_s, 3), "reference_s": round(ref_s, 3),
        "reference_centres": SMALL["centres"], "reference_staff": SMALL["staff"],
        "ours_on_reference_s": round(small_s, 3), "ratio": round(small_s / ref_s, 4),
        "status": "optimal" if optimal else "feasible",
        "worst_ratio_before": max(worst[0]), "worst_ratio_after": max(worst[1]),
        "travel_hours": round(sum(p.travel_hours for p in plans), 1),
        "moves": sum(len(p.moves) for p in plans),
        "worker_start_s": round(found["worker_start_s"], 2), "peak_mb": round(peak / 1024, 1),
        "target_s": TARGET_S, "agree": bool(agree), "quick": bool(args.quick),
    }  # fmt: skip
    print(json.dumps(result))
    return 0 if agree and optimal else 1


if __name__ == "__main__":
    sys.exit(main())
