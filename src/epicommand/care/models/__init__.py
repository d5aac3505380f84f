"""Care models, one module per part (a package: one file would pass 400 lines)."""

from epicommand.care.models.census import CapacityAlert, CensusRevision
from epicommand.care.models.centres import (
    CapacityThresholds,
    StaffingNorm,
    TravelTime,
    TreatmentCentre,
)
from epicommand.care.models.deployments import (
    Deployment,
    DeploymentEvent,
    DeploymentMember,
    Proposal,
    ProposedMove,
)
from epicommand.care.models.staff import Absence, Infection, StaffMember

__all__ = [
    "Absence",
    "CapacityAlert",
    "CapacityThresholds",
    "CensusRevision",
    "Deployment",
    "DeploymentEvent",
    "DeploymentMember",
    "Infection",
    "Proposal",
    "ProposedMove",
    "StaffMember",
    "StaffingNorm",
    "TravelTime",
    "TreatmentCentre",
]
