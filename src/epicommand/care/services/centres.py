"""Treatment centres: beds and command lines; what HQ sets for all centres (minimum ratios,
occupancy thresholds) and the travel-time table."""

from __future__ import annotations

import csv
import io
import math

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.care.enums import BedType, Qualification
from epicommand.care.errors import BadNorm, NotACentre
from epicommand.care.models import CapacityThresholds, StaffingNorm, TravelTime, TreatmentCentre
from epicommand.care.norms import current_norms, thresholds
from epicommand.care.services.lookups import get_centre
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import ImportRejected, NotFound, RowProblem, ValidationFailed
from epicommand.geo.models import Area
from epicommand.supply.enums import SiteKind
from epicommand.supply.models import Site

UNSET = object()


def _beds(values: dict[str, int | None]) -> dict[str, int]:
    beds = {}
    for bed_type, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationFailed(f"{bed_type} beds must be a whole number, 0 or more")
        beds[bed_type] = value
    return beds


def _commander(centre: TreatmentCentre, code: str | None) -> TreatmentCentre | None:
    """A district centre of the same district commands a centre (the scenario's "district
    treatment centres operating and commanding medical service")."""
    if not code:
        return None
    commander = (
        TreatmentCentre.objects.select_related("site__area").filter(site__area__code=code).first()
    )
    if commander is None:
        raise NotFound(f"no treatment centre {code!r}")
    if commander.pk == centre.pk or not commander.is_district:
        raise ValidationFailed(f"{code} is not a district treatment centre")
    if commander.located_in_id != centre.located_in_id:
        raise ValidationFailed(f"{code} commands the centres of another district")
    return commander


def set_centre(
    *,
    actor,
    code: str,
    beds: dict[str, int | None] | None = None,
    is_district: bool | None = None,
    commanded_by: object = UNSET,
    max_send: object = UNSET,
) -> TreatmentCentre:
    """Extend a treatment-centre site with beds and its command line (created on first
    use; only the values given change)."""
    require_permission(actor, "care.manage_centres")
    with transaction.atomic():
        site = scope.get_for(
            actor,
            Site.objects.select_related("area").select_for_update(of=("self",)),
            area__code=code,
        )
        if site.kind != SiteKind.TREATMENT_CENTRE:
            raise NotACentre(f"{code} is a {site.get_kind_display()}, not a treatment centre")
        centre, created = TreatmentCentre.objects.get_or_create(
            site=site, defaults={"located_in_id": site.located_in_id, "area_path": site.area.path}
        )
        before = None if created else centre.as_audit_dict()
        for bed_type, value in _beds(beds or {}).items():
            setattr(centre, f"beds_{bed_type}", value)
        if is_district is not None:
            centre.is_district = is_district
        if commanded_by is not UNSET:
            centre.commanded_by = _commander(centre, commanded_by)
        if max_send is not UNSET:
            if max_send is not None and (not isinstance(max_send, int) or max_send < 0):
                raise ValidationFailed("max_send must be a whole number, 0 or more")
            centre.max_send = max_send
        centre.save()
        record_event(
            actor=actor,
            action="care.set_centre",
            object_type="treatment_centre",
            object_id=code,
            area_path=centre.area_path,
            before=before,
            after=centre.as_audit_dict(),
        )
    return get_centre(actor, code)


def _norm_problems(rows: list[dict]) -> list[RowProblem]:
    problems = []
    for number, row in enumerate(rows, start=1):
        if row.get("bed_type") not in BedType.values:
            problems.append(
                RowProblem(number, "bed_type", f"unknown bed type {row.get('bed_type')!r}")
            )
        if row.get("qualification") not in Qualification.values:
            problems.append(
                RowProblem(
                    number, "qualification", f"unknown qualification {row.get('qualification')!r}"
                )
            )
        value = row.get("patients_per_staff")
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            problems.append(RowProblem(number, "patients_per_staff", "not a number"))
        elif value <= 0:
            problems.append(
                RowProblem(
                    number, "patients_per_staff", f"{value:g}: a minimum ratio must be above 0"
                )
            )
    return problems


