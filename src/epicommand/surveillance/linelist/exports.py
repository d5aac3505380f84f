"""Rows out as CSV or Excel, streamed: what is written never sits in memory whole.

CSV goes out in blocks of a few thousand rows (a ``StreamingHttpResponse`` on the API, a
file on the command line). Excel is written by openpyxl in write-only mode, which streams
rows to a temporary file and zips it on save; a sheet holds at most 1,048,576 rows, so a
larger export is refused (use CSV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO

from openpyxl import Workbook

from epicommand.errors import ValidationFailed

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXCEL_MAX_ROWS = 1_048_576  # one sheet, header included
BLOCK = 2000


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationFailed(f"unknown export format {fmt!r}; use csv or xlsx")
    return fmt


def csv_blocks(header: Iterable[str], rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text in blocks of ``BLOCK`` rows; dates print as YYYY-MM-DD, None as empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    rows = iter(rows)
    while True:
        writer.writerows(islice(rows, BLOCK))
        text = buffer.getvalue()
        if not text:
            return
        yield text
        buffer.seek(0)
        buffer.truncate()


def write_csv(header: Iterable[str], rows: Iterable[tuple], target: IO[str]) -> None:
    for block in csv_blocks(header, rows):
        target.write(block)


def write_xlsx(header: Iterable[str], rows: Iterable[tuple], target, *, title: str) -> None:
    """One sheet, written row by row (``target``: a path or a binary file); more rows than
    a sheet holds are refused before the workbook is saved."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append(list(header))
    for written, row in enumerate(rows, start=2):
        if written > EXCEL_MAX_ROWS:
            raise ValidationFailed(
                f"more rows than one Excel sheet holds ({EXCEL_MAX_ROWS - 1}): export as csv"
            )
        sheet.append(row)
    workbook.save(target)
