"""The daily census of treatment centres: filed like daily reports.

Every way in (the form, the API, a CSV or Excel file) ends in ``save_census``: every row is
checked first (row, column, reason), then all rows are written in one transaction or none.
Filing a day again makes a new revision and keeps the old one; the same figures again
change nothing (idempotent). Each saved day re-evaluates the centre's capacity alert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.care import rules
from epicommand.care.enums import Severity, Source
from epicommand.care.models import CapacityAlert, CensusRevision, TreatmentCentre
from epicommand.care.norms import thresholds
from epicommand.care.services.lookups import centres, reaches
from epicommand.clock import now, today
from epicommand.core.permissions import require_permission
from epicommand.errors import ImportRejected, RowProblem
from epicommand.surveillance.validation import parse_count, parse_date

TEMPLATE_COLUMNS = ("centre_code", "date", *rules.FIGURES)
DAY = dt.timedelta(days=1)


class CensusRejected(ImportRejected):
    """Census rows with at least one problem (figures that contradict themselves, a centre
    outside scope, ...): nothing was saved."""

    code = "care.census_rejected"

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(problems)
        first = problems[0]
        self.message = f"{len(problems)} problem(s) in the census, nothing saved; first: {first}"
        self.args = (self.message,)


@dataclass
class CensusRow:
    row: int
    centre: TreatmentCentre
    reported_on: dt.date
    figures: dict[str, int]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Checked:
    rows: list[CensusRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    def raise_if_bad(self) -> None:
        if self.problems:
            raise CensusRejected(sorted(self.problems, key=lambda p: (p.row, p.column)))


@dataclass
class CensusResult:
    created: list[tuple[str, dt.date]] = field(default_factory=list)
    changed: list[tuple[str, dt.date]] = field(default_factory=list)
    unchanged: list[tuple[str, dt.date]] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        def keys(items):
            return [{"centre_code": c, "date": d.isoformat()} for c, d in items]

        return {
            "created": keys(self.created),
            "changed": keys(self.changed),
            "unchanged": keys(self.unchanged),
            "warnings": [w.as_dict() for w in self.warnings],
            "alerts": self.alerts,
            "dry_run": self.dry_run,
        }


class CensusChecker:
    """Checks rows against the centres, the actor's scope and the census rules."""

    def __init__(self, actor, codes: set[str]) -> None:
        self.actor = actor
        self.centres = {c.code: c for c in centres().filter(site__area__code__in=codes)}
        self.today = today()
        self.seen: dict[tuple[int, dt.date], int] = {}
        self.result = Checked()

    def check(self, row: int, raw: dict) -> None:
        problems = self.result.problems
        before = len(problems)
        centre = self._centre(row, raw.get("centre_code"))
        day = self._day(row, raw.get("date"))
        figures = self._figures(row, raw)
        if len(problems) > before or centre is None or day is None:
            return
        for column, reason in rules.census_problems(figures, centre.beds):
            problems.append(RowProblem(row, column, reason))
        key = (centre.pk, day)
        if key in self.seen:
            problems.append(
                RowProblem(row, "date", f"{centre.code} {day} is already on row {self.seen[key]}")
            )
        if len(problems) == before:
            self.seen[key] = row
            self.result.rows.append(CensusRow(row, centre, day, figures))

    def _centre(self, row: int, value: object) -> TreatmentCentre | None:
        code = "" if value is None else str(value).strip()
        centre = self.centres.get(code)
        if centre is None or not reaches(self.actor, centre):
            self.result.problems.append(
                RowProblem(row, "centre_code", f"unknown treatment centre {code!r}")
            )
            return None
        return centre

    def _day(self, row: int, value: object) -> dt.date | None:
        day = parse_date(value)
        if day is None:
            self.result.problems.append(
                RowProblem(row, "date", f"{value!r} is not a YYYY-MM-DD date")
            )
            return None
        if day > self.today:
            self.result.problems.append(RowProblem(row, "date", f"{day} is in the future"))
            return None
        return day

    def _figures(self, row: int, raw: dict) -> dict[str, int]:
        figures = {}
        for name in rules.FIGURES:
            number, reason = parse_count(raw.get(name))
            if reason:
                self.result.problems.append(RowProblem(row, name, reason))
            elif number is None and name in rules.REQUIRED:
                self.result.problems.append(RowProblem(row, name, "required"))
            figures[name] = number or 0
        return figures


def _yesterdays(rows: list[CensusRow]) -> dict[tuple[int, dt.date], int]:
    """Patients at the end of each row's day before: from the same file, else saved."""
    known = {(r.centre.pk, r.reported_on): rules.patients(r.figures) for r in rows}
    wanted = {(r.centre.pk, r.reported_on - DAY) for r in rows} - set(known)
    if wanted:
        saved = CensusRevision.objects.filter(
            centre_id__in={c for c, _d in wanted},
            reported_on__in={d for _c, d in wanted},
            superseded_at__isnull=True,
        ).values_list("centre_id", "reported_on", "patients_fevered", "patients_positive")
        for centre_id, day, fevered, positive in saved:
            known.setdefault((centre_id, day), fevered + positive)
    return known


def check_rows(actor, rows: list[tuple[int, dict]]) -> Checked:
    """Every row checked (errors stop the save), then the warnings of the good ones."""
    codes = {str(raw.get("centre_code") or "").strip() for _n, raw in rows}
    checker = CensusChecker(actor, codes)
    for number, raw in rows:
        checker.check(number, raw)
    checked = checker.result
    yesterday = _yesterdays(checked.rows)
    for row in checked.rows:
        before = yesterday.get((row.centre.pk, row.reported_on - DAY))
        for column, reason in rules.census_warnings(row.figures, before):
            row.warnings.append(reason)
            checked.warnings.append(RowProblem(row.row, column, reason, "warning"))
    return checked


