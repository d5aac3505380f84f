"""The CP-SAT models of the balanced deployment. Imported only inside the worker process
(``staff_worker.solve``): never import this module where highspy may be loaded.

**The model.** Each centre ends with ``s_c`` persons of the qualification. A centre either
sends or receives, never both (a relay is two moves where one would do); it sends at most
``min(movable, max_send)``; persons move whole and at most once. Stage 1 minimises the
highest ratio ``R = max_c patients_c / s_c``; stage 2 holds every ratio at or under that ``R``
and minimises the total travel minutes. Ratios are integers (thousandths, rounded up: see
``staff.ratio_units``), so both stages and every check compute the same numbers.

**What makes it small, and why it stays exact.**

1. *Decomposition by qualification*: nobody replaces someone of another qualification, so
   each qualification is its own pair of stages.
2. *Stage 1 needs no moves at all*: any end state ``s`` with ``s_c >= staff_c - sendable_c``
   and ``sum(s) <= sum(staff)`` is reached by moves from the centres that lost staff to
   those that gained (persons "left over" stay where they were, which lowers no ratio).
   So a ratio ``R`` can be held everywhere exactly when the persons lacking at ``R`` are no
   more than those that can be spared at ``R``: a test of one pass over the centres, and the
   lowest ``R`` is found by bisection (``_stage_one``).
3. *Stage 2 is a transportation problem between areas*: with ``R`` fixed, each centre's
   need is fixed, so its deficit or what it can give is known. Travel depends only on the two
   areas, so summing the centres of an area changes no cost: the flows between areas are
   split among their centres in any way (``staff.assign_persons``) at the same total.

``solve_reference`` is the same model without 1-3 (one boolean per movable person and
destination, every qualification in one model), used by the benchmark and the tests on
smaller instances to show both reach the same optimum.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from epicommand.allocation.staff import (
    NO_STAFF,
    PATIENT_SCALE,
    RATIO_SCALE,
    CentreInput,
    StaffPlan,
    StaffProblem,
    assign_persons,
    ratio_units,
    scaled_patients,
    sendable,
    staff_needed,
    unreachable,
    worst_units,
)
from epicommand.allocation.staff import as_ratio as ratio

STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible"}


def _solver(problem: StaffProblem) -> cp_model.CpSolver:
    """One search worker with the full linear relaxation: stage 2 is a transportation
    problem, which the LP settles at once (measured on the demo's 214 centres: two workers of
    the default portfolio did not prove its optimum in 20 s, one worker with
    ``linearization_level=2`` did in 0.1 s, eight in 0.25 s); one worker also makes every
    run give the same moves."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = problem.time_limit_s
    solver.parameters.num_workers = max(1, problem.workers)
    solver.parameters.linearization_level = 2
    solver.parameters.random_seed = 20220512
    return solver


def _gap(solver: cp_model.CpSolver) -> float:
    value, bound = solver.objective_value, solver.best_objective_bound
    return abs(value - bound) / max(abs(value), 1.0)


def _feasible(problem: StaffProblem, worst: int) -> bool:
    """Whether every ratio can be held at or under ``worst``: the persons the centres lack
    at that ratio are no more than those the others can spare (stage 2 then finds who)."""
    deficit, give = _needs(problem, worst)
    return sum(deficit.values()) <= sum(give.values())


