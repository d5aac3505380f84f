"""The balanced-deployment core: hand-checked optima, constraints on random instances, the
same optimum as the plain model, refusals, and the worker process that keeps OR-Tools out
of this one."""

from __future__ import annotations

import random
import sys

import pytest

from epicommand.allocation import staff, staff_worker
from epicommand.allocation.staff import CentreInput, StaffProblem
from epicommand.errors import ValidationFailed

FLAT = ((0, 60, 120), (60, 0, 60), (120, 60, 0))


def centre(cid, area, patients, count, *, send=None, movable=None):
    ids = tuple(range(cid * 1000, cid * 1000 + count)) if movable is None else movable
    return CentreInput(cid, area, patients, count, ids, count if send is None else send)


def problem(*centres, travel=FLAT, norm=None):
    return StaffProblem("nurse", tuple(centres), travel, norm=norm, time_limit_s=10)


def test_hand_checked_optimum_fills_the_worst_centre_from_the_idle_one_first():
    """A: 100 patients, 10 nurses; B: none, 10; C: 30, 10 and may send 2. The best is A
    with 22 (B's 10 and C's 2): 100/22 = 4.546 (rounded up to thousandths); C 30/8."""
    [plan] = staff_worker.solve(
        [problem(centre(1, 0, 100, 10), centre(2, 1, 0, 10), centre(3, 2, 30, 10, send=2), norm=4)]
    )
    assert plan.status == "optimal" and plan.gap == 0
    assert plan.worst_ratio_before == 10.0 and plan.worst_ratio_after == 4.546
    assert plan.staff_after == {1: 22, 2: 0, 3: 8}
    assert plan.travel_minutes == 10 * 60 + 2 * 120
    assert plan.unreachable == [{"centre": 1, "staff": 22, "needed": 25}]


def test_with_the_ratio_held_the_nearest_sender_goes():
    """Centre 4 (10 patients, 2 nurses, sends none) keeps the best ratio at 5 whatever
    happens; centre 1 (10 patients, 1 nurse) needs one more for that. An idle nurse is an
    hour away, another two hours: only the near one moves."""
    centres = (
        centre(1, 0, 10, 1, send=0),
        centre(2, 1, 0, 1),
        centre(3, 2, 0, 1),
        centre(4, 0, 10, 2, send=0),
    )
    [plan] = staff_worker.solve([problem(*centres)])
    assert plan.worst_ratio_after == 5.0
    assert [(m.from_centre, m.to_centre) for m in plan.moves] == [(2, 1)]
    assert plan.travel_minutes == 60


def test_no_patients_no_moves_and_must_stay_persons_never_move():
    [idle] = staff_worker.solve([problem(centre(1, 0, 0, 4), centre(2, 1, 0, 4))])
    assert idle.status == "no_patients" and idle.moves == []
    kept = centre(2, 1, 0, 4, movable=(2001,), send=4)  # three of the four must stay
    [plan] = staff_worker.solve([problem(centre(1, 0, 50, 1), kept)])
    assert [m.person for m in plan.moves] == [2001]
    assert plan.staff_after == {1: 2, 2: 3}


def _random_problem(rng: random.Random, n: int) -> StaffProblem:
    areas = [(rng.uniform(0, 300), rng.uniform(0, 300)) for _ in range(max(2, n // 2))]
    travel = tuple(
        tuple(round(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5) for b in areas) for a in areas
    )
    centres, person = [], 0
    for cid in range(1, n + 1):
        count = rng.randint(0, 6)
        movable = tuple(range(person, person + rng.randint(0, count)))
        person += count
        centres.append(
            CentreInput(cid, rng.randrange(len(areas)), rng.choice([0, rng.uniform(0, 60)]),
                        count, movable, rng.randint(0, len(movable)))
        )  # fmt: skip
    return StaffProblem("nurse", tuple(centres), travel, norm=8.0, time_limit_s=10)


def _check_constraints(p: StaffProblem, plan) -> None:
    by_id = {c.id: c for c in p.centres}
    persons = [m.person for m in plan.moves]
    assert len(persons) == len(set(persons)), "nobody moves twice"
    senders = {m.from_centre for m in plan.moves}
    takers = {m.to_centre for m in plan.moves}
    assert not senders & takers, "a centre sends or receives, not both"
    for cid in senders:
        sent = [m.person for m in plan.moves if m.from_centre == cid]
        assert set(sent) <= set(by_id[cid].movable), "only movable persons move"
        assert len(sent) <= by_id[cid].max_send, "a centre sends at most its limit"
    for m in plan.moves:
        assert m.minutes == p.travel_minutes[by_id[m.from_centre].area][by_id[m.to_centre].area]
    assert plan.travel_minutes == sum(m.minutes for m in plan.moves)
    assert sum(plan.staff_after.values()) == sum(c.staff for c in p.centres)
    assert plan.worst_ratio_after == staff.as_ratio(staff.worst_units(p, plan.staff_after))


def test_random_instances_keep_every_constraint_and_match_the_plain_model():
    rng = random.Random(7)
    problems = [_random_problem(rng, rng.randint(3, 7)) for _ in range(12)]
    ours = staff_worker.solve(problems)
    reference = staff_worker.solve_reference_in_worker(problems)
    for p, plan, ref in zip(problems, ours, reference, strict=True):
        _check_constraints(p, plan)
        if plan.status == "no_patients":
            assert ref.moves == []
            continue
        assert plan.status == "optimal"
        assert plan.worst_ratio_after == ref.worst_ratio_after
        assert plan.travel_minutes == ref.travel_minutes
        assert plan.worst_ratio_after is None or plan.worst_ratio_after <= (
            plan.worst_ratio_before or float("inf")
        )


def test_bad_input_is_refused_with_reasons():
    with pytest.raises(ValidationFailed, match="minimum ratio must be above 0"):
        staff_worker.solve([problem(centre(1, 0, 10, 1), norm=0)])
    with pytest.raises(ValidationFailed, match="negative"):
        staff_worker.solve([problem(centre(1, 0, 10, 1), travel=((0, -1), (1, 0)))])
    twice = CentreInput(2, 1, 0, 2, (1000,), 1)
    with pytest.raises(ValidationFailed, match="movable from two centres"):
        staff_worker.solve([problem(centre(1, 0, 10, 2), twice)])


def test_highspy_and_the_staff_solver_work_in_one_test_process():
    """highspy 1.15 and OR-Tools 9.15 crash in one process (google/or-tools#5246): the
    medicine allocation loads highspy here, and the staff solver still answers, from its
    worker, without OR-Tools ever being imported into this process."""
    highspy = pytest.importorskip(
        "highspy", reason="highspy (the medicine allocation's solver) is not installed"
    )
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    [plan] = staff_worker.solve([problem(centre(1, 0, 100, 10), centre(2, 1, 0, 10))])
    assert plan.status == "optimal" and plan.worst_ratio_after == 5.0
    assert "ortools" not in sys.modules and "highspy" in sys.modules
