"""``import_cases``: the only writer of the case line list.

A file is read as a stream in chunks. Each chunk is checked (every row, every problem kept
with its row, column and reason) and its good rows are written at once, inside the import's
one transaction, so a million rows never sit in memory (on PostgreSQL the next chunk is
read and checked in a helper thread while this one is written). At the end, any problem
rolls everything back; otherwise the daily counts of every touched area and day are
derived from the line list and saved through ``check_rows`` and ``save_reports`` in the same
transaction, so the parents' roll-ups and the alerts follow.

Audit: one event per import. ``save_reports`` writes its own (``surveillance.save_reports``,
source ``line_list``) whenever a daily count changed, and that event stands for the import;
when no count changed (a case's sex corrected, the same file sent twice) the import records
``surveillance.import_cases`` itself. Sending both would make two events for one action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import connection, transaction

from epicommand.audit.services import record_event
from epicommand.clock import today
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import RowProblem
from epicommand.geo.models import Area
from epicommand.surveillance.enums import Source
from epicommand.surveillance.linelist.derive import daily_rows
from epicommand.surveillance.linelist.errors import CaseImportRejected
from epicommand.surveillance.linelist.reader import CaseFile, prefetched, stream_size
from epicommand.surveillance.linelist.rules import CheckedChunk, Problems, RowRules
from epicommand.surveillance.linelist.store import CaseStore, bulk_load
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.services import SaveResult, save_reports
from epicommand.surveillance.validation import check_rows

Progress = Callable[[int, int | None], None]  # (bytes read, total bytes or None)


@dataclass
class CaseImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    reports: SaveResult = field(default_factory=SaveResult)
    warnings: list[RowProblem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "reports_created": len(self.reports.created),
            "reports_changed": len(self.reports.changed),
            "reports_unchanged": len(self.reports.unchanged),
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _rules(actor, tree: ReportingTree, order: list[int]) -> RowRules:
    """Areas in the actor's scope that may take cases; others in scope get a reason."""
    areas: dict[str, int] = {}
    refused: dict[str, str] = {}
    for node in tree.nodes:
        if not scope.covers(actor, node):
            continue  # answered as an unknown code: scope leaks nothing
        if node.id not in tree.line_list_ids:
            refused[node.code] = f"{node.code} does not keep a case line list"
        elif not tree.is_reporting(node):
            refused[node.code] = f"{node.code} does not file daily reports (its areas do)"
        else:
            areas[node.code] = node.id
    return RowRules(areas=areas, refused=refused, today=today(), order=order)


def _chunks(case_file: CaseFile, rules: RowRules) -> Iterator[CheckedChunk]:
    """Checked chunks; on PostgreSQL the next is read and checked while one is written.

    A thread pays where the database works in another process. SQLite works in this one,
    releasing and retaking the GIL at every row, and a busy reader thread then holds each
    retake up for its switch interval: the import ran several times slower with it.
    """
    chunks = _checked(case_file, rules)
    return prefetched(chunks) if connection.vendor == "postgresql" else chunks


def _checked(case_file: CaseFile, rules: RowRules) -> Iterator[CheckedChunk]:
    for rows, unreadable in case_file.chunks():
        chunk = rules.check_chunk(
            rows, bytes_read=case_file.bytes_read, check_bytes=case_file.bad_bytes
        )
        for problem in unreadable:
            chunk.problems.add(problem.row, problem.column, problem.reason)
        yield chunk


def _lock_tree() -> None:
    """The lock ``save_reports`` takes, taken first: one line-list import at a time, and
    none while reports are saved, so "is this case_id new?" holds until the commit."""
    list(Area.objects.filter(depth=1).order_by("path").select_for_update().values_list("id"))


def _reject(problems: Problems) -> CaseImportRejected:
    listed = sorted(problems.listed)
    return CaseImportRejected([RowProblem(r, c, reason) for r, c, reason in listed], problems.count)


def import_cases(
    *, actor, stream: IO[bytes], filename: str = "", progress: Progress | None = None
) -> CaseImportResult:
    """Create or update every case of a line-list CSV, derive the daily counts, or nothing."""
    require_permission(actor, "surveillance.add_case")
    require_permission(actor, "surveillance.add_reportrevision")
    tree = ReportingTree()
    case_file = CaseFile(stream)
    rules = _rules(actor, tree, case_file.order)
    total = stream_size(stream)
    problems = Problems()
    result = CaseImportResult(warnings=case_file.warnings)
    with transaction.atomic():
        _lock_tree()
        in_scope = {n.id for n in tree.nodes if scope.covers(actor, n)}
        store = CaseStore(in_scope=in_scope.__contains__)
        with bulk_load():
            for chunk in _chunks(case_file, rules):
                problems.extend(chunk.problems)
                store.add(chunk, problems)
                result.rows += len(chunk.values)
                if progress is not None:
                    progress(chunk.bytes_read, total)
        if problems.count:
            raise _reject(problems)
        result.created, result.updated = store.created, len(store.updated)
        rows = daily_rows(starts=store.starts, last_day=store.last_day, tree=tree)
        checked = check_rows(actor, rows, tree, from_line_list=True)
        result.reports = save_reports(
            actor=actor, checked=checked, source=Source.LINE_LIST, tree=tree
        )
        if not result.reports.created and not result.reports.changed:
            record_event(
                actor=actor,
                action="surveillance.import_cases",
                object_type="case",
                after={"file": filename, **result.as_dict()},
            )
    return result
