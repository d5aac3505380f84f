"""Check daily-report rows from any way in (form, API, CSV, Excel, DHIS2) the same way.

Every row is checked and every problem listed (row, column, reason) before anything is
written. Warnings (deaths above the day's cases, a byte-order mark) do not stop an import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from epicommand.clock import today
from epicommand.core import scope
from epicommand.errors import ImportRejected, RowProblem
from epicommand.geo.tree import AreaNode
from epicommand.surveillance.figures import FIGURE_NAMES
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.rules import deaths_above_cases, parse_count, parse_date

TEMPLATE_COLUMNS = ("area_code", "date", *FIGURE_NAMES)


@dataclass
class ReportRow:
    row: int
    area: AreaNode
    reported_on: dt.date
    figures: dict[str, int | None]


@dataclass
class Checked:
    rows: list[ReportRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    def raise_if_bad(self) -> None:
        if self.problems:
            raise ImportRejected(sorted(self.problems, key=lambda p: (p.row, p.column)))


class RowChecker:
    """Checks rows one by one against the area tree and the actor's scope."""

    def __init__(
        self, actor, tree: ReportingTree | None = None, *, from_line_list: bool = False
    ) -> None:
        self.actor = actor
        self.tree = tree or ReportingTree()
        self.from_line_list = from_line_list
        self.today = today()
        self.seen: dict[tuple[int, dt.date], int] = {}
        self.result = Checked()

    def check(self, row: int, raw: dict) -> None:
        problems = self.result.problems
        before = len(problems)
        area = self._area(row, raw.get("area_code"))
        day = self._day(row, raw.get("date"))
        figures = self._figures(row, raw)
        if len(problems) > before or area is None or day is None:
            return
        key = (area.id, day)
        if key in self.seen:
            problems.append(
                RowProblem(row, "date", f"{area.code} {day} is already on row {self.seen[key]}")
            )
            return
        self.seen[key] = row
        self._warn_deaths(row, figures)
        self.result.rows.append(ReportRow(row, area, day, figures))

    def _area(self, row: int, value: object) -> AreaNode | None:
        code = "" if value is None else str(value).strip()
        node = self.tree.by_code.get(code)
        if node is None or not scope.covers(self.actor, node):
            self.result.problems.append(RowProblem(row, "area_code", f"unknown area code {code!r}"))
            return None
        if not self.tree.is_reporting(node):
            self.result.problems.append(
                RowProblem(row, "area_code", f"{code} does not file daily reports (its areas do)")
            )
            return None
        if node.id in self.tree.line_list_ids and not self.from_line_list:
            self.result.problems.append(
                RowProblem(row, "area_code", f"{code} keeps a line list: its counts come from it")
            )
            return None
        return node

    def _day(self, row: int, value: object) -> dt.date | None:
        day = parse_date(value)
        if day is None:
            self.result.problems.append(
                RowProblem(row, "date", f"{value!r} is not a YYYY-MM-DD date")
            )
        elif day > self.today:
            self.result.problems.append(RowProblem(row, "date", f"{day} is in the future"))
            return None
        return day

    def _figures(self, row: int, raw: dict) -> dict[str, int | None]:
        figures: dict[str, int | None] = {}
        for name in FIGURE_NAMES:
            number, reason = parse_count(raw.get(name))
            if reason:
                self.result.problems.append(RowProblem(row, name, reason))
            figures[name] = number
        return figures

    def _warn_deaths(self, row: int, figures: dict[str, int | None]) -> None:
        warning = deaths_above_cases(figures)
        if warning:
            self.result.warnings.append(RowProblem(row, "new_deaths", warning, severity="warning"))


def check_rows(
    actor,
    rows: list[tuple[int, dict]],
    tree: ReportingTree | None = None,
    *,
    from_line_list: bool = False,
) -> Checked:
    checker = RowChecker(actor, tree, from_line_list=from_line_list)
    for number, raw in rows:
        checker.check(number, raw)
    return checker.result
