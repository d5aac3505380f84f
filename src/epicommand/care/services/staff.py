"""The roster: persons added one by one or imported from a CSV or Excel file.

An import checks every row first (row, column, reason) and then writes all rows or none; a
staff number already on the roster updates that person. A status of off, sick or in
quarantine in the file opens an absence from the import's day (sick and quarantine are
health records: they need ``care.record_staff_health``); deployed is refused, since only a
deployment order deploys anyone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.care.enums import AbsenceKind, Qualification
from epicommand.care.errors import DuplicateStaffNumber
from epicommand.care.models import Absence, StaffMember
from epicommand.care.services.lookups import get_person
from epicommand.clock import now, today
from epicommand.core import scope
from epicommand.core.permissions import has_permission, require_permission
from epicommand.errors import ImportRejected, NotFound, RowProblem, ValidationFailed
from epicommand.geo.models import Area
from epicommand.supply.models import Site

NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,39}$")
ROSTER_COLUMNS = (
    "staff_number", "name", "name_local", "qualification", "home_area", "home_site", "post",
    "status", "must_stay",
)  # fmt: skip
REQUIRED_COLUMNS = ("staff_number", "name", "qualification", "home_area", "post")
FILE_STATUSES = ("on_duty", "off", "sick", "quarantine")
TRUE = {"1", "yes", "true", "y"}
FALSE = {"", "0", "no", "false", "n"}


@dataclass
class RosterRow:
    row: int
    values: dict
    status: str


@dataclass
class RosterResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    absences: int = 0
    warnings: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "absences_opened": self.absences,
            "warnings": [w.as_dict() for w in self.warnings],
            "dry_run": self.dry_run,
        }


class RosterChecker:
    """Rows against the areas, sites, the actor's scope and each other."""

    def __init__(self, actor, rows: list[tuple[int, dict]]) -> None:
        self.actor = actor
        codes = {str(r.get(c) or "").strip() for _n, r in rows for c in ("home_area", "post")}
        codes |= {str(r.get("home_site") or "").strip() for _n, r in rows}
        self.areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
        self.sites = {
            s.area.code: s for s in Site.objects.select_related("area").filter(area__code__in=codes)
        }
        self.may_record_health = has_permission(actor, "care.record_staff_health")
        self.seen: dict[str, int] = {}
        self.problems: list[RowProblem] = []
        self.rows: list[RosterRow] = []

    def _text(self, row: int, raw: dict, column: str, limit: int, required: bool) -> str:
        value = "" if raw.get(column) is None else str(raw.get(column)).strip()
        if required and not value:
            self.problems.append(RowProblem(row, column, "required"))
        elif len(value) > limit:
            self.problems.append(RowProblem(row, column, f"longer than {limit} characters"))
        return value

    def _choice(self, row: int, column: str, value: str, allowed, default: str) -> str:
        value = value.lower() or default
        if value not in allowed:
            self.problems.append(
                RowProblem(row, column, f"{value!r} is not one of {', '.join(allowed)}")
            )
        return value

    def _site(self, row: int, column: str, code: str, required: bool) -> Site | None:
        if not code and not required:
            return None
        site = self.sites.get(code)
        if site is None or not scope.covers(self.actor, site.area):
            self.problems.append(RowProblem(row, column, f"unknown site {code!r}"))
            return None
        return site

    def check(self, row: int, raw: dict) -> None:
        before = len(self.problems)
        number = self._text(row, raw, "staff_number", 40, True)
        if number and not NUMBER_RE.match(number):
            self.problems.append(RowProblem(row, "staff_number", f"{number!r} has odd characters"))
        if number in self.seen:
            self.problems.append(
                RowProblem(row, "staff_number", f"{number} is already on row {self.seen[number]}")
            )
        values = {
            "staff_number": number,
            "name": self._text(row, raw, "name", 200, True),
            "name_local": self._text(row, raw, "name_local", 200, False),
            "qualification": self._choice(
                row,
                "qualification",
                self._text(row, raw, "qualification", 20, True),
                Qualification.values,
                "",
            ),
            "must_stay": self._flag(row, raw),
        }
        home = self._text(row, raw, "home_area", 40, True)
        values["home_area"] = self.areas.get(home)
        if home and values["home_area"] is None:
            self.problems.append(RowProblem(row, "home_area", f"unknown area code {home!r}"))
        values["home_site"] = self._site(
            row, "home_site", self._text(row, raw, "home_site", 40, False), False
        )
        values["post"] = self._site(row, "post", self._text(row, raw, "post", 40, True), True)
        status = self._status(row, raw)
        if len(self.problems) == before:
            self.seen[number] = row
            self.rows.append(RosterRow(row, values, status))

    def _flag(self, row: int, raw: dict) -> bool:
        value = str(raw.get("must_stay") or "").strip().lower()
        if value not in TRUE | FALSE:
            self.problems.append(RowProblem(row, "must_stay", f"{value!r} is not yes or no"))
        return value in TRUE

    def _status(self, row: int, raw: dict) -> str:
        value = str(raw.get("status") or "").strip().lower()
        if value == "deployed":
            self.problems.append(
                RowProblem(row, "status", "only a deployment order deploys a person")
            )
            return value
        value = self._choice(row, "status", value, FILE_STATUSES, "on_duty")
        if value in ("sick", "quarantine") and not self.may_record_health:
            self.problems.append(
                RowProblem(row, "status", f"recording {value} needs the staff-health permission")
            )
        return value


