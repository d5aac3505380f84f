from django.http import HttpRequest
from ninja import Router, Status

from epicommand.care import selectors, serialise, services
from epicommand.care.schemas import (
    ApproveIn,
    DeploymentIn,
    ProposalEditIn,
    ProposalIn,
    RejectIn,
    StepIn,
)
from epicommand.geo.tree import AreaTree, get_node

router = Router(tags=["care: deployments"])


def _detail(deployment) -> dict:
    return serialise.deployment(deployment, selectors.deployment_staff(deployment))


@router.get("/deployments", response=list[dict])
def list_deployments(
    request: HttpRequest,
    state: str | None = None,
    area: str | None = None,
    staff: str | None = None,
    limit: int = 200,
):
    """Orders from or to a site in your scope, newest start first."""
    node = get_node(actor=request.user, code=area, tree=AreaTree()) if area else None
    found = selectors.deployments(request.user, state=state, area=node, staff=staff)
    return [serialise.deployment(d) for d in found[: min(max(limit, 1), 1000)]]


@router.post("/deployments", response={201: dict})
def order_deployment(request: HttpRequest, body: DeploymentIn):
    """Order persons (on duty at the sending site) to another site; a person already
    deployed, or sick, in quarantine, off or deceased on the start day is refused (409)."""
    deployment = services.order_deployment(
        actor=request.user,
        from_site=body.from_site,
        to_site=body.to_site,
        staff_numbers=body.staff,
        start_on=body.start_on,
        planned_end_on=body.planned_end_on,
        reason=body.reason,
        decision_ref=body.decision_ref,
    )
    return Status(201, _detail(deployment))


@router.get("/deployments/{deployment_id}", response=dict)
def get_deployment(request: HttpRequest, deployment_id: int):
    return _detail(selectors.get_deployment(request.user, deployment_id))


@router.post("/deployments/{deployment_id}/{state}", response=dict)
def advance(request: HttpRequest, deployment_id: int, state: str, body: StepIn):
    """``travelling``, ``arrived``, ``returned`` or ``cancelled``, on a day (today)."""
    deployment = services.advance_deployment(
        actor=request.user, deployment_id=deployment_id, state=state, on=body.on, note=body.note
    )
    return _detail(selectors.get_deployment(request.user, deployment.pk))


@router.post("/proposals", response={201: dict, 200: dict})
def propose(request: HttpRequest, body: ProposalIn):
    """Run the balanced-deployment optimiser: moves of whole persons that make the highest
    patient-to-staff ratio as low as possible, then the least travel. ``dry_run`` answers
    without keeping the proposal."""
    values = body.dict()
    dry_run = values.pop("dry_run")
    values["area_code"] = values.pop("area")
    values["as_of"] = values["as_of"] or selectors.default_day()
    proposal = services.propose_deployment(actor=request.user, dry_run=dry_run, **values)
    if dry_run:
        return Status(200, serialise.proposal(proposal, serialise.planned_moves(proposal)))
    return Status(201, serialise.proposal(proposal, serialise.stored_moves(proposal)))


@router.get("/proposals", response=list[dict])
def list_proposals(request: HttpRequest):
    return [serialise.proposal(p) for p in selectors.proposals(request.user)[:100]]


@router.get("/proposals/{proposal_id}", response=dict)
def get_proposal(request: HttpRequest, proposal_id: int):
    proposal = selectors.get_proposal(request.user, proposal_id)
    return serialise.proposal(proposal, serialise.stored_moves(proposal))


@router.patch("/proposals/{proposal_id}", response=dict)
def edit_proposal(request: HttpRequest, proposal_id: int, body: ProposalEditIn):
    """Drop moves, restore them, or send a person to another centre of the proposal."""
    proposal = services.edit_proposal(actor=request.user, proposal_id=proposal_id, **body.dict())
    return serialise.proposal(proposal, serialise.stored_moves(proposal))


@router.post("/proposals/{proposal_id}/approve", response=dict)
def approve(request: HttpRequest, proposal_id: int, body: ApproveIn):
    """Approve: one deployment order per pair of sites for the kept moves, in one
    transaction."""
    proposal, orders = services.approve_proposal(
        actor=request.user, proposal_id=proposal_id, **body.dict()
    )
    data = serialise.proposal(proposal)
    data["orders"] = [serialise.deployment(d) for d in orders]
    return data


@router.post("/proposals/{proposal_id}/reject", response=dict)
def reject(request: HttpRequest, proposal_id: int, body: RejectIn):
    proposal = services.reject_proposal(
        actor=request.user, proposal_id=proposal_id, reason=body.reason
    )
    return serialise.proposal(proposal)
