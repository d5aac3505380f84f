"""What each role may do with treatment centres and medical staff (merged by
``accounts.roles``).

Every role sees centres, census, the roster and deployments of its scope; a person's health
records (infections, sick leave, quarantine, death) only HQ and the staff health officers
see (``care.view_staff_health``): other roles see such a person as "unavailable" and the
per-area rates. Centres and county officers file the census; HQ sets the minimum ratios and
thresholds, runs and approves the balanced deployment.
"""

from __future__ import annotations

from epicommand.accounts.roles import Role

HEALTH_OFFICER = "staff_health_officer"

_VIEW = ["care.view_care"]
_HEALTH = ["care.view_staff_health", "care.record_staff_health"]
_HQ = [
    "care.order_deployment",
    "care.update_deployment",
    "care.propose_deployment",
    "care.approve_deployment",
    "care.manage_centres",
    "care.manage_staff",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.HQ_COMMANDER: _VIEW + _HQ + _HEALTH,
    Role.ANALYST: _VIEW + ["care.propose_deployment"],
    Role.AREA_OFFICER: _VIEW
    + ["care.file_census", "care.manage_staff", "care.order_deployment", "care.update_deployment"],
    Role.SITE_OPERATOR: _VIEW + ["care.file_census", "care.manage_staff", "care.update_deployment"],
    Role.LOGISTICS_OFFICER: _VIEW + ["care.update_deployment"],
    Role.INSPECTOR: _VIEW,
    Role.OBSERVER: _VIEW,
    Role.ADMIN: _VIEW + _HQ + _HEALTH + ["care.file_census"],
    HEALTH_OFFICER: _VIEW + _HEALTH,
}