def _apply(actor, row: RosterRow, existing: StaffMember | None, on: dt.date, result) -> None:
    values = dict(row.values)
    values["area_path"] = values["post"].area.path
    if existing is None:
        person = StaffMember.objects.create(created_at=now(), **values)
        result.created.append(person.staff_number)
    else:
        person = existing
        changed = [k for k, v in values.items() if getattr(person, k) != v]
        for key in changed:
            setattr(person, key, values[key])
        if changed:
            person.save(update_fields=changed)
            Absence.objects.filter(staff=person).update(area_path=person.area_path)
            result.updated.append(person.staff_number)
        else:
            result.unchanged.append(person.staff_number)
    if row.status != "on_duty":
        result.absences += _open_absence(actor, person, row.status, on)


def _open_absence(actor, person: StaffMember, kind: str, on: dt.date) -> int:
    covering = Absence.objects.filter(staff=person, kind=kind, start_on__lte=on).exclude(
        end_on__lt=on
    )
    if covering.exists():
        return 0
    Absence.objects.create(
        staff=person,
        area_path=person.area_path,
        kind=kind,
        start_on=on,
        reason="roster import",
        recorded_at=now(),
        recorded_by=actor if actor is not None and actor.pk else None,
    )
    return 1


def import_roster(
    *,
    actor,
    data: bytes,
    filename: str = "",
    fmt: str | None = None,
    on: dt.date | None = None,
    dry_run: bool = False,
) -> RosterResult:
    """A roster file in ``ROSTER_COLUMNS``: every row checked, then all or nothing."""
    from epicommand.care import importers

    require_permission(actor, "care.manage_staff")
    raw = importers.read_file(data, filename, fmt, ROSTER_COLUMNS, REQUIRED_COLUMNS)
    checker = RosterChecker(actor, raw.rows)
    for number, values in raw.rows:
        checker.check(number, values)
    if checker.problems:
        raise ImportRejected(sorted(checker.problems, key=lambda p: (p.row, p.column)))
    result = RosterResult(warnings=raw.warnings, dry_run=dry_run)
    on = on or today()
    with transaction.atomic():
        numbers = [r.values["staff_number"] for r in checker.rows]
        existing = {
            p.staff_number: p
            for p in StaffMember.objects.select_for_update().filter(staff_number__in=numbers)
        }
        for number in existing:
            if not scope.covers(actor, existing[number].area_path):
                row = next(r.row for r in checker.rows if r.values["staff_number"] == number)
                raise ImportRejected(
                    [RowProblem(row, "staff_number", f"{number} is on another roster")]
                )
        for row in checker.rows:
            _apply(actor, row, existing.get(row.values["staff_number"]), on, result)
        if dry_run:
            transaction.set_rollback(True)
            return result
        record_event(
            actor=actor, action="care.import_roster", object_type="staff", after=result.as_dict()
        )
    return result


def add_staff(
    *,
    actor,
    staff_number: str,
    name: str,
    qualification: str,
    home_area: str,
    post: str,
    name_local: str = "",
    home_site: str | None = None,
    must_stay: bool = False,
) -> StaffMember:
    """One person on the roster (the import's rules, one row)."""
    require_permission(actor, "care.manage_staff")
    raw = {
        "staff_number": staff_number, "name": name, "name_local": name_local,
        "qualification": qualification, "home_area": home_area, "home_site": home_site or "",
        "post": post, "must_stay": "yes" if must_stay else "no",
    }  # fmt: skip
    checker = RosterChecker(actor, [(1, raw)])
    checker.check(1, raw)
    if checker.problems:
        first = checker.problems[0]
        raise ValidationFailed(
            f"{first.column}: {first.reason}", details=[p.as_dict() for p in checker.problems]
        )
    values = checker.rows[0].values
    with transaction.atomic():
        if StaffMember.objects.filter(staff_number=staff_number).exists():
            raise DuplicateStaffNumber(f"staff number {staff_number!r} is already on the roster")
        person = StaffMember.objects.create(
            created_at=now(), area_path=values["post"].area.path, **values
        )
        record_event(
            actor=actor,
            action="care.add_staff",
            object_type="staff",
            object_id=staff_number,
            area_path=person.area_path,
            after=person.as_audit_dict(),
        )
    return person


def set_must_stay(*, actor, staff_number: str, must_stay: bool) -> StaffMember:
    """Keep a person at their post whatever the optimiser proposes (or release them)."""
    require_permission(actor, "care.manage_staff")
    with transaction.atomic():
        person = get_person(actor, staff_number, lock=True)
        before = person.must_stay
        person.must_stay = must_stay
        person.save(update_fields=["must_stay"])
        record_event(
            actor=actor,
            action="care.set_must_stay",
            object_type="staff",
            object_id=staff_number,
            area_path=person.area_path,
            before={"must_stay": before},
            after={"must_stay": must_stay},
        )
    return person


def record_off_duty(
    *, actor, staff_number: str, start_on: dt.date, end_on: dt.date | None = None, reason: str = ""
) -> Absence:
    """Time off (not a health record: the roster's keepers record it)."""
    require_permission(actor, "care.manage_staff")
    if end_on is not None and end_on < start_on:
        raise ValidationFailed("time off cannot end before it starts")
    with transaction.atomic():
        person = get_person(actor, staff_number, lock=True)
        absence = Absence.objects.create(
            staff=person,
            area_path=person.area_path,
            kind=AbsenceKind.OFF,
            start_on=start_on,
            end_on=end_on,
            reason=reason,
            recorded_at=now(),
            recorded_by=actor if actor is not None and actor.pk else None,
        )
        record_event(
            actor=actor,
            action="care.record_off_duty",
            object_type="absence",
            object_id=absence.pk,
            area_path=person.area_path,
            after={"staff": staff_number, "start_on": start_on, "end_on": end_on},
        )
    return absence


__all__ = ["NotFound", "add_staff", "import_roster", "record_off_duty", "set_must_stay"]
