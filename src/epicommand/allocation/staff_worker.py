"""The worker process of the staff solver.

OR-Tools is **never imported into the calling process**: highspy 1.15 and OR-Tools 9.15
crash when loaded into one process (google/or-tools#5246) and the medicine allocation loads
highspy in the web process. ``solve`` hands plain data to one worker process started with the
"spawn" method (a fresh interpreter, nothing inherited) and gets plain data back; only the
worker imports ``staff_solver``.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import multiprocessing
import threading
from dataclasses import asdict

from epicommand.allocation.staff import (
    WORKER_GRACE_S,
    SolverFailed,
    StaffPlan,
    StaffProblem,
    check_problem,
    problem_from_plain,
)

_pool: cf.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> cf.ProcessPoolExecutor:
    """One worker process for the whole process, started on first use ("spawn": a fresh
    interpreter that imports only this package and OR-Tools)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=context)
        return _pool


def _reset() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


atexit.register(_reset)


def solve(problems: list[StaffProblem]) -> list[StaffPlan]:
    """Solve each problem in the worker process; plain data there and back."""
    for problem in problems:
        check_problem(problem)
    if not problems:
        return []
    plain = [asdict(p) for p in problems]
    limit = sum(2 * p.time_limit_s for p in problems) + WORKER_GRACE_S
    try:
        answers = _executor().submit(_solve_in_worker, plain).result(timeout=limit)
    except cf.TimeoutError:
        _reset()
        raise SolverFailed(f"the staff solver did not answer within {limit:.0f} s") from None
    except cf.process.BrokenProcessPool:
        _reset()
        raise SolverFailed("the staff solver's worker process stopped") from None
    return [StaffPlan.from_plain(a) for a in answers]


def _solve_in_worker(plain: list[dict]) -> list[dict]:
    """Runs in the worker: the only place OR-Tools is imported."""
    from epicommand.allocation import staff_solver

    return [staff_solver.solve_one(problem_from_plain(p)).as_plain() for p in plain]


def solve_reference_in_worker(problems: list[StaffProblem]) -> list[StaffPlan]:
    """The plain model of ``staff_solver.solve_reference`` (no aggregation, no
    decomposition), in the worker too: for the benchmark and the tests."""
    for problem in problems:
        check_problem(problem)
    plain = [asdict(p) for p in problems]
    future = _executor().submit(_reference_in_worker, plain)
    return [StaffPlan.from_plain(a) for a in future.result(timeout=3600)]


def _reference_in_worker(plain: list[dict]) -> list[dict]:
    from epicommand.allocation import staff_solver

    found = staff_solver.solve_reference([problem_from_plain(p) for p in plain])
    return [plan.as_plain() for plan in found]
