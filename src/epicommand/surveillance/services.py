"""The only writers of daily reports and alerts.

Every way in (web form, API, CSV/Excel/DHIS2 import, line list) ends in ``save_reports``:
one transaction that supersedes current revisions, adds new ones, refreshes the roll-ups of
the touched days, re-evaluates alerts, and writes one audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.clock import now
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.geo.models import Area
from epicommand.surveillance import alerts, rollup
from epicommand.surveillance.enums import Source
from epicommand.surveillance.figures import FIGURE_NAMES
from epicommand.surveillance.models import Alert, ReportingSetting, ReportRevision
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.validation import Checked, ReportRow, check_rows


@dataclass
class SaveResult:
    created: list[tuple[str, dt.date]] = field(default_factory=list)
    changed: list[tuple[str, dt.date]] = field(default_factory=list)
    unchanged: list[tuple[str, dt.date]] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        def keys(items):
            return [{"area_code": c, "date": d.isoformat()} for c, d in items]

        return {
            "created": keys(self.created),
            "changed": keys(self.changed),
            "unchanged": keys(self.unchanged),
            "warnings": [w.as_dict() for w in self.warnings],
            "differences": self.differences,
            "dry_run": self.dry_run,
        }


def _lock_tree() -> None:
    """Writers of reports take the root areas' row locks, so roll-ups are computed one
    writer at a time on PostgreSQL (SQLite already has a single writer)."""
    list(Area.objects.filter(depth=1).order_by("path").select_for_update().values_list("id"))


def _current(rows: list[ReportRow]) -> dict[tuple[int, dt.date], ReportRevision]:
    areas = {r.area.id for r in rows}
    days = {r.reported_on for r in rows}
    found = ReportRevision.objects.select_for_update().filter(
        area_id__in=areas, reported_on__in=days, superseded_at__isnull=True
    )
    return {(r.area_id, r.reported_on): r for r in found}


def _plan(rows: list[ReportRow], current: dict, result: SaveResult) -> list[ReportRow]:
    """Sort rows into created / changed / unchanged; return those that need a revision."""
    to_write = []
    for row in rows:
        key = (row.area.code, row.reported_on)
        previous = current.get((row.area.id, row.reported_on))
        if previous is None:
            result.created.append(key)
        elif all(getattr(previous, n) == row.figures[n] for n in FIGURE_NAMES):
            result.unchanged.append(key)
            continue
        else:
            result.changed.append(key)
            result.differences.append(
                {
                    "area_code": row.area.code,
                    "date": row.reported_on.isoformat(),
                    "figures": {
                        n: [getattr(previous, n), row.figures[n]]
                        for n in FIGURE_NAMES
                        if getattr(previous, n) != row.figures[n]
                    },
                }
            )
        to_write.append(row)
    return to_write


def _write(actor, rows: list[ReportRow], current: dict, source: str) -> None:
    at = now()
    superseded = [
        current[(r.area.id, r.reported_on)].pk
        for r in rows
        if (r.area.id, r.reported_on) in current
    ]
    for start in range(0, len(superseded), 900):
        ReportRevision.objects.filter(pk__in=superseded[start : start + 900]).update(
            superseded_at=at
        )
    ReportRevision.objects.bulk_create(
        [
            ReportRevision(
                area_id=r.area.id,
                reported_on=r.reported_on,
                revision=(current[(r.area.id, r.reported_on)].revision + 1)
                if (r.area.id, r.reported_on) in current
                else 1,
                submitted_at=at,
                submitted_by=actor if actor is not None and actor.pk else None,
                source=source,
                **r.figures,
            )
            for r in rows
        ],
        batch_size=1000,
    )


def save_reports(
    *, actor, checked: Checked, source: str, tree: ReportingTree, dry_run: bool = False
) -> SaveResult:
    """Write checked rows as new revisions (all or nothing); a dry run only reports."""
    require_permission(actor, "surveillance.add_reportrevision")
    checked.raise_if_bad()
    result = SaveResult(warnings=checked.warnings, dry_run=dry_run)
    with transaction.atomic():
        _lock_tree()
        current = _current(checked.rows)
        to_write = _plan(checked.rows, current, result)
        if dry_run or not to_write:
            transaction.set_rollback(True)
            return result
        _write(actor, to_write, current, source)
        days = {r.reported_on for r in to_write}
        rollup.refresh_days(days, tree)
        alerts.evaluate(tree, {r.area.path for r in to_write}, days)
        record_event(
            actor=actor,
            action="surveillance.save_reports",
            object_type="daily_report",
            object_id=to_write[0].area.code if len(to_write) == 1 else "",
            area_path=to_write[0].area.path if len(to_write) == 1 else "",
            after={"source": source, **result.as_dict()},
        )
    return result


def submit_reports(
    *, actor, rows: list[dict], source: str = Source.API, dry_run: bool = False
) -> SaveResult:
    """Rows as dicts (``area_code``, ``date`` and figures), numbered from 1."""
    tree = ReportingTree()
    checked = check_rows(actor, list(enumerate(rows, start=1)), tree)
    return save_reports(actor=actor, checked=checked, source=source, tree=tree, dry_run=dry_run)


def acknowledge_alert(*, actor, alert_id: int) -> Alert:
    from epicommand.core import scope

    require_permission(actor, "surveillance.change_alert")
    with transaction.atomic():
        alert = (
            scope.restrict(Alert.objects.select_for_update(), actor)
            .select_related("rule", "area")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None:
            raise NotFound(f"no alert {alert_id} in your scope")
        if alert.acknowledged_at is None:
            alert.acknowledged_at = now()
            alert.acknowledged_by = actor if actor is not None and actor.pk else None
            alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record_event(
            actor=actor,
            action="surveillance.acknowledge_alert",
            object_type="alert",
            object_id=alert.pk,
            area_path=alert.area.path,
            after={"rule": str(alert.rule), "area": alert.area.code, "on": alert.on},
        )
    return alert


def import_reports(
    *,
    actor,
    data: bytes,
    filename: str = "",
    fmt: str | None = None,
    mapping: dict | None = None,
    dry_run: bool = False,
) -> SaveResult:
    """A CSV, Excel or DHIS2 file of daily reports: every row checked, then all or nothing."""
    from epicommand.surveillance import importers

    chosen = importers.detect_format(filename, fmt)
    if chosen == "csv":
        raw = importers.read_csv(data)
    elif chosen == "xlsx":
        raw = importers.read_xlsx(data)
    else:
        raw = importers.read_dhis2(data, mapping or {})
    tree = ReportingTree()
    checked = check_rows(actor, raw.rows, tree)
    checked.warnings[:0] = raw.warnings
    source = Source.DHIS2 if chosen == "dhis2" else Source.FILE
    return save_reports(actor=actor, checked=checked, source=source, tree=tree, dry_run=dry_run)


def _rule_dict(rule) -> dict:
    return {
        "level": rule.level,
        "kind": rule.kind,
        "threshold": rule.threshold,
        "active": rule.is_active,
    }


def _check_rule(kind: str, threshold: float) -> None:
    from epicommand.surveillance.enums import AlertKind

    if kind not in AlertKind.values:
        raise ValidationFailed(
            f"unknown alert kind {kind!r}; kinds are {', '.join(AlertKind.values)}",
            details=[{"field": "kind", "reason": "unknown alert kind"}],
        )
    if threshold < 0:
        raise ValidationFailed(
            "an alert threshold cannot be negative",
            details=[{"field": "threshold", "reason": "cannot be negative"}],
        )


def _rule_to_change(rule_id: int | None, level: str, kind: str):
    """The rule a call changes: the one named, else the level's rule of that kind (one
    rule per kind and level: two would raise the same alert twice)."""
    from epicommand.surveillance.models import AlertRule

    same = AlertRule.objects.select_for_update().filter(level=level, kind=kind)
    if rule_id is None:
        return same.first() or AlertRule(level=level, kind=kind)
    rule = AlertRule.objects.select_for_update().filter(pk=rule_id).first()
    if rule is None:
        raise NotFound(f"no alert rule {rule_id}")
    if same.exclude(pk=rule_id).exists():
        raise ValidationFailed(
            f"there is already a {kind} rule for the {level} level: change that one",
            details=[{"field": "kind", "reason": "a rule of this kind exists for this level"}],
        )
    return rule


def set_alert_rule(
    *,
    actor,
    level: str,
    kind: str,
    threshold: float,
    is_active: bool = True,
    rule_id: int | None = None,
):
    """Create or change the rule of one kind for one area level (``rule_id``: change that
    rule, its level and kind included). The admin, the demo and the CLI all come here, so
    a negative threshold is refused everywhere with the same message."""
    require_permission(actor, "surveillance.change_alertrule")
    _check_rule(kind, threshold)
    with transaction.atomic():
        rule = _rule_to_change(rule_id, level, kind)
        before = _rule_dict(rule) if rule.pk else None
        rule.level, rule.kind, rule.threshold, rule.is_active = level, kind, threshold, is_active
        rule.save()
        record_event(
            actor=actor,
            action="surveillance.set_alert_rule",
            object_type="alert_rule",
            object_id=rule.pk,
            before=before,
            after=_rule_dict(rule),
        )
    return rule


def set_reporting_setting(
    *, actor, area_code: str, files_reports: bool | None, keeps_line_list: bool
) -> ReportingSetting:
    """Whether an area files daily reports (``None``: by its level, ``REPORTING_LEVEL``;
    ``True`` files for its whole subtree) and keeps a case line list. The area must be in
    the actor's scope. Revisions already filed stay and the roll-ups keep summing them; the
    setting decides who files from now on and what completeness expects
    (``surveillance.reporting``)."""
    from epicommand.geo.selectors import get_area

    require_permission(actor, "surveillance.change_reportingsetting")
    area = get_area(actor=actor, code=area_code)
    with transaction.atomic():
        setting = ReportingSetting.objects.select_for_update().filter(area=area).first()
        before = _setting_dict(setting) if setting else None
        setting = setting or ReportingSetting(area=area)
        setting.files_reports, setting.keeps_line_list = files_reports, keeps_line_list
        setting.save()
        record_event(
            actor=actor,
            action="surveillance.set_reporting_setting",
            object_type="reporting_setting",
            object_id=setting.pk,
            area_path=area.path,
            before=before,
            after=_setting_dict(setting),
        )
    return setting


def _setting_dict(setting: ReportingSetting) -> dict:
    return {
        "area": setting.area.code,
        "files_reports": setting.files_reports,
        "keeps_line_list": setting.keeps_line_list,
    }
