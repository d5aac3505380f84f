"""Read a stock count file (CSV) into rows, listing every problem of form in it.

Rows are numbered as a spreadsheet shows them: the header is row 1. Whether the site, item
and lot exist is checked by ``services.counts`` (it needs the database); nothing here writes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from epicommand.errors import ImportRejected, RowProblem
from epicommand.geo.importers import decode

COUNT_COLUMNS = ("site_code", "item_code", "batch_number", "counted")


@dataclass(frozen=True)
class CountRow:
    row: int
    site_code: str
    item_code: str
    batch_number: str
    counted: int


def _counted(text: str, row: int, problems: list[RowProblem]) -> int:
    try:
        value = int(text)
    except ValueError:
        problems.append(RowProblem(row, "counted", f"{text!r} is not a whole number"))
        return 0
    if value < 0:
        problems.append(RowProblem(row, "counted", f"counted quantity {value} is negative"))
    return value


def _row(raw: dict, number: int, first: dict, problems: list[RowProblem]) -> CountRow:
    values = {c: (raw.get(c) or "").strip() for c in COUNT_COLUMNS}
    for column in COUNT_COLUMNS:
        if not values[column]:
            problems.append(RowProblem(number, column, "empty"))
    counted = _counted(values["counted"], number, problems) if values["counted"] else 0
    key = (values["site_code"], values["item_code"], values["batch_number"])
    if key in first:
        problems.append(
            RowProblem(number, "batch_number", f"the same lot again (first on row {first[key]})")
        )
    first.setdefault(key, number)
    return CountRow(number, *key, counted)


def read_count_csv(data: bytes) -> tuple[list[CountRow], list[RowProblem]]:
    """The rows and the problems of form found in them (a missing column stops at once)."""
    text = decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COUNT_COLUMNS if c not in header]
    if missing:
        raise ImportRejected([RowProblem(1, c, "required column is missing") for c in missing])
    reader.fieldnames = header
    rows: list[CountRow] = []
    problems: list[RowProblem] = []
    first: dict[tuple, int] = {}
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(RowProblem(number, "-", "more fields than the header has"))
            continue
        rows.append(_row(raw, number, first, problems))
    if not rows and not problems:
        problems.append(RowProblem(2, "-", "the file has no rows"))
    return rows, problems
