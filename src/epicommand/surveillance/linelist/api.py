"""The case line list and the daily series over the API, at ``/api/surveillance/cases/``.

Exports stream: CSV as a ``StreamingHttpResponse`` read from the database in chunks, Excel
written to a temporary file first (a zip cannot be streamed as it is made) and then sent in
blocks by a ``FileResponse``. Scope applies as everywhere: an officer gets their subtree.
"""

import datetime as dt
import tempfile
from collections.abc import Iterable

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from epicommand.surveillance.linelist import exports, selectors, services

router = Router(tags=["cases"])


class CaseExportQuery(Schema):
    area: str | None = None
    format: str = "csv"


class SeriesExportQuery(Schema):
    area: str
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")
    format: str = "csv"


class Problem(Schema):
    row: int
    column: str
    reason: str
    severity: str


class CaseImportOut(Schema):
    rows: int
    created: int
    updated: int
    reports_created: int
    reports_changed: int
    reports_unchanged: int
    warnings: list[Problem]


def _download(header: Iterable[str], rows, fmt: str, name: str):
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_blocks(header, rows), content_type=exports.CONTENT_TYPES["csv"]
        )
    else:
        target = tempfile.TemporaryFile(prefix="epicommand-export-")  # noqa: SIM115 - the response closes it
        exports.write_xlsx(header, rows, target, title=name)
        target.seek(0)
        response = FileResponse(target, content_type=exports.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@router.get("/export")
def export_cases(request: HttpRequest, query: Query[CaseExportQuery]):
    """The line list in your scope (under ``area`` when given), in the import's columns."""
    fmt = exports.check_format(query.format)
    rows = selectors.case_rows(actor=request.user, area_code=query.area)
    return _download(selectors.CASE_COLUMNS, rows, fmt, "cases")


@router.post("/import", response={201: CaseImportOut})
def import_cases(request: HttpRequest, file: File[UploadedFile]):
    """A line-list CSV; a bad file answers 422 with each problem's row, column and reason."""
    result = services.import_cases(actor=request.user, stream=file, filename=file.name or "")
    return Status(201, result.as_dict())


@router.get("/series/export")
def export_series(request: HttpRequest, query: Query[SeriesExportQuery]):
    """Every reporting area's current figures under ``area``, one row per area and day."""
    fmt = exports.check_format(query.format)
    rows = selectors.series_rows(
        actor=request.user, area_code=query.area, start=query.start, end=query.end
    )
    return _download(selectors.SERIES_COLUMNS, rows, fmt, "daily-reports")
