"""``GET /api/reports/sitrep/{code}``: the situation report as JSON (see ``reports.text``)."""

from django.http import HttpRequest
from ninja import Router

from epicommand.reports import params, selectors
from epicommand.reports.text import report_json

router = Router(tags=["reports"])


@router.get("/sitrep/{code}", url_name="reports_sitrep")
def sitrep(request: HttpRequest, code: str, as_of: str = "", known_at: str = "") -> dict:
    """The report of area ``code`` on ``as_of`` (YYYY-MM-DD, default today), with only what
    was known at ``known_at`` (ISO 8601) when given. Headline figures under their stable
    names, each with ``value``, ``day_before``, ``week_before``, ``change_day`` and
    ``change_week``; 404 for an area missing or outside your scope; 422 for a bad date."""
    report = selectors.situation_report(
        actor=request.user,
        area_code=code,
        as_of=params.parse_as_of(as_of),
        known_at=params.parse_known_at(known_at),
    )
    return report_json(report)
