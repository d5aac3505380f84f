"""Balanced-deployment proposals: run the optimiser, let HQ edit the moves, approve them.

A proposal keeps the inputs it was computed from (each centre's patients and staff on duty)
and the solver's answer (status, time, optimality gap, before/after ratios, travel). The HQ
commander drops moves or sends a person elsewhere; the figures are recomputed from the same
inputs. Approval creates the deployment orders, one per pair of sites, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from epicommand.allocation.staff import StaffPlan
from epicommand.audit.services import record_event
from epicommand.care import optimiser, rules, travel
from epicommand.care.enums import ProposalState
from epicommand.care.errors import ProposalClosed
from epicommand.care.models import Proposal, ProposedMove
from epicommand.care.services.deployments import Order, order_deployments
from epicommand.clock import now
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.geo.tree import AreaTree, get_node
from epicommand.supply.models import Site


def _plan_json(plan: StaffPlan, inputs: optimiser.Inputs) -> dict:
    codes = {s.id: (s.code, s.name) for s in inputs.centres}
    return {
        "status": plan.status,
        "solver_worst_ratio_after": plan.worst_ratio_after,
        "solver_travel_hours": round(plan.travel_hours, 2),
        "solve_seconds": plan.solve_seconds,
        "gap": plan.gap,
        "stages": plan.stages,
        "norm": rules.reference_norm(inputs.norms[plan.qualification]),
        "proposed_moves": len(plan.moves),
        "solver_unreachable": [
            {"code": codes[u["centre"]][0], "staff": u["staff"], "needed": u["needed"]}
            for u in plan.unreachable
        ],
    }


def summary_of(inputs: optimiser.Inputs, plans: list[StaffPlan]) -> dict:
    centres = {
        str(s.id): {
            "code": s.code,
            "name": s.name,
            "name_local": s.name_local,
            "area": s.area,
            "province": s.province,
            "patients": s.patients,
            "census_on": s.census_on,
            "equivalents": s.equivalents,
            "staff": {q: s.staff.get(q, 0) for q in inputs.qualifications},
        }
        for s in inputs.centres
    }
    return {
        "as_of": inputs.as_of.isoformat(),
        "area": inputs.area.code,
        "norms": inputs.norms,
        "forecast_run": inputs.forecast_run,
        "travel_pairs_from_table": inputs.pairs_from_table,
        "solver": {p.qualification: _plan_json(p, inputs) for p in plans},
        "centres": centres,
    }


def _ratio(equivalents: float, staff: int) -> float | None:
    return None if staff <= 0 else round(equivalents / staff, 3)


def _changes(moves) -> tuple[dict, dict]:
    change: dict[tuple[str, str], int] = defaultdict(int)
    travel: dict[str, int] = defaultdict(int)
    for q, source, target, minutes in moves:
        change[(str(source), q)] -= 1
        change[(str(target), q)] += 1
        travel[q] += minutes
    return change, travel


def _tally(summary: dict, change: dict) -> tuple[dict, dict, dict]:
    """Per province (patient equivalents, staff before, after), the worst ratios and the
    centres above the norm after the moves, by qualification."""
    quals = list(summary["solver"])
    provinces: dict[str, dict] = {}
    worst = {q: {"before": 0.0, "after": 0.0, "no_staff_before": 0, "no_staff_after": 0}
             for q in quals}  # fmt: skip
    unreachable: dict[str, list] = {q: [] for q in quals}
    for cid, c in summary["centres"].items():
        row = provinces.setdefault(c["province"], {q: [0.0, 0, 0] for q in quals})
        for q in quals:
            eq, before = c["equivalents"][q], c["staff"][q]
            after = before + change[(cid, q)]
            row[q][0], row[q][1], row[q][2] = row[q][0] + eq, row[q][1] + before, row[q][2] + after
            _worst(worst[q], eq, before, after)
            norm = summary["solver"][q]["norm"]
            if eq and norm and (after == 0 or eq / after > norm + 1e-9):
                unreachable[q].append({"code": c["code"], "staff": after, "needed": -(-eq // norm)})
    return provinces, worst, unreachable


def figures(summary: dict, moves: list[tuple[str, int, int, int]]) -> dict:
    """Before/after per centre, province and qualification from the stored inputs and the
    kept moves ``(qualification, from site, to site, minutes)``; the worst ratio, travel and
    the centres still above the norm after them."""
    change, travel_minutes = _changes(moves)
    provinces, worst, unreachable = _tally(summary, change)
    qualifications = {
        q: {
            "worst_ratio_before": w["before"] if not w["no_staff_before"] else None,
            "worst_ratio_after": w["after"] if not w["no_staff_after"] else None,
            "centres_without_staff_before": w["no_staff_before"],
            "centres_without_staff_after": w["no_staff_after"],
            "moves": sum(1 for m in moves if m[0] == q),
            "travel_hours": round(travel_minutes[q] / 60, 2),
            "unreachable": unreachable[q],
        }
        for q, w in worst.items()
    }
    by_province = {
        code: {
            q: {"ratio_before": _ratio(v[0], v[1]), "ratio_after": _ratio(v[0], v[2]),
                "staff_before": v[1], "staff_after": v[2]}
            for q, v in row.items()
        }
        for code, row in sorted(provinces.items())
    }  # fmt: skip
    return {"qualifications": qualifications, "provinces": by_province}


def _worst(acc: dict, eq: float, before: int, after: int) -> None:
    for key, staff in (("before", before), ("after", after)):
        if eq and staff <= 0:
            acc[f"no_staff_{key}"] += 1
        elif staff > 0:
            acc[key] = max(acc[key], round(eq / staff, 3))


def propose_deployment(
    *,
    actor,
    as_of: dt.date,
    area_code: str | None = None,
    qualifications: list[str] | None = None,
    patients: str = "census",
    max_send_share: float = optimiser.DEFAULT_SHARE,
    must_stay: list[str] | None = None,
    time_limit_s: float = 20.0,
    dry_run: bool = False,
) -> Proposal:
    """Run the optimiser for an area (the country by default) and keep its proposal (a dry
    run returns it unsaved, without moves rows)."""
    require_permission(actor, "care.propose_deployment")
    if not 1 <= time_limit_s <= 300:
        raise ValidationFailed("time_limit_s must be between 1 and 300 seconds")
    tree = AreaTree()
    root = get_node(actor=actor, code=area_code or tree.nodes[0].code, tree=tree)
    inputs = optimiser.gather(
        area=root, tree=tree, as_of=as_of, qualifications=qualifications, patients=patients,
        max_send_share=max_send_share, must_stay=set(must_stay or []),
    )  # fmt: skip
    plans = optimiser.solve(inputs, time_limit_s=time_limit_s)
    summary = summary_of(inputs, plans)
    moves = [(p.qualification, m) for p in plans for m in p.moves]
    summary["figures"] = figures(
        summary, [(q, m.from_centre, m.to_centre, m.minutes) for q, m in moves]
    )
    parameters = {
        "patients": patients, "max_send_share": max_send_share,
        "must_stay": sorted(must_stay or []), "time_limit_s": time_limit_s,
    }  # fmt: skip
    proposal = Proposal(
        as_of=as_of, area_id=root.id, qualifications=inputs.qualifications,
        parameters=parameters, summary=summary, created_at=now(),
        created_by=actor if actor is not None and actor.pk else None,
    )  # fmt: skip
    proposal.planned_moves = [
        {"staff": inputs.numbers[m.person], "qualification": q, "from": m.from_centre,
         "to": m.to_centre, "minutes": m.minutes}
        for q, m in moves
    ]  # fmt: skip
    if not dry_run:
        _store(actor, proposal, moves, root.path)
    return proposal


def _store(actor, proposal: Proposal, moves: list, path: str) -> None:
    with transaction.atomic():
        proposal.save()
        ProposedMove.objects.bulk_create(
            ProposedMove(
                proposal=proposal, staff_id=m.person, qualification=q,
                from_site_id=m.from_centre, to_site_id=m.to_centre, minutes=m.minutes,
            )
            for q, m in moves
        )  # fmt: skip
        record_event(
            actor=actor,
            action="care.propose_deployment",
            object_type="deployment_proposal",
            object_id=proposal.pk,
            area_path=path,
            after={
                "as_of": proposal.as_of,
                "parameters": proposal.parameters,
                **proposal.summary["figures"]["qualifications"],
            },
        )


def _open(actor, proposal_id: int) -> Proposal:
    found = scope.restrict(Proposal.objects.select_for_update(), actor)
    proposal = found.filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound(f"no deployment proposal {proposal_id} in your scope")
    if proposal.state != ProposalState.DRAFT:
        raise ProposalClosed(f"proposal {proposal_id} is already {proposal.state}")
    return proposal


def _kept(proposal: Proposal) -> list[tuple[str, int, int, int]]:
    return list(
        proposal.moves.filter(is_dropped=False).values_list(
            "qualification", "from_site_id", "to_site_id", "minutes"
        )
    )


def _retarget(proposal: Proposal, move: ProposedMove, code: str) -> None:
    """Send a proposed person to another centre of the proposal (the travel time between
    their areas as the proposal computed it)."""
    centres = proposal.summary["centres"]
    target = next((int(k) for k, c in centres.items() if c["code"] == code), None)
    if target is None:
        raise ValidationFailed(f"{code} is not a centre of this proposal")
    if target == move.from_site_id:
        raise ValidationFailed(f"{move.staff.staff_number} would stay at {code}: drop the move")
    tree = AreaTree()
    source = tree.by_code[centres[str(move.from_site_id)]["area"]]
    hours, _table = travel.hours_matrix([source, tree.by_code[centres[str(target)]["area"]]], tree)
    move.minutes = round(hours[0][-1] * 60)
    move.to_site_id = target


def edit_proposal(
    *,
    actor,
    proposal_id: int,
    drop: list[str] | None = None,
    restore: list[str] | None = None,
    send: dict[str, str] | None = None,
) -> Proposal:
    """Drop moves, restore dropped ones, or send a person to another centre (``send``:
    staff number -> centre code); the figures are recomputed."""
    require_permission(actor, "care.approve_deployment")
    with transaction.atomic():
        proposal = _open(actor, proposal_id)
        moves = {m.staff.staff_number: m for m in proposal.moves.select_related("staff")}
        named = set(drop or []) | set(restore or []) | set(send or {})
        unknown = sorted(named - set(moves))
        if unknown:
            raise ValidationFailed(f"not moved by this proposal: {', '.join(unknown)}")
        for number in drop or []:
            moves[number].is_dropped = True
        for number in restore or []:
            moves[number].is_dropped = False
        for number, code in (send or {}).items():
            _retarget(proposal, moves[number], code)
            moves[number].is_dropped = False
        ProposedMove.objects.bulk_update(
            [moves[n] for n in named], ["is_dropped", "to_site_id", "minutes"]
        )
        proposal.summary["figures"] = figures(proposal.summary, _kept(proposal))
        proposal.is_edited = True
        proposal.save(update_fields=["summary", "is_edited"])
        record_event(
            actor=actor,
            action="care.edit_proposal",
            object_type="deployment_proposal",
            object_id=proposal.pk,
            after={"drop": drop or [], "restore": restore or [], "send": send or {}},
        )
    return proposal


def _orders(proposal: Proposal, start_on, planned_end_on, reason, decision_ref) -> list[Order]:
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for move in proposal.moves.filter(is_dropped=False).select_related("staff").order_by("pk"):
        groups[(move.from_site_id, move.to_site_id)].append(move.staff.staff_number)
    codes = dict(
        Site.objects.filter(pk__in={k for pair in groups for k in pair}).values_list(
            "pk", "area__code"
        )
    )
    return [
        Order(codes[a], codes[b], tuple(numbers), start_on, planned_end_on, reason, decision_ref)
        for (a, b), numbers in sorted(groups.items())
    ]


def approve_proposal(
    *,
    actor,
    proposal_id: int,
    start_on: dt.date | None = None,
    planned_end_on: dt.date | None = None,
    reason: str = "",
    decision_ref: str = "",
):
    """Approve a draft: one deployment order per pair of sites for the kept moves, all in
    this transaction (a person no longer available refuses the whole approval)."""
    require_permission(actor, "care.approve_deployment")
    with transaction.atomic():
        proposal = _open(actor, proposal_id)
        start_on = start_on or proposal.as_of
        why = reason.strip() or f"balanced deployment, proposal #{proposal.pk}"
        orders = _orders(proposal, start_on, planned_end_on, why, decision_ref)
        deployments = order_deployments(actor=actor, orders=orders, proposal=proposal)
        proposal.state = ProposalState.APPROVED
        proposal.decided_at = now()
        proposal.decided_by = actor if actor is not None and actor.pk else None
        proposal.decision_ref = decision_ref
        proposal.save(update_fields=["state", "decided_at", "decided_by", "decision_ref"])
        record_event(
            actor=actor,
            action="care.approve_proposal",
            object_type="deployment_proposal",
            object_id=proposal.pk,
            after={"orders": [d.pk for d in deployments], "start_on": start_on},
        )
    return proposal, deployments


def reject_proposal(*, actor, proposal_id: int, reason: str = "") -> Proposal:
    require_permission(actor, "care.approve_deployment")
    with transaction.atomic():
        proposal = _open(actor, proposal_id)
        proposal.state = ProposalState.REJECTED
        proposal.decided_at = now()
        proposal.decided_by = actor if actor is not None and actor.pk else None
        proposal.save(update_fields=["state", "decided_at", "decided_by"])
        record_event(
            actor=actor,
            action="care.reject_proposal",
            object_type="deployment_proposal",
            object_id=proposal.pk,
            after={"reason": reason},
        )
    return proposal
