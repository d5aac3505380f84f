"""Health of medical workers: infections, sick leave and quarantine, deaths.

These are a person's health records: only roles given ``care.record_staff_health`` write
them (HQ, the staff health officers), within their scope.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.care.enums import AbsenceKind, InfectionStatus
from epicommand.care.models import Absence, Infection
from epicommand.care.services.lookups import get_person
from epicommand.clock import now, today
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed

HEALTH_KINDS = (AbsenceKind.SICK, AbsenceKind.QUARANTINE)


def _by(actor):
    return actor if actor is not None and actor.pk else None


def _not_future(day: dt.date, what: str) -> None:
    if day > today():
        raise ValidationFailed(f"{what} {day} is in the future")


def record_infection(
    *,
    actor,
    staff_number: str,
    status: str,
    detected_on: dt.date,
    confirmed_on: dt.date | None = None,
    absence: str | None = None,
    absence_days: int | None = None,
    note: str = "",
) -> Infection:
    """An infection (suspected or confirmed) of a member of staff; with ``absence`` (sick or
    quarantine) the person is also off from ``detected_on`` for ``absence_days`` (open when
    not given)."""
    require_permission(actor, "care.record_staff_health")
    confirmed_on = _check_infection(status, detected_on, confirmed_on, absence, absence_days)
    with transaction.atomic():
        person = get_person(actor, staff_number, lock=True)
        infection = Infection.objects.create(
            staff=person,
            area_path=person.area_path,
            status=status,
            detected_on=detected_on,
            confirmed_on=confirmed_on,
            note=note,
            recorded_at=now(),
            recorded_by=_by(actor),
        )
        if absence:
            end = detected_on + dt.timedelta(days=absence_days - 1) if absence_days else None
            _absence(actor, person, absence, detected_on, end, "infection", infection)
        record_event(
            actor=actor,
            action="care.record_infection",
            object_type="staff_infection",
            object_id=infection.pk,
            area_path=person.area_path,
            after={"staff": staff_number, "status": status, "detected_on": detected_on},
        )
    return infection


def _check_infection(status, detected_on, confirmed_on, absence, absence_days):
    """The infection's figures, or the reason they are refused; its confirmation day."""
    if status not in InfectionStatus.values:
        raise ValidationFailed(f"unknown infection status {status!r}; use suspected or confirmed")
    _not_future(detected_on, "detection day")
    if status == InfectionStatus.CONFIRMED:
        confirmed_on = confirmed_on or detected_on
    if confirmed_on is not None and confirmed_on < detected_on:
        raise ValidationFailed("an infection cannot be confirmed before it was detected")
    if absence is not None and absence not in HEALTH_KINDS:
        raise ValidationFailed(f"absence must be sick or quarantine, not {absence!r}")
    if absence_days is not None and absence_days < 1:
        raise ValidationFailed("an absence lasts at least one day")
    return confirmed_on


def confirm_infection(*, actor, infection_id: int, confirmed_on: dt.date) -> Infection:
    require_permission(actor, "care.record_staff_health")
    _not_future(confirmed_on, "confirmation day")
    with transaction.atomic():
        infection = (
            scope.restrict(Infection.objects.select_for_update(), actor, path_field="area_path")
            .filter(pk=infection_id)
            .first()
        )
        if infection is None:
            raise NotFound(f"no staff infection {infection_id} in your scope")
        if confirmed_on < infection.detected_on:
            raise ValidationFailed("an infection cannot be confirmed before it was detected")
        before = {"status": infection.status, "confirmed_on": infection.confirmed_on}
        infection.status, infection.confirmed_on = InfectionStatus.CONFIRMED, confirmed_on
        infection.save(update_fields=["status", "confirmed_on"])
        record_event(
            actor=actor,
            action="care.confirm_infection",
            object_type="staff_infection",
            object_id=infection.pk,
            area_path=infection.area_path,
            before=before,
            after={"status": infection.status, "confirmed_on": confirmed_on},
        )
    return infection


def _absence(actor, person, kind, start_on, end_on, reason, infection=None) -> Absence:
    return Absence.objects.create(
        staff=person,
        area_path=person.area_path,
        kind=kind,
        start_on=start_on,
        end_on=end_on,
        reason=reason,
        infection=infection,
        recorded_at=now(),
        recorded_by=_by(actor),
    )


def record_absence(
    *,
    actor,
    staff_number: str,
    kind: str,
    start_on: dt.date,
    end_on: dt.date | None = None,
    reason: str = "",
) -> Absence:
    """Sick leave or quarantine from ``start_on`` to ``end_on`` (inclusive; open: None)."""
    require_permission(actor, "care.record_staff_health")
    if kind not in HEALTH_KINDS:
        raise ValidationFailed(f"kind must be sick or quarantine, not {kind!r}")
    if end_on is not None and end_on < start_on:
        raise ValidationFailed("an absence cannot end before it starts")
    with transaction.atomic():
        person = get_person(actor, staff_number, lock=True)
        absence = _absence(actor, person, kind, start_on, end_on, reason)
        record_event(
            actor=actor,
            action="care.record_absence",
            object_type="absence",
            object_id=absence.pk,
            area_path=person.area_path,
            after={"staff": staff_number, "kind": kind, "start_on": start_on, "end_on": end_on},
        )
    return absence


def end_absence(*, actor, absence_id: int, end_on: dt.date) -> Absence:
    """Close an absence: the person is back on ``end_on + 1``."""
    require_permission(actor, "care.record_staff_health")
    with transaction.atomic():
        absence = (
            scope.restrict(Absence.objects.select_for_update(), actor, path_field="area_path")
            .filter(pk=absence_id)
            .first()
        )
        if absence is None:
            raise NotFound(f"no absence {absence_id} in your scope")
        if end_on < absence.start_on:
            raise ValidationFailed("an absence cannot end before it starts")
        before = absence.end_on
        absence.end_on = end_on
        absence.save(update_fields=["end_on"])
        record_event(
            actor=actor,
            action="care.end_absence",
            object_type="absence",
            object_id=absence.pk,
            area_path=absence.area_path,
            before={"end_on": before},
            after={"end_on": end_on},
        )
    return absence


def record_death(*, actor, staff_number: str, died_on: dt.date):
    require_permission(actor, "care.record_staff_health")
    _not_future(died_on, "day of death")
    with transaction.atomic():
        person = get_person(actor, staff_number, lock=True)
        if person.died_on is not None:
            raise ValidationFailed(f"{staff_number}'s death is already recorded ({person.died_on})")
        person.died_on = died_on
        person.save(update_fields=["died_on"])
        record_event(
            actor=actor,
            action="care.record_death",
            object_type="staff",
            object_id=staff_number,
            area_path=person.area_path,
            after={"died_on": died_on},
        )
    return person
