"""What HQ set for every centre, read: the minimum ratios and the occupancy thresholds
(their defaults until HQ sets any). Written by ``services.centres``."""

from __future__ import annotations

from epicommand.care import rules
from epicommand.care.models import CapacityThresholds, StaffingNorm


def current_norms() -> dict[str, dict[str, float]]:
    """HQ's minimum ratios by qualification and bed type (the defaults until HQ sets any)."""
    found: dict[str, dict[str, float]] = {}
    rows = StaffingNorm.objects.values_list("qualification", "bed_type", "patients_per_staff")
    pairs = {(b, q): v for q, b, v in rows} or rules.DEFAULT_NORMS
    for (bed_type, qualification), value in pairs.items():
        found.setdefault(qualification, {})[bed_type] = value
    return found


def thresholds() -> tuple[float, float]:
    """(warning, critical) occupancy per cent."""
    row = CapacityThresholds.objects.first()
    if row is None:
        return rules.DEFAULT_WARNING_PERCENT, rules.DEFAULT_CRITICAL_PERCENT
    return row.warning_percent, row.critical_percent
