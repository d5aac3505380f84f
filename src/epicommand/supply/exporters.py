"""Stock status as CSV (streamed) and as an Excel workbook (openpyxl, write-only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from epicommand.supply.selectors.status import StockStatus

STATUS_COLUMNS = [
    "area_code",
    "as_of",
    "item_code",
    "item_name",
    "item_name_local",
    "unit",
    "category",
    "on_hand",
    "consumption_per_day",
    "days_of_stock",
    "sites_stocking",
    "stock_outs",
    "expiring",
    "pipeline",
]


def status_rows(status: StockStatus) -> Iterator[list]:
    """One row per item, in the columns above (days of stock empty when nothing is used)."""
    for item in status.items:
        days = item.days_of_stock
        yield [
            status.area_code,
            status.as_of.isoformat(),
            item.code,
            item.name,
            item.name_local,
            item.unit,
            item.category,
            item.on_hand,
            round(item.consumption_per_day, 2),
            "" if days is None else round(days, 1),
            item.sites_stocking,
            item.stock_outs,
            item.expiring,
            item.pipeline,
        ]


def export_csv(status: StockStatus) -> Iterator[str]:
    """CSV text in chunks, header first, for a streamed response or a file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATUS_COLUMNS)
    for row in status_rows(status):
        writer.writerow(row)
        if buffer.tell() > 16_384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_xlsx(status: StockStatus) -> bytes:
    """An .xlsx workbook with a "stock status" sheet and a "near expiry" sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("stock status")
    sheet.append(STATUS_COLUMNS)
    for row in status_rows(status):
        sheet.append(row)
    expiry = workbook.create_sheet("near expiry")
    expiry.append(["item_code", "batch_number", "expires_on", "quantity", "sites", "expired"])
    for lot in status.near_expiry:
        expiry.append(
            [lot.item_code, lot.batch_number, lot.expires_on, lot.quantity, lot.sites, lot.expired]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
