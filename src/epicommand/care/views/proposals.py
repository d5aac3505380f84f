"""Pages of the balanced deployment: run the optimiser, read and edit a proposal, approve."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epicommand.care import selectors, services
from epicommand.care.enums import Qualification
from epicommand.care.forms import ProposalForm
from epicommand.errors import DomainError
from epicommand.web.params import parse_day


def _form(request: HttpRequest) -> ProposalForm:
    norms = services.current_norms()
    choices = [(v, label) for v, label in Qualification.choices if v in norms]
    initial = {"as_of": selectors.default_day(), "patients": "census", "max_send_share": 0.2}
    return ProposalForm(request.POST or None, initial=initial, qualifications=choices)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals, and the form that runs the optimiser (for those who may)."""
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        keep = [n.strip() for n in data["must_stay"].split(",") if n.strip()]
        try:
            proposal = services.propose_deployment(
                actor=request.user,
                as_of=data["as_of"],
                qualifications=[data["qualification"]] if data["qualification"] else None,
                patients=data["patients"],
                max_send_share=data["max_send_share"],
                must_stay=keep,
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(None, exc.message)
        else:
            return redirect("care:proposal", proposal_id=proposal.pk)
    context = {
        "form": form,
        "proposals": selectors.proposals(request.user)[:50],
        "can_propose": request.user.has_perm("care.propose_deployment"),
    }
    return render(request, "care/proposal_list.html", context)


@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.get_proposal(request.user, proposal_id)
    summary = proposal.summary
    provinces = summary["figures"]["provinces"]
    context = {
        "proposal": proposal,
        "solver": summary["solver"],
        "figures": summary["figures"]["qualifications"],
        "provinces": sorted(provinces.items()),
        "moves": list(selectors.moves(proposal)[:2000]),
        "can_decide": proposal.state == "draft"
        and request.user.has_perm("care.approve_deployment"),
    }
    return render(request, "care/proposal_detail.html", context)


@login_required
@require_POST
def proposal_edit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Drop the ticked moves and restore the unticked ones that were dropped."""
    proposal = selectors.get_proposal(request.user, proposal_id)
    ticked = set(request.POST.getlist("drop"))
    moves = {m.staff.staff_number: m.is_dropped for m in selectors.moves(proposal)}
    send = {
        key.removeprefix("send_"): value.strip()
        for key, value in request.POST.items()
        if key.startswith("send_") and value.strip()
    }
    try:
        services.edit_proposal(
            actor=request.user,
            proposal_id=proposal_id,
            drop=sorted(n for n in ticked if not moves.get(n, True)),
            restore=sorted(n for n, dropped in moves.items() if dropped and n not in ticked),
            send=send,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Proposal changed; the figures are recomputed."))
    return redirect("care:proposal", proposal_id=proposal_id)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    try:
        if request.POST.get("decision") == "reject":
            services.reject_proposal(
                actor=request.user, proposal_id=proposal_id, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Proposal rejected."))
        else:
            _proposal, orders = services.approve_proposal(
                actor=request.user,
                proposal_id=proposal_id,
                start_on=parse_day(request.POST.get("start_on"), "start_on"),
                reason=request.POST.get("reason", ""),
                decision_ref=request.POST.get("decision_ref", ""),
            )
            messages.success(
                request, _("Approved: %(n)d deployment orders created.") % {"n": len(orders)}
            )
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    return redirect("care:proposal", proposal_id=proposal_id)
