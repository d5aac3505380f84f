"""Loading a whole history at once: centres, months of census, a national roster, the
health records of an outbreak.

For loaders that own the database while they run (the demo, the benchmarks), like
``supply.services.bulk``: one call is one transaction and one audit event, rows go in with
``insert_rows`` (``COPY`` on PostgreSQL) instead of one service call per row. Each row is
checked by the same rules as the services' (a census that contradicts itself is refused
whole) and derived rows (capacity alerts) are computed from what is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.care import rules
from epicommand.care.enums import Source
from epicommand.care.models import (
    Absence,
    CapacityAlert,
    CensusRevision,
    Infection,
    StaffMember,
    TreatmentCentre,
)
from epicommand.care.norms import thresholds
from epicommand.clock import now
from epicommand.core.permissions import require_permission
from epicommand.supply.services.bulk import insert_rows, prepared


@dataclass(frozen=True)
class NewCentre:
    site_id: int
    located_in_id: int
    area_path: str
    beds: dict[str, int]
    is_district: bool = False
    commander_site_id: int | None = None


def load_centres(*, actor, centres: list[NewCentre]) -> int:
    """Treatment centres for existing treatment-centre sites, then their command lines."""
    require_permission(actor, "care.manage_centres")
    with transaction.atomic():
        TreatmentCentre.objects.bulk_create(
            TreatmentCentre(
                site_id=c.site_id,
                located_in_id=c.located_in_id,
                area_path=c.area_path,
                is_district=c.is_district,
                **{f"beds_{t}": n for t, n in c.beds.items()},
            )
            for c in centres
        )
        ids = dict(TreatmentCentre.objects.values_list("site_id", "pk"))
        linked = [
            TreatmentCentre(pk=ids[c.site_id], commanded_by_id=ids[c.commander_site_id])
            for c in centres
            if c.commander_site_id
        ]
        TreatmentCentre.objects.bulk_update(linked, ["commanded_by_id"], batch_size=2000)
        record_event(
            actor=actor,
            action="care.load_centres",
            object_type="treatment_centre",
            after={"centres": len(centres), "commanded": len(linked)},
        )
    return len(centres)


CENSUS_COLUMNS = [
    "centre", "area_path", "reported_on", "revision", *rules.FIGURES, "warnings",
    "submitted_at", "source",
]  # fmt: skip


@dataclass(frozen=True)
class CensusDay:
    centre: TreatmentCentre
    day: dt.date
    figures: dict[str, int]
    submitted_at: dt.datetime


def _census_rows(days: list[CensusDay]):
    empty = "[]"  # the JSON text of no warnings, as both databases store it
    for d in days:
        problems = rules.census_problems(d.figures, d.centre.beds)
        if problems:
            raise ValueError(f"{d.centre.code} {d.day}: {problems[0][1]}")
        yield (
            d.centre.pk, d.centre.area_path, prepared(CensusRevision, "reported_on", d.day), 1,
            *[d.figures[f] for f in rules.FIGURES], empty,
            prepared(CensusRevision, "submitted_at", d.submitted_at), Source.DEMO,
        )  # fmt: skip


def _alerts(days: list[CensusDay]) -> list[CapacityAlert]:
    warning, critical = thresholds()
    rows = []
    for d in days:
        share = rules.occupancy(rules.occupied(d.figures), d.centre.total_beds)
        level = rules.severity(share, warning, critical)
        if level:
            rows.append(
                CapacityAlert(centre=d.centre, area_path=d.centre.area_path, on=d.day,
                              severity=level, occupancy=share, raised_at=d.submitted_at)
            )  # fmt: skip
    return rows


def load_census(*, actor, days: list[CensusDay], label: str) -> int:
    """First revisions of many (centre, day) census rows, and the alerts they raise."""
    require_permission(actor, "care.file_census")
    with transaction.atomic():
        count = insert_rows(CensusRevision, CENSUS_COLUMNS, _census_rows(days))
        alerts = len(CapacityAlert.objects.bulk_create(_alerts(days), batch_size=2000))
        record_event(
            actor=actor,
            action="care.load_census",
            object_type="census",
            after={"loaded": label, "rows": count, "alerts": alerts},
        )
    return count


@dataclass(frozen=True)
class NewStaff:
    staff_number: str
    name: str
    name_local: str
    qualification: str
    home_area_id: int
    post_id: int
    area_path: str


def load_staff(*, actor, staff: list[NewStaff]) -> int:
    require_permission(actor, "care.manage_staff")
    at = prepared(StaffMember, "created_at", now())
    columns = [
        "staff_number", "name", "name_local", "qualification", "home_area", "home_site", "post",
        "area_path", "must_stay", "created_at",
    ]  # fmt: skip
    rows = (
        (s.staff_number, s.name, s.name_local, s.qualification, s.home_area_id, s.post_id,
         s.post_id, s.area_path, False, at)
        for s in staff
    )  # fmt: skip
    with transaction.atomic():
        count = insert_rows(StaffMember, columns, rows)
        record_event(
            actor=actor, action="care.load_staff", object_type="staff", after={"staff": count}
        )
    return count


@dataclass(frozen=True)
class NewInfection:
    staff_id: int
    area_path: str
    detected_on: dt.date
    confirmed: bool
    absence: str  # sick or quarantine
    absence_days: int


def load_health(*, actor, infections: list[NewInfection], label: str) -> int:
    """Infections and the sick leave or quarantine that follows each."""
    require_permission(actor, "care.record_staff_health")
    at = prepared(Infection, "recorded_at", now())
    with transaction.atomic():
        rows = [
            (i.staff_id, i.area_path, "confirmed" if i.confirmed else "suspected",
             prepared(Infection, "detected_on", i.detected_on),
             prepared(Infection, "confirmed_on", i.detected_on) if i.confirmed else None, "", at)
            for i in infections
        ]  # fmt: skip
        insert_rows(
            Infection,
            ["staff", "area_path", "status", "detected_on", "confirmed_on", "note", "recorded_at"],
            rows,
        )
        absences = [
            (i.staff_id, i.area_path, i.absence, prepared(Absence, "start_on", i.detected_on),
             prepared(Absence, "end_on", i.detected_on + dt.timedelta(days=i.absence_days - 1)),
             "infection", at)
            for i in infections
        ]  # fmt: skip
        insert_rows(
            Absence,
            ["staff", "area_path", "kind", "start_on", "end_on", "reason", "recorded_at"],
            absences,
        )
        record_event(
            actor=actor,
            action="care.load_health",
            object_type="staff_infection",
            after={"loaded": label, "infections": len(infections)},
        )
    return len(infections)
