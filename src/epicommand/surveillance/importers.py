"""Daily-report files in: CSV (the template), Excel (the same columns) and DHIS2
``dataValueSets`` JSON with a mapping of data elements and org units.

Each reader turns the file into numbered raw rows for ``validation.check_rows``; the
problems it finds itself (encoding, missing columns, unmapped codes) carry row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field

from epicommand.errors import ImportRejected, RowProblem, ValidationFailed
from epicommand.surveillance.figures import FIGURE_NAMES
from epicommand.surveillance.validation import TEMPLATE_COLUMNS

FORMATS = ("csv", "xlsx", "dhis2")
BOM = b"\xef\xbb\xbf"


@dataclass
class RawRows:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


def detect_format(filename: str, fmt: str | None) -> str:
    chosen = (fmt or "").lower()
    if not chosen:
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        chosen = {"csv": "csv", "xlsx": "xlsx", "json": "dhis2"}.get(suffix, "")
    if chosen not in FORMATS:
        raise ValidationFailed(
            f"unknown report file format {chosen or filename!r}; use csv, xlsx or dhis2"
        )
    return chosen


def _check_header(header: list[str]) -> None:
    missing = [c for c in TEMPLATE_COLUMNS if c not in header]
    if missing:
        raise ImportRejected([RowProblem(1, c, "required column is missing") for c in missing])
    unknown = [c for c in header if c not in TEMPLATE_COLUMNS]
    if unknown:
        raise ImportRejected([RowProblem(1, c, "unknown column") for c in unknown])


def read_csv(data: bytes) -> RawRows:
    result = RawRows()
    if data.startswith(BOM):
        data = data[len(BOM) :]
        result.warnings.append(
            RowProblem(1, "-", "the file starts with a byte-order mark (removed)", "warning")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            [RowProblem(row, "-", "not UTF-8 text: save the file as CSV UTF-8")]
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    _check_header(header)
    reader.fieldnames = header
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            raise ImportRejected([RowProblem(number, "-", "more fields than the header has")])
        result.rows.append((number, raw))
    return result


def read_xlsx(data: bytes) -> RawRows:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportRejected([RowProblem(1, "-", f"not an Excel workbook ({exc})")]) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    _check_header(header)
    result = RawRows()
    for number, values in enumerate(rows, start=2):
        if all(v is None for v in values):
            continue
        result.rows.append((number, dict(zip(header, values, strict=False))))
    book.close()
    return result


def _period(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except (TypeError, ValueError):
        return None


def read_dhis2(data: bytes, mapping: dict) -> RawRows:
    """``dataValues`` rows become one report per (org unit, day); row = value's position."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected([RowProblem(1, "-", f"not DHIS2 JSON ({exc})")]) from None
    values = document.get("dataValues") if isinstance(document, dict) else None
    if not isinstance(values, list):
        raise ImportRejected([RowProblem(1, "dataValues", "expected a dataValueSets document")])
    elements = mapping.get("dataElements", {})
    units = mapping.get("orgUnits", {})
    problems: list[RowProblem] = []
    grouped: dict[tuple[str, dt.date], dict] = defaultdict(dict)
    first_row: dict[tuple[str, dt.date], int] = {}
    for number, item in enumerate(values, start=1):
        item = item if isinstance(item, dict) else {}
        figure = elements.get(item.get("dataElement"))
        day = _period(str(item.get("period", "")))
        unit = units.get(item.get("orgUnit"), item.get("orgUnit"))
        if figure not in FIGURE_NAMES:
            problems.append(
                RowProblem(
                    number, "dataElement", f"unmapped data element {item.get('dataElement')!r}"
                )
            )
        if day is None:
            problems.append(
                RowProblem(number, "period", f"{item.get('period')!r} is not a day (YYYYMMDD)")
            )
        if problems and problems[-1].row == number:
            continue
        key = (str(unit), day)
        first_row.setdefault(key, number)
        grouped[key][figure] = item.get("value")
    if problems:
        raise ImportRejected(problems)
    result = RawRows()
    for (unit, day), figures in grouped.items():
        raw = {"area_code": unit, "date": day.isoformat(), **dict.fromkeys(FIGURE_NAMES)}
        raw.update(figures)
        result.rows.append((first_row[(unit, day)], raw))
    return result


def template_csv() -> str:
    return ",".join(TEMPLATE_COLUMNS) + "\n"


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "daily reports"
    sheet.append(list(TEMPLATE_COLUMNS))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
