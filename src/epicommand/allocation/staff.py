"""Balanced deployment of medical staff: the problem, its answer, and the worker that solves it.

For one qualification (doctors, say), given each treatment centre's patients, the staff on
duty there, which of them may move and the most the centre may send, and travel times
between areas, propose moves of whole persons that make the **highest patient-to-staff ratio
of all centres as low as possible** and then, with that held, the **least total travel
time**. Qualifications are independent (a nurse never replaces a doctor), so each is its own
problem.

The integer program is solved by OR-Tools CP-SAT in ``staff_solver`` (see there for the
model and why it is exact), always in a worker process (``staff_worker.solve``).

This module imports neither Django nor the database, nor OR-Tools.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from epicommand.errors import DomainError, ValidationFailed

#: Ratios are compared as integers: patients per person in thousandths, from patients given
#: in hundredths, so the solver and every check compute the same numbers exactly.
RATIO_SCALE = 1000
PATIENT_SCALE = 100
#: The ratio of a centre with patients and nobody to treat them: above any real ratio.
NO_STAFF = 10**12
WORKER_GRACE_S = 60  # the worker's answer may come this much after the solver's time limit


class SolverFailed(DomainError):
    """The solver's worker process stopped or did not answer in time."""

    code = "allocation.solver_failed"
    status = 503


@dataclass(frozen=True)
class CentreInput:
    """One centre for one qualification. ``patients`` is what the staff there must treat (in
    patient equivalents: the caller weighs each bed type against the minimum ratios);
    ``staff`` everyone of the qualification on duty there; ``movable`` the ids of those who
    may be moved, in the order they should be chosen; ``max_send`` the most it may send."""

    id: int
    area: int  # index into ``StaffProblem.travel_minutes``
    patients: float
    staff: int
    movable: tuple[int, ...] = ()
    max_send: int = 0


@dataclass(frozen=True)
class StaffProblem:
    """``travel_minutes[a][b]``: minutes from area ``a`` to area ``b`` (whole minutes).
    ``norm``: the most patients per person at HQ's minimum ratio (for the centres that
    cannot reach it even after the moves); ``None`` when HQ set none."""

    qualification: str
    centres: tuple[CentreInput, ...]
    travel_minutes: tuple[tuple[int, ...], ...]
    norm: float | None = None
    time_limit_s: float = 20.0
    workers: int = 1


@dataclass(frozen=True)
class Move:
    person: int
    from_centre: int
    to_centre: int
    minutes: int


@dataclass
class StaffPlan:
    """The answer for one qualification. Ratios are patients per person (``None``: some
    centre has patients and nobody, an unbounded ratio). ``status`` is ``optimal`` (both
    stages proved), ``feasible`` (the time limit came first: ``gap`` says how far from
    proved), or ``no_patients``. ``unreachable``: centres still above the norm after the
    moves, with the staff they would need at the norm."""

    qualification: str
    status: str
    worst_ratio_before: float | None
    worst_ratio_after: float | None
    travel_minutes: int
    moves: list[Move]
    staff_after: dict[int, int]
    solve_seconds: float
    gap: float
    unreachable: list[dict] = field(default_factory=list)
    stages: list[dict] = field(default_factory=list)

    @property
    def travel_hours(self) -> float:
        return self.travel_minutes / 60

    def as_plain(self) -> dict:
        return asdict(self)

    @classmethod
    def from_plain(cls, data: dict) -> StaffPlan:
        values = dict(data)
        values["moves"] = [Move(**m) for m in data["moves"]]
        values["staff_after"] = {int(k): v for k, v in data["staff_after"].items()}
        return cls(**values)


# --- the integer arithmetic every stage shares -------------------------------------------


def scaled_patients(patients: float) -> int:
    return max(0, round(patients * PATIENT_SCALE))


