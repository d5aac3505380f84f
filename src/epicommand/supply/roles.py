"""What each role may do in the supply network (merged by ``accounts.roles``).

Logistics officers plan and dispatch shipments; site operators receive, issue, dispense,
count and produce at their own sites; the HQ commander approves state reserve releases;
administrators manage items and sites; everyone with a role may look.
"""

from __future__ import annotations

from epicommand.accounts.roles import Role

_VIEW = ["supply.view_stock"]
_SITE = [
    "supply.move_stock",
    "supply.receive_shipment",
    "supply.record_production",
    "supply.request_stock",
    "supply.decide_requisition",
    "supply.register_lot",
]
_LOGISTICS = [
    "supply.manage_shipments",
    "supply.manage_transport",
    "supply.request_release",
    "supply.register_lot",
]
_ADMIN = ["supply.manage_catalog", "supply.register_lot", "supply.manage_transport"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.HQ_COMMANDER: _VIEW + ["supply.approve_release", "supply.request_release"],
    Role.ANALYST: _VIEW,
    Role.AREA_OFFICER: _VIEW + ["supply.request_stock", "supply.decide_requisition"],
    Role.SITE_OPERATOR: _VIEW + _SITE,
    Role.LOGISTICS_OFFICER: _VIEW + _LOGISTICS,
    Role.INSPECTOR: _VIEW,
    Role.OBSERVER: _VIEW,
    Role.ADMIN: _VIEW + _ADMIN,
}
