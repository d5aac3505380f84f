from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from epicommand.geo import exporters, selectors, services
from epicommand.geo.schemas import AreaDetailOut, AreaOut, AreaPatch, ImportSummaryOut

router = Router(tags=["areas"])


class AreaFilter(Schema):
    parent: str | None = None
    level: str | None = None
    q: str | None = None


@router.get("/areas", response=list[AreaOut])
def list_areas(request: HttpRequest, filters: Query[AreaFilter]):
    """Areas in your scope, in tree order; ``parent`` gives one area's children."""
    if filters.parent:
        parent = selectors.get_area(actor=request.user, code=filters.parent)
        areas = selectors.child_areas(actor=request.user, area=parent)
    else:
        areas = selectors.areas_in_scope(actor=request.user)
    if filters.level:
        areas = areas.filter(level=filters.level)
    if filters.q:
        areas = areas.filter(name__icontains=filters.q) | areas.filter(code__iexact=filters.q)
    return areas


@router.get("/areas/export")
def export_areas(request: HttpRequest, format: str = "csv") -> HttpResponse:  # noqa: A002
    """All areas in your scope as CSV or GeoJSON (the formats the import reads)."""
    areas = list(selectors.areas_in_scope(actor=request.user))
    if format == "geojson":
        return HttpResponse(exporters.export_geojson(areas), content_type="application/geo+json")
    response = StreamingHttpResponse(exporters.export_csv(areas), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="areas.csv"'
    return response


@router.post("/areas/import", response=ImportSummaryOut)
def import_areas(request: HttpRequest, file: File[UploadedFile], format: str | None = None):  # noqa: A002
    """Upload an area CSV or GeoJSON; a bad file answers 422 with every bad row."""
    return services.import_areas(
        actor=request.user, data=file.read(), filename=file.name or "", fmt=format
    )


@router.get("/areas/{code}", response=AreaDetailOut)
def get_area(request: HttpRequest, code: str):
    return selectors.get_area(actor=request.user, code=code)


@router.patch("/areas/{code}", response=AreaDetailOut)
def patch_area(request: HttpRequest, code: str, body: AreaPatch):
    return services.update_area(actor=request.user, code=code, **body.dict(exclude_unset=True))