def ratio_units(scaled: int, staff: int) -> int:
    """Patients per person in thousandths, rounded up; ``NO_STAFF`` for patients and nobody."""
    if scaled == 0:
        return 0
    if staff <= 0:
        return NO_STAFF
    return -(-scaled * (RATIO_SCALE // PATIENT_SCALE) // staff)


def staff_needed(scaled: int, limit: int) -> int:
    """The fewest persons that keep the ratio at or under ``limit`` (thousandths)."""
    if scaled == 0:
        return 0
    if limit <= 0:
        raise ValueError("a ratio limit must be positive when there are patients")
    return -(-scaled * (RATIO_SCALE // PATIENT_SCALE) // limit)


def as_ratio(units: int | None) -> float | None:
    if units is None or units >= NO_STAFF:
        return None
    return units / RATIO_SCALE


def worst_units(problem: StaffProblem, staff: dict[int, int]) -> int:
    return max(
        (ratio_units(scaled_patients(c.patients), staff[c.id]) for c in problem.centres),
        default=0,
    )


def check_problem(problem: StaffProblem) -> None:
    """Refuse input the model cannot mean: the reasons, not a solver error."""
    problems = []
    areas = len(problem.travel_minutes)
    if any(len(row) != areas for row in problem.travel_minutes):
        problems.append("the travel table must be square")
    if any(v < 0 for row in problem.travel_minutes for v in row):
        problems.append("travel times cannot be negative")
    if problem.norm is not None and problem.norm <= 0:
        problems.append("a minimum ratio must be above 0 patients per person")
    seen: set[int] = set()
    for c in problem.centres:
        if not 0 <= c.area < areas:
            problems.append(f"centre {c.id}: area {c.area} is not in the travel table")
        if c.patients < 0 or c.staff < 0 or c.max_send < 0:
            problems.append(f"centre {c.id}: patients, staff and max_send cannot be negative")
        if len(c.movable) > c.staff:
            problems.append(f"centre {c.id}: more movable persons than staff on duty")
        if seen & set(c.movable):
            problems.append(f"centre {c.id}: a person is movable from two centres")
        seen |= set(c.movable)
    if problems:
        raise ValidationFailed("; ".join(problems), details=[{"reason": p} for p in problems])


def sendable(centre: CentreInput) -> int:
    return min(len(centre.movable), centre.max_send)


def unreachable(problem: StaffProblem, staff: dict[int, int]) -> list[dict]:
    """Centres above the norm after the moves: the target cannot be met there (not an error:
    the proposal names them and the staff they would need)."""
    if problem.norm is None:
        return []
    limit = round(problem.norm * RATIO_SCALE)
    found = []
    for c in problem.centres:
        scaled = scaled_patients(c.patients)
        if ratio_units(scaled, staff[c.id]) > limit:
            needed = staff_needed(scaled, limit)
            found.append({"centre": c.id, "staff": staff[c.id], "needed": needed})
    return found


def assign_persons(
    problem: StaffProblem, flows: dict[tuple[int, int], int]
) -> tuple[list[Move], dict[int, int]]:
    """Whole persons for centre-to-centre flows: each sending centre's movable persons in
    their given order, each person once (nobody moves twice)."""
    by_id = {c.id: c for c in problem.centres}
    taken: dict[int, int] = {}
    moves = []
    staff = {c.id: c.staff for c in problem.centres}
    for (source, target), count in sorted(flows.items()):
        centre = by_id[source]
        start = taken.get(source, 0)
        persons = centre.movable[start : start + count]
        if len(persons) < count or start + count > centre.max_send:
            raise ValueError(f"centre {source} cannot send {start + count} persons")
        taken[source] = start + count
        minutes = problem.travel_minutes[centre.area][by_id[target].area]
        moves.extend(Move(p, source, target, minutes) for p in persons)
        staff[source] -= count
        staff[target] += count
    return moves, staff


# --- the worker process --------------------------------------------------------------------


def problem_from_plain(data: dict) -> StaffProblem:
    values = dict(data)
    values["centres"] = tuple(
        CentreInput(**{**c, "movable": tuple(c["movable"])}) for c in data["centres"]
    )
    values["travel_minutes"] = tuple(tuple(row) for row in data["travel_minutes"])
    return StaffProblem(**values)
