import datetime as dt
import json

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from epicommand.care import importers, selectors, serialise, services
from epicommand.care.enums import Source
from epicommand.care.schemas import (
    CensusBulkIn,
    CensusIn,
    CensusOut,
    CentreIn,
    NormsIn,
    ThresholdsIn,
)
from epicommand.care.services.census import TEMPLATE_COLUMNS
from epicommand.care.services.centres import UNSET
from epicommand.geo.tree import AreaTree, get_node
from epicommand.surveillance.idempotency import run_once
from epicommand.web.params import parse_day

router = Router(tags=["care: centres and census"])


class CentreFilter(Schema):
    area: str | None = None
    limit: int = 100
    offset: int = 0


@router.get("/centres", response=dict)
def list_centres(request: HttpRequest, filters: Query[CentreFilter]):
    """Treatment centres in your scope, in tree order, each with its beds by type and its
    latest census (``count`` and one page of ``items``)."""
    node = (
        get_node(actor=request.user, code=filters.area, tree=AreaTree()) if filters.area else None
    )
    found = selectors.centres_in_scope(request.user, area=node)
    limit = min(max(filters.limit, 1), 1000)
    page = list(found[max(filters.offset, 0) : max(filters.offset, 0) + limit])
    latest = selectors.latest_census([c.pk for c in page])
    return {
        "count": found.count(),
        "items": [serialise.centre(c, latest.get(c.pk)) for c in page],
    }


@router.get("/centres/{code}", response=dict)
def get_centre(request: HttpRequest, code: str):
    centre = selectors.get_centre(request.user, code)
    data = serialise.centre(centre, selectors.latest_census([centre.pk]).get(centre.pk))
    data["commands"] = [c.code for c in centre.commands.select_related("site__area")]
    return data


@router.patch("/centres/{code}", response=dict)
def set_centre(request: HttpRequest, code: str, body: CentreIn):
    """Beds by type, whether it is a district centre, the district centre commanding it."""
    values = body.dict(exclude_unset=True)
    centre = services.set_centre(
        actor=request.user,
        code=code,
        beds=values.get("beds"),
        is_district=values.get("is_district"),
        commanded_by=values["commanded_by"] or None if "commanded_by" in values else UNSET,
        max_send=values.get("max_send", UNSET),
    )
    return serialise.centre(centre, selectors.latest_census([centre.pk]).get(centre.pk))


@router.get("/centres/{code}/census", response=list[CensusOut])
def centre_census(request: HttpRequest, code: str, days: int = 28, end: dt.date | None = None):
    """The centre's current census of each of the last ``days`` days (at most 366)."""
    centre = selectors.get_centre(request.user, code)
    return selectors.census_history(request.user, centre, days=min(max(days, 1), 366), end=end)


def _rows(items: list[CensusIn]) -> list[dict]:
    return [{**c.dict(), "date": c.date.isoformat()} for c in items]


def _submit(request: HttpRequest, items: list[CensusIn]) -> HttpResponse:
    def action() -> tuple[int, dict]:
        result = services.submit_census(actor=request.user, rows=_rows(items), source=Source.API)
        return 201, result.as_dict()

    key = request.headers.get("Idempotency-Key")
    status, answer = run_once(user=request.user, key=key, body=request.body, action=action)
    return HttpResponse(json.dumps(answer), status=status, content_type="application/json")


@router.post("/census", response={201: dict})
def submit_census(request: HttpRequest, body: CensusIn):
    """One centre's census for a day. Filing a day again keeps the old revision; the same
    figures again change nothing. Send an ``Idempotency-Key`` so a retry is applied once."""
    return _submit(request, [body])


@router.post("/census/bulk", response={201: dict})
def submit_bulk(request: HttpRequest, body: CensusBulkIn):
    """Many census rows, all or nothing; 422 lists each bad one by position and figure."""
    return _submit(request, body.census)


@router.post("/census/import", response=dict)
def import_census(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[str | None] = None,  # noqa: A002
    dry_run: Form[bool] = False,
):
    """A CSV or Excel file in the template's columns."""
    result = services.import_census(
        actor=request.user,
        data=file.read(),
        filename=file.name or "",
        fmt=format,
        dry_run=dry_run,
    )
    return result.as_dict()


@router.get("/census/template.csv")
def census_template_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importers.template_csv(TEMPLATE_COLUMNS), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="census.csv"'
    return response


@router.get("/census/template.xlsx")
def census_template_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importers.template_xlsx(TEMPLATE_COLUMNS, "census"), content_type=importers.XLSX
    )
    response["Content-Disposition"] = 'attachment; filename="census.xlsx"'
    return response


@router.get("/census/{code}/{day}/revisions", response=list[CensusOut])
def census_revisions(request: HttpRequest, code: str, day: dt.date):
    """Every revision of one centre's census for a day, oldest first."""
    return selectors.revisions(request.user, code, day)


@router.get("/occupancy", response=dict)
def occupancy(request: HttpRequest, area: str | None = None, date: str | None = None):
    """Beds, occupancy, capacity alerts and days until full of an area and the areas below
    (``date``: the census day; default: today, or the last day with a census)."""
    found = selectors.occupancy(request.user, area=area, day=parse_day(date, "date"))
    return found.as_json()


@router.get("/norms", response=dict)
def get_norms(request: HttpRequest):
    """HQ's minimum ratios: the most patients per person, by qualification and bed type."""
    selectors.require_view(request.user)
    return {"norms": services.current_norms()}


@router.put("/norms", response=dict)
def put_norms(request: HttpRequest, body: NormsIn):
    norms = services.set_staffing_norms(actor=request.user, norms=[n.dict() for n in body.norms])
    return {"norms": norms}


@router.get("/thresholds", response=dict)
def get_thresholds(request: HttpRequest):
    selectors.require_view(request.user)
    warning, critical = services.thresholds()
    return {"warning_percent": warning, "critical_percent": critical}


@router.put("/thresholds", response=dict)
def put_thresholds(request: HttpRequest, body: ThresholdsIn):
    row = services.set_capacity_thresholds(actor=request.user, **body.dict())
    return {"warning_percent": row.warning_percent, "critical_percent": row.critical_percent}


@router.post("/travel-times/import", response=dict)
def import_travel_times(request: HttpRequest, file: File[UploadedFile]):
    """A CSV ``from_area,to_area,hours`` replacing the centroid estimate for those pairs."""
    return {"pairs": services.import_travel_times(actor=request.user, data=file.read())}
