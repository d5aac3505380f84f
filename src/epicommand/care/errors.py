"""Refusals of the care app, each with a stable code."""

from __future__ import annotations

from epicommand.errors import DomainError, ValidationFailed


class CensusContradiction(ValidationFailed):
    """Census figures that cannot all be true (occupied beds above beds or patients)."""

    code = "care.census_contradiction"


class NotACentre(ValidationFailed):
    code = "care.not_a_centre"


class AlreadyDeployed(DomainError):
    code = "care.already_deployed"
    status = 409


class NotAvailable(DomainError):
    """A person who is sick, in quarantine, off or deceased on the day cannot be deployed."""

    code = "care.not_available"
    status = 409


class BadTransition(DomainError):
    code = "care.bad_transition"
    status = 409


class BadNorm(ValidationFailed):
    code = "care.bad_norm"


class ProposalClosed(DomainError):
    code = "care.proposal_closed"
    status = 409


class ProposalStale(DomainError):
    """Approving would deploy someone whose status changed since the proposal."""

    code = "care.proposal_stale"
    status = 409


class DuplicateStaffNumber(DomainError):
    code = "care.duplicate_staff_number"
    status = 409
