import datetime as dt
import json

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from epicommand.clock import today
from epicommand.core import scope
from epicommand.geo.tree import get_node
from epicommand.surveillance import importers, selectors, services
from epicommand.surveillance.enums import Source
from epicommand.surveillance.idempotency import run_once
from epicommand.surveillance.models import Alert, ReportRevision
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.schemas import (
    AlertOut,
    BulkIn,
    ReportIn,
    RevisionOut,
    SeriesOut,
)

router = Router(tags=["surveillance"])


def _rows(reports: list[ReportIn]) -> list[dict]:
    return [{**r.dict(), "date": r.date.isoformat()} for r in reports]


def _submit(request: HttpRequest, reports: list[ReportIn]):
    def action() -> tuple[int, dict]:
        result = services.submit_reports(actor=request.user, rows=_rows(reports), source=Source.API)
        return 201, result.as_dict()

    key = request.headers.get("Idempotency-Key")
    status, answer = run_once(user=request.user, key=key, body=request.body, action=action)
    return HttpResponse(json.dumps(answer), status=status, content_type="application/json")


@router.post("/reports", response={201: dict})
def submit_report(request: HttpRequest, body: ReportIn):
    """One daily report. Send an ``Idempotency-Key`` header so a retry is applied once."""
    return _submit(request, [body])


@router.post("/reports/bulk", response={201: dict})
def submit_bulk(request: HttpRequest, body: BulkIn):
    """Many daily reports, all or nothing; 422 lists each bad report by position."""
    return _submit(request, body.reports)


@router.post("/reports/import", response=dict)
def import_file(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[str | None] = None,  # noqa: A002
    mapping: Form[str | None] = None,
    dry_run: Form[bool] = False,
):
    """CSV, Excel or DHIS2 JSON (with a ``mapping`` JSON: dataElements and orgUnits)."""
    parsed = json.loads(mapping) if mapping else None
    result = services.import_reports(
        actor=request.user,
        data=file.read(),
        filename=file.name or "",
        fmt=format,
        mapping=parsed,
        dry_run=dry_run,
    )
    return result.as_dict()


@router.get("/reports/template.csv")
def template_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importers.template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="daily-reports.csv"'
    return response


@router.get("/reports/template.xlsx")
def template_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importers.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="daily-reports.xlsx"'
    return response


@router.get("/reports/{area_code}/{day}/revisions", response=list[RevisionOut])
def revisions(request: HttpRequest, area_code: str, day: dt.date):
    """Every revision of one area's report for a day, oldest first."""
    found = scope.restrict(
        ReportRevision.objects.select_related("area", "submitted_by"), request.user
    )
    return found.filter(area__code=area_code, reported_on=day).order_by("revision")


class SeriesQuery(Schema):
    area: str
    start: dt.date | None = None
    end: dt.date | None = None
    known_at: dt.datetime | None = None


@router.get("/series", response=SeriesOut)
def series(request: HttpRequest, query: Query[SeriesQuery]):
    end = query.end or today()
    start = query.start or end - dt.timedelta(days=27)
    found = selectors.series(
        actor=request.user, area_code=query.area, start=start, end=end, known_at=query.known_at
    )
    return {"area_code": query.area, "dates": found.dates, "values": found.values}


@router.get("/alerts", response=list[AlertOut])
def list_alerts(request: HttpRequest, active: bool = True):
    found = scope.restrict(Alert.objects.select_related("rule", "area"), request.user)
    if active:
        found = found.filter(cleared_at__isnull=True)
    return found.order_by("-on", "area__path")[:500]


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut)
def acknowledge(request: HttpRequest, alert_id: int):
    return services.acknowledge_alert(actor=request.user, alert_id=alert_id)


class CompletenessQuery(Schema):
    area: str
    date: dt.date | None = None
    known_at: dt.datetime | None = None


@router.get("/completeness", response=dict)
def completeness(request: HttpRequest, query: Query[CompletenessQuery]):
    """Reporting areas under ``area`` that sent the day's report on time, late, or not."""
    tree = ReportingTree()
    node = get_node(actor=request.user, code=query.area, tree=tree)
    found = selectors.completeness(
        actor=request.user, tree=tree, node=node, on=query.date or today(), known_at=query.known_at
    )
    return {
        "area_code": node.code,
        "date": found.on,
        "expected": found.expected,
        "on_time": found.on_time,
        "late": found.late,
        "missing": found.missing,
        "rate": found.rate,
        "silent": [
            {"area_code": s.code, "name": s.name, "last_report": s.last_report_on}
            for s in found.silent
        ],
    }
