"""Files in: CSV (UTF-8, header first) or Excel (the first sheet, same columns), for the
census and the roster. Each reader turns the file into numbered raw rows (the header is row
1) for the service's checks; what it finds itself (encoding, columns) carries row and
column too."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from epicommand.errors import ImportRejected, RowProblem, ValidationFailed

BOM = b"\xef\xbb\xbf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class RawRows:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


def detect_format(filename: str, fmt: str | None) -> str:
    chosen = (fmt or "").lower() or (filename.rsplit(".", 1)[-1].lower() if "." in filename else "")
    if chosen not in ("csv", "xlsx"):
        raise ValidationFailed(f"unknown file format {chosen or filename!r}; use csv or xlsx")
    return chosen


def _check_header(header: list[str], columns: tuple[str, ...], required: tuple[str, ...]) -> None:
    problems = [RowProblem(1, c, "required column is missing") for c in required if c not in header]
    problems += [RowProblem(1, c or "-", "unknown column") for c in header if c not in columns]
    if problems:
        raise ImportRejected(problems)


def read_csv(data: bytes, columns: tuple[str, ...], required: tuple[str, ...]) -> RawRows:
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
    _check_header(header, columns, required)
    reader.fieldnames = header
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            raise ImportRejected([RowProblem(number, "-", "more fields than the header has")])
        if any((v or "").strip() for v in raw.values()):
            result.rows.append((number, raw))
    return result


def read_xlsx(data: bytes, columns: tuple[str, ...], required: tuple[str, ...]) -> RawRows:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportRejected([RowProblem(1, "-", f"not an Excel workbook ({exc})")]) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    _check_header(header, columns, required)
    result = RawRows()
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        result.rows.append((number, dict(zip(header, values, strict=False))))
    book.close()
    return result


def read_file(
    data: bytes, filename: str, fmt: str | None, columns: tuple[str, ...], required: tuple[str, ...]
) -> RawRows:
    if detect_format(filename, fmt) == "xlsx":
        return read_xlsx(data, columns, required)
    return read_csv(data, columns, required)


def template_csv(columns: tuple[str, ...]) -> str:
    return ",".join(columns) + "\n"


def template_xlsx(columns: tuple[str, ...], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(columns))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