def _current(rows: list[CensusRow]) -> dict[tuple[int, dt.date], CensusRevision]:
    found = CensusRevision.objects.select_for_update().filter(
        centre_id__in={r.centre.pk for r in rows},
        reported_on__in={r.reported_on for r in rows},
        superseded_at__isnull=True,
    )
    return {(r.centre_id, r.reported_on): r for r in found}


def _plan(rows: list[CensusRow], current: dict, result: CensusResult) -> list[CensusRow]:
    to_write = []
    for row in rows:
        key = (row.centre.code, row.reported_on)
        previous = current.get((row.centre.pk, row.reported_on))
        if previous is None:
            result.created.append(key)
        elif all(getattr(previous, n) == row.figures[n] for n in rules.FIGURES):
            result.unchanged.append(key)
            continue
        else:
            result.changed.append(key)
        to_write.append(row)
    return to_write


def _write(actor, rows: list[CensusRow], current: dict, source: str) -> None:
    at = now()
    superseded = [
        current[(r.centre.pk, r.reported_on)].pk
        for r in rows
        if (r.centre.pk, r.reported_on) in current
    ]
    for start in range(0, len(superseded), 900):
        CensusRevision.objects.filter(pk__in=superseded[start : start + 900]).update(
            superseded_at=at
        )
    CensusRevision.objects.bulk_create(
        [
            CensusRevision(
                centre=r.centre,
                area_path=r.centre.area_path,
                reported_on=r.reported_on,
                revision=current[(r.centre.pk, r.reported_on)].revision + 1
                if (r.centre.pk, r.reported_on) in current
                else 1,
                warnings=r.warnings,
                submitted_at=at,
                submitted_by=actor if actor is not None and actor.pk else None,
                source=source,
                **r.figures,
            )
            for r in rows
        ],
        batch_size=1000,
    )


def evaluate_alerts(rows: list[tuple[TreatmentCentre, dt.date, int]]) -> list[dict]:
    """Raise, change or clear the capacity alert of each (centre, day, beds occupied)."""
    warning, critical = thresholds()
    existing = {
        (a.centre_id, a.on): a
        for a in CapacityAlert.objects.filter(
            centre_id__in={c.pk for c, _d, _o in rows}, on__in={d for _c, d, _o in rows}
        )
    }
    at, changes = now(), []
    for centre, day, occupied_beds in rows:
        share = rules.occupancy(occupied_beds, centre.total_beds)
        level = rules.severity(share, warning, critical)
        alert = existing.get((centre.pk, day))
        if level is None:
            if alert is not None and alert.cleared_at is None:
                alert.cleared_at = at
                alert.save(update_fields=["cleared_at"])
            continue
        if alert is None:
            alert = CapacityAlert(centre=centre, area_path=centre.area_path, on=day, raised_at=at)
        elif alert.cleared_at is not None or alert.severity != level:
            alert.raised_at, alert.cleared_at = at, None
        alert.severity, alert.occupancy = level, share
        alert.save()
        changes.append({"centre_code": centre.code, "date": day.isoformat(), "severity": level})
    return changes


def save_census(*, actor, checked: Checked, source: str, dry_run: bool = False) -> CensusResult:
    """Write checked rows as new revisions (all or nothing); a dry run only reports."""
    require_permission(actor, "care.file_census")
    checked.raise_if_bad()
    result = CensusResult(warnings=checked.warnings, dry_run=dry_run)
    with transaction.atomic():
        current = _current(checked.rows)
        to_write = _plan(checked.rows, current, result)
        if dry_run or not to_write:
            transaction.set_rollback(True)
            return result
        _write(actor, to_write, current, source)
        result.alerts = evaluate_alerts(
            [(r.centre, r.reported_on, rules.occupied(r.figures)) for r in to_write]
        )
        one = to_write[0] if len(to_write) == 1 else None
        record_event(
            actor=actor,
            action="care.save_census",
            object_type="census",
            object_id=f"{one.centre.code}/{one.reported_on}" if one else "",
            area_path=one.centre.area_path if one else "",
            after={"source": source, **result.as_dict()},
        )
    return result


def submit_census(
    *, actor, rows: list[dict], source: str = Source.API, dry_run: bool = False
) -> CensusResult:
    """Rows as dicts (``centre_code``, ``date`` and the figures), numbered from 1."""
    require_permission(actor, "care.file_census")
    checked = check_rows(actor, list(enumerate(rows, start=1)))
    return save_census(actor=actor, checked=checked, source=source, dry_run=dry_run)


def import_census(
    *, actor, data: bytes, filename: str = "", fmt: str | None = None, dry_run: bool = False
) -> CensusResult:
    """A CSV or Excel file in the template's columns: checked whole, then all or nothing."""
    from epicommand.care import importers

    require_permission(actor, "care.file_census")
    required = ("centre_code", "date", *rules.REQUIRED)
    raw = importers.read_file(data, filename, fmt, TEMPLATE_COLUMNS, required)
    checked = check_rows(actor, raw.rows)
    checked.warnings[:0] = raw.warnings
    return save_census(actor=actor, checked=checked, source=Source.FILE, dry_run=dry_run)


ALERT_LEVELS = (Severity.WARNING, Severity.CRITICAL)
