import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from epicommand.care import importers, selectors, serialise, services
from epicommand.care.schemas import (
    AbsenceIn,
    DayIn,
    DeathIn,
    InfectionIn,
    MustStayIn,
    OffDutyIn,
    StaffIn,
)
from epicommand.care.selectors.centres import default_area
from epicommand.care.selectors.staff import RosterLine
from epicommand.care.services.staff import ROSTER_COLUMNS
from epicommand.clock import today
from epicommand.geo.tree import AreaTree, get_node
from epicommand.web.params import parse_day

router = Router(tags=["care: staff"])


def _line(line: RosterLine) -> dict:
    person = line.person
    return {
        "staff_number": person.staff_number,
        "name": person.name,
        "name_local": person.name_local,
        "qualification": person.qualification,
        "home_area": person.home_area.code,
        "home_site": person.home_site.area.code if person.home_site_id else None,
        "post": person.post.area.code,
        "must_stay": person.must_stay,
        "status": line.status,
        "at": line.site_code,
        "deployment": line.deployment_id,
    }


class RosterFilter(Schema):
    area: str | None = None
    day: str | None = None
    qualification: str | None = None
    status: str | None = None
    q: str | None = None
    limit: int = 200
    offset: int = 0


@router.get("/staff", response=dict)
def roster(request: HttpRequest, filters: Query[RosterFilter]):
    """Where everyone is on ``day`` (today by default): status and site, by area,
    qualification and status (sick, quarantine and deceased need the staff-health right)."""
    node = (
        get_node(actor=request.user, code=filters.area, tree=AreaTree()) if filters.area else None
    )
    day = parse_day(filters.day, "day") or today()
    lines, count = selectors.roster(
        request.user,
        area=node,
        day=day,
        qualification=filters.qualification,
        status=filters.status,
        q=filters.q,
        limit=min(max(filters.limit, 1), 1000),
        offset=max(filters.offset, 0),
    )
    return {"day": day.isoformat(), "count": count, "items": [_line(x) for x in lines]}


@router.post("/staff", response={201: dict})
def add_staff(request: HttpRequest, body: StaffIn):
    person = services.add_staff(actor=request.user, **body.dict())
    return Status(201, _line(selectors.person_line(request.user, person)))


@router.post("/staff/import", response=dict)
def import_roster(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[str | None] = None,  # noqa: A002
    on: Form[dt.date | None] = None,
    dry_run: Form[bool] = False,
):
    """A roster file (CSV or Excel) in the template's columns; a known staff number updates
    that person."""
    result = services.import_roster(
        actor=request.user, data=file.read(), filename=file.name or "", fmt=format, on=on,
        dry_run=dry_run,
    )  # fmt: skip
    return result.as_dict()


@router.get("/staff/template.csv")
def roster_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importers.template_csv(ROSTER_COLUMNS), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="roster.csv"'
    return response


@router.get("/staff/{staff_number}", response=dict)
def get_person(request: HttpRequest, staff_number: str, day: str | None = None):
    """A person: where they are on ``day`` and every deployment they were in."""
    person = selectors.get_person(request.user, staff_number)
    line = selectors.person_line(request.user, person, parse_day(day, "day"))
    orders = selectors.deployments(request.user, staff=staff_number)
    return {**_line(line), "deployments": [serialise.deployment(d) for d in orders]}


@router.post("/staff/{staff_number}/must-stay", response=dict)
def must_stay(request: HttpRequest, staff_number: str, body: MustStayIn):
    person = services.set_must_stay(
        actor=request.user, staff_number=staff_number, must_stay=body.must_stay
    )
    return _line(selectors.person_line(request.user, person))


@router.get("/staff/{staff_number}/health", response=dict)
def person_health(request: HttpRequest, staff_number: str):
    """A person's infections, absences and death (HQ and the staff health officers)."""
    found = selectors.person_health(request.user, staff_number)
    return {
        "staff_number": staff_number,
        "died_on": found.died_on,
        "infections": [
            {"id": i.pk, "status": i.status, "detected_on": i.detected_on,
             "confirmed_on": i.confirmed_on, "note": i.note}
            for i in found.infections
        ],
        "absences": [
            {"id": a.pk, "kind": a.kind, "start_on": a.start_on, "end_on": a.end_on,
             "reason": a.reason}
            for a in found.absences
        ],
    }  # fmt: skip


@router.post("/staff/{staff_number}/infections", response={201: dict})
def record_infection(request: HttpRequest, staff_number: str, body: InfectionIn):
    infection = services.record_infection(
        actor=request.user, staff_number=staff_number, **body.dict()
    )
    return Status(201, {"id": infection.pk, "status": infection.status})


@router.post("/infections/{infection_id}/confirm", response=dict)
def confirm_infection(request: HttpRequest, infection_id: int, body: DayIn):
    infection = services.confirm_infection(
        actor=request.user, infection_id=infection_id, confirmed_on=body.on
    )
    return {"id": infection.pk, "status": infection.status, "confirmed_on": infection.confirmed_on}


@router.post("/staff/{staff_number}/absences", response={201: dict})
def record_absence(request: HttpRequest, staff_number: str, body: AbsenceIn):
    absence = services.record_absence(actor=request.user, staff_number=staff_number, **body.dict())
    return Status(201, {"id": absence.pk, "kind": absence.kind})


@router.post("/staff/{staff_number}/off-duty", response={201: dict})
def record_off_duty(request: HttpRequest, staff_number: str, body: OffDutyIn):
    absence = services.record_off_duty(actor=request.user, staff_number=staff_number, **body.dict())
    return Status(201, {"id": absence.pk, "kind": absence.kind})


@router.post("/absences/{absence_id}/end", response=dict)
def end_absence(request: HttpRequest, absence_id: int, body: DayIn):
    absence = services.end_absence(actor=request.user, absence_id=absence_id, end_on=body.on)
    return {"id": absence.pk, "end_on": absence.end_on}


@router.post("/staff/{staff_number}/death", response=dict)
def record_death(request: HttpRequest, staff_number: str, body: DeathIn):
    person = services.record_death(
        actor=request.user, staff_number=staff_number, died_on=body.died_on
    )
    return {"staff_number": person.staff_number, "died_on": person.died_on}


@router.get("/staffing", response=dict)
def staffing(request: HttpRequest, area: str | None = None, date: str | None = None):
    """Staff of an area by status on a day, infections per 1,000 staff and staff-days lost
    over the 28 days to it, each centre's patients per doctor and nurse against HQ's
    minimum ratios, and the centres below their minimum staffing because of sickness."""
    tree = AreaTree()
    node = (
        get_node(actor=request.user, code=area, tree=tree)
        if area
        else default_area(request.user, tree)
    )
    day = parse_day(date, "date") or selectors.default_day()
    return selectors.staffing(request.user, area=node, tree=tree, day=day).as_json()