def set_staffing_norms(*, actor, norms: list[dict]) -> dict[str, dict[str, float]]:
    """Replace HQ's minimum ratios (``bed_type``, ``qualification``, ``patients_per_staff``:
    the most patients per person on duty). Zero or below is refused, row by row."""
    require_permission(actor, "care.manage_centres")
    problems = _norm_problems(norms)
    if problems:
        raise BadNorm(
            f"{len(problems)} problem(s) in the minimum ratios; first: {problems[0]}",
            details=[p.as_dict() for p in problems],
        )
    with transaction.atomic():
        before = {f"{b}/{q}": v for q, by in current_norms().items() for b, v in by.items()}
        StaffingNorm.objects.all().delete()
        StaffingNorm.objects.bulk_create(
            StaffingNorm(
                bed_type=r["bed_type"],
                qualification=r["qualification"],
                patients_per_staff=float(r["patients_per_staff"]),
            )
            for r in norms
        )
        after = {f"{r['bed_type']}/{r['qualification']}": r["patients_per_staff"] for r in norms}
        record_event(
            actor=actor,
            action="care.set_staffing_norms",
            object_type="staffing_norm",
            before=before,
            after=after,
        )
    return current_norms()


def set_capacity_thresholds(*, actor, warning_percent: float, critical_percent: float):
    """The occupancy above which centres raise alerts; from the next census filed on."""
    require_permission(actor, "care.manage_centres")
    if not 0 < warning_percent < critical_percent:
        raise ValidationFailed(
            "thresholds must be above 0 with the warning below the critical one "
            f"(got {warning_percent:g} % and {critical_percent:g} %)"
        )
    with transaction.atomic():
        before = thresholds()
        row = CapacityThresholds.objects.select_for_update().first() or CapacityThresholds()
        row.warning_percent, row.critical_percent = warning_percent, critical_percent
        row.save()
        record_event(
            actor=actor,
            action="care.set_capacity_thresholds",
            object_type="capacity_thresholds",
            before=list(before),
            after=[warning_percent, critical_percent],
        )
    return row


TRAVEL_COLUMNS = ("from_area", "to_area", "hours")


def _travel_rows(data: bytes) -> tuple[list[tuple[int, str, str, float]], list[RowProblem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowProblem(1, "-", "not UTF-8 text: save the file as CSV UTF-8")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in TRAVEL_COLUMNS if c not in header]
    if missing:
        return [], [RowProblem(1, c, "required column is missing") for c in missing]
    reader.fieldnames = header
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        try:
            hours = float((raw.get("hours") or "").strip())
        except ValueError:
            problems.append(RowProblem(number, "hours", f"{raw.get('hours')!r} is not a number"))
            continue
        if not math.isfinite(hours) or hours < 0:
            problems.append(RowProblem(number, "hours", f"{hours:g} is negative"))
            continue
        rows.append((number, raw["from_area"].strip(), raw["to_area"].strip(), hours))
    return rows, problems


def import_travel_times(*, actor, data: bytes) -> int:
    """A CSV ``from_area,to_area,hours``: these pairs replace the centroid estimate (one way;
    give both directions for both). All rows or none."""
    require_permission(actor, "care.manage_centres")
    rows, problems = _travel_rows(data)
    areas = {
        a.code: a for a in Area.objects.filter(code__in={r[1] for r in rows} | {r[2] for r in rows})
    }
    for number, source, target, _hours in rows:
        for column, code in (("from_area", source), ("to_area", target)):
            if code not in areas:
                problems.append(RowProblem(number, column, f"unknown area code {code!r}"))
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        for _number, source, target, hours in rows:
            TravelTime.objects.update_or_create(
                from_area=areas[source], to_area=areas[target], defaults={"hours": hours}
            )
        record_event(
            actor=actor,
            action="care.import_travel_times",
            object_type="travel_time",
            after={"pairs": len(rows)},
        )
    return len(rows)