def _stage_one(problem: StaffProblem) -> tuple[int, str, float, dict]:
    """The lowest achievable highest ratio (thousandths), by bisection on it.

    Holding every ratio at or under ``R`` is possible exactly when the staff the centres lack
    at ``R`` are no more than the staff the others can spare at ``R`` (see point 2 of the
    module's note); both sides move one way with ``R``, so the smallest such integer ``R`` is
    the optimum of the min-max model, found in about 40 checks of one pass over the centres.
    Measured on 120 centres x 3 qualifications: 4 to 7 s per qualification as a CP-SAT model
    (an element table per centre), a few milliseconds this way; ``solve_reference`` (CP-SAT,
    person by person) reaches the same optimum on the tests' and the benchmark's instances.
    """
    started = time.perf_counter()
    scaled = [scaled_patients(c.patients) for c in problem.centres]
    total_staff = sum(c.staff for c in problem.centres)
    low = max(1, sum(scaled) * (RATIO_SCALE // PATIENT_SCALE) // max(total_staff, 1))
    high = worst_units(problem, {c.id: c.staff for c in problem.centres})
    while low < high:
        middle = (low + high) // 2
        if _feasible(problem, middle):
            high = middle
        else:
            low = middle + 1
    record = {
        "stage": "min_worst_ratio",
        "status": "optimal",
        "method": "bisection",
        "seconds": round(time.perf_counter() - started, 4),
        "objective": high,
        "bound": high,
        "variables": len(problem.centres),
    }
    return high, "optimal", 0.0, record


def _record(name: str, solver, status, started: float, size: int) -> dict:
    return {
        "stage": name,
        "status": solver.status_name(status).lower(),
        "seconds": round(time.perf_counter() - started, 4),
        "objective": solver.objective_value,
        "bound": solver.best_objective_bound,
        "variables": size,
    }


def _needs(problem: StaffProblem, worst: int) -> tuple[dict[int, int], dict[int, int]]:
    """Deficits and what each centre can give when every ratio must be <= ``worst``."""
    deficit, give = {}, {}
    for c in problem.centres:
        scaled = scaled_patients(c.patients)
        need = 0 if worst >= NO_STAFF or scaled == 0 else staff_needed(scaled, worst)
        if need > c.staff:
            deficit[c.id] = need - c.staff
        elif min(sendable(c), c.staff - need) > 0:
            give[c.id] = min(sendable(c), c.staff - need)
    return deficit, give


def _stage_two(problem: StaffProblem, worst: int) -> tuple[dict, str, float, dict]:
    """Least-travel flows between centres that hold every ratio at or under ``worst``."""
    deficit, give = _needs(problem, worst)
    area_of = {c.id: c.area for c in problem.centres}
    supply: dict[int, int] = defaultdict(int)
    demand: dict[int, int] = defaultdict(int)
    for cid, n in give.items():
        supply[area_of[cid]] += n
    for cid, n in deficit.items():
        demand[area_of[cid]] += n
    model = cp_model.CpModel()
    flows = {
        (a, b): model.new_int_var(0, min(supply[a], demand[b]), f"f{a}_{b}")
        for a in supply
        for b in demand
    }
    for a in supply:
        model.add(sum(flows[a, b] for b in demand) <= supply[a])
    for b in demand:
        model.add(sum(flows[a, b] for a in supply) == demand[b])
    model.minimize(sum(problem.travel_minutes[a][b] * f for (a, b), f in flows.items()))
    solver = _solver(problem)
    started = time.perf_counter()
    status = solver.solve(model)
    if status not in STATUS:
        raise RuntimeError(f"stage 2 ended {solver.status_name(status)}")
    record = _record("min_travel", solver, status, started, len(flows))
    area_flows = {k: solver.value(v) for k, v in flows.items() if solver.value(v)}
    return _split(area_flows, give, deficit, area_of), STATUS[status], _gap(solver), record


def _split(area_flows: dict, give: dict, deficit: dict, area_of: dict) -> dict:
    """Flows between areas as flows between their centres (any split costs the same)."""
    senders: dict[int, list[list[int]]] = defaultdict(list)
    takers: dict[int, list[list[int]]] = defaultdict(list)
    for cid in sorted(give):
        senders[area_of[cid]].append([cid, give[cid]])
    for cid in sorted(deficit):
        takers[area_of[cid]].append([cid, deficit[cid]])
    flows: dict[tuple[int, int], int] = defaultdict(int)
    for (a, b), count in sorted(area_flows.items()):
        while count:
            source = next(s for s in senders[a] if s[1])
            target = next(t for t in takers[b] if t[1])
            n = min(count, source[1], target[1])
            flows[source[0], target[0]] += n
            source[1], target[1], count = source[1] - n, target[1] - n, count - n
    return dict(flows)


def solve_one(problem: StaffProblem) -> StaffPlan:
    """Both stages for one qualification."""
    started = time.perf_counter()
    before = {c.id: c.staff for c in problem.centres}
    worst_before = worst_units(problem, before)
    if worst_before == 0:
        return _plan(problem, "no_patients", worst_before, {}, started, 0.0, [])
    worst, status1, gap1, one = _stage_one(problem)
    flows, status2, gap2, two = _stage_two(problem, worst)
    status = "optimal" if status1 == status2 == "optimal" else "feasible"
    return _plan(problem, status, worst_before, flows, started, max(gap1, gap2), [one, two])


def _plan(
    problem: StaffProblem,
    status: str,
    worst_before: int,
    flows: dict,
    started: float,
    gap: float,
    stages: list[dict],
) -> StaffPlan:
    moves, after = assign_persons(problem, flows)
    return StaffPlan(
        qualification=problem.qualification,
        status=status,
        worst_ratio_before=ratio(worst_before),
        worst_ratio_after=ratio(worst_units(problem, after)),
        travel_minutes=sum(m.minutes for m in moves),
        moves=moves,
        staff_after=after,
        solve_seconds=round(time.perf_counter() - started, 4),
        gap=gap,
        unreachable=unreachable(problem, after),
        stages=stages,
    )


# --- the reference: the same model, person by person, every qualification at once ---------


class _Plain:
    """One qualification's part of the plain model: a boolean per movable person and
    destination, the staff after each centre, its ratio and whether it sends or takes."""

    def __init__(self, model: cp_model.CpModel, problem: StaffProblem) -> None:
        self.problem = problem
        self.go: dict[tuple[int, int], cp_model.IntVar] = {}
        spare = sum(sendable(c) for c in problem.centres)
        outgoing: dict[int, list] = defaultdict(list)
        incoming: dict[int, list] = defaultdict(list)
        for c in problem.centres:
            for person in c.movable:
                for d in problem.centres:
                    if d.id != c.id:
                        var = model.new_bool_var(f"y{person}_{d.id}")
                        self.go[person, d.id] = var
                        outgoing[c.id].append(var)
                        incoming[d.id].append(var)
                model.add(sum(self.go[person, d.id] for d in problem.centres if d.id != c.id) <= 1)
        self.worst = model.new_int_var(0, NO_STAFF, f"worst_{problem.qualification}")
        for c in problem.centres:
            self._centre(model, c, outgoing[c.id], incoming[c.id], spare)

    def _centre(self, model, c: CentreInput, out: list, into: list, spare: int) -> None:
        sends = model.new_bool_var(f"sends{c.id}")
        model.add(sum(out) <= sendable(c) * sends)
        model.add(sum(into) <= spare * (1 - sends))
        first, last = c.staff - sendable(c), c.staff + spare
        table = [ratio_units(scaled_patients(c.patients), s) for s in range(first, last + 1)]
        index = model.new_int_var(0, last - first, f"i{c.id}")
        model.add(index == c.staff - first - sum(out) + sum(into))
        value = model.new_int_var(min(table), max(table), f"r{c.id}")
        model.add_element(index, table, value)
        model.add(self.worst >= value)

    def travel(self):
        by_id = {c.id: c for c in self.problem.centres}
        home = {p: c.id for c in self.problem.centres for p in c.movable}
        minutes = self.problem.travel_minutes
        return sum(
            minutes[by_id[home[p]].area][by_id[d].area] * var for (p, d), var in self.go.items()
        )

    def flows(self, solver: cp_model.CpSolver) -> dict[tuple[int, int], int]:
        home = {p: c.id for c in self.problem.centres for p in c.movable}
        flows: dict[tuple[int, int], int] = defaultdict(int)
        for (p, d), var in self.go.items():
            if solver.value(var):
                flows[home[p], d] += 1
        return dict(flows)


def solve_reference(problems: list[StaffProblem]) -> list[StaffPlan]:
    """One CP-SAT model of every qualification, person by person: the sum of the highest
    ratios first (the qualifications are independent, so its minimum is each one's
    minimum), then, with each held, the total travel."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    parts = [_Plain(model, p) for p in problems]
    model.minimize(sum(part.worst for part in parts))
    solver = _solver(problems[0])
    solver.parameters.max_time_in_seconds = sum(p.time_limit_s for p in problems) * 20
    first = solver.solve(model)
    if first != cp_model.OPTIMAL:
        raise RuntimeError(f"reference stage 1 ended {solver.status_name(first)}")
    for part in parts:
        model.add(part.worst <= solver.value(part.worst))
    model.minimize(sum(part.travel() for part in parts))
    second = solver.solve(model)
    if second != cp_model.OPTIMAL:
        raise RuntimeError(f"reference stage 2 ended {solver.status_name(second)}")
    plans = []
    for part in parts:
        before = worst_units(part.problem, {c.id: c.staff for c in part.problem.centres})
        plans.append(_plan(part.problem, "optimal", before, part.flows(solver), started, 0.0, []))
    return plans
