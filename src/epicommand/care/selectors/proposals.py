"""Scoped reads of deployment proposals."""

from __future__ import annotations

from django.db.models import QuerySet

from epicommand.care.models import Proposal, ProposedMove
from epicommand.care.selectors.centres import require_view
from epicommand.core import scope


def proposals(actor) -> QuerySet[Proposal]:
    require_view(actor)
    return scope.restrict(
        Proposal.objects.select_related("area", "created_by", "decided_by"), actor
    ).order_by("-created_at", "-pk")


def get_proposal(actor, proposal_id: int) -> Proposal:
    require_view(actor)
    return scope.get_for(
        actor, Proposal.objects.select_related("area", "created_by", "decided_by"), pk=proposal_id
    )


def moves(proposal: Proposal) -> QuerySet[ProposedMove]:
    return proposal.moves.select_related("staff", "from_site__area", "to_site__area").order_by(
        "qualification", "from_site__area__path", "to_site__area__path", "staff__staff_number"
    )
