import datetime as dt

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from epicommand.geo import selectors as geo_selectors
from epicommand.supply import exporters, selectors, services
from epicommand.supply.schemas.orders import StockStatusOut
from epicommand.supply.schemas.stock import (
    CountIn,
    CountSummaryOut,
    DispensingIn,
    EntryOut,
    ItemIn,
    ItemOut,
    LineIn,
    LotIn,
    LotOut,
    MovementIn,
    ProductionIn,
    SiteDetailOut,
    SiteIn,
    SiteOut,
    TransferIn,
)

router = Router(tags=["supply: stock"])


def _lines(lines: list[LineIn]) -> list[services.StockLine]:
    return [services.StockLine(x.item, x.quantity, x.lot or None) for x in lines]


@router.get("/items", response=list[ItemOut])
def list_items(request: HttpRequest):
    return selectors.items(actor=request.user)


@router.post("/items", response={201: ItemOut})
def create_item(request: HttpRequest, body: ItemIn):
    return Status(201, services.create_item(actor=request.user, **body.dict()))


@router.get("/items/{code}/lots", response=list[LotOut])
def list_lots(request: HttpRequest, code: str):
    return selectors.item_lots(
        actor=request.user, item=selectors.get_item(actor=request.user, code=code)
    )


@router.post("/items/{code}/lots", response={201: LotOut})
def register_lot(request: HttpRequest, code: str, body: LotIn):
    return Status(201, services.register_lot(actor=request.user, item_code=code, **body.dict()))


class SiteFilter(Schema):
    area: str | None = None
    kind: str | None = None
    q: str | None = None


@router.get("/sites", response=list[SiteOut])
@paginate(LimitOffsetPagination)
def list_sites(request: HttpRequest, filters: Query[SiteFilter]):
    """Sites in your scope in tree order; ``area`` keeps those under one area."""
    area = geo_selectors.get_area(actor=request.user, code=filters.area) if filters.area else None
    return selectors.sites_in_scope(actor=request.user, area=area, kind=filters.kind, q=filters.q)


@router.post("/sites", response={201: SiteOut})
def create_site(request: HttpRequest, body: SiteIn):
    values = body.dict()
    values["area_code"], values["supplier_code"] = values.pop("area"), values.pop("supplier")
    return Status(201, services.create_site(actor=request.user, **values))


@router.get("/sites/{code}", response=SiteDetailOut)
def get_site(request: HttpRequest, code: str):
    site = selectors.get_site(actor=request.user, code=code)
    site.stock = selectors.site_stock(actor=request.user, site=site)
    return site


@router.get("/sites/{code}/ledger", response=list[EntryOut])
def site_ledger(request: HttpRequest, code: str, item: str | None = None, limit: int = 100):
    """The site's ledger, newest first (at most ``limit`` entries, up to 1000)."""
    site = selectors.get_site(actor=request.user, code=code)
    return selectors.site_ledger(
        actor=request.user, site=site, item=item, limit=min(max(limit, 1), 1000)
    )


@router.post("/sites/{code}/movements", response={201: list[EntryOut]})
def record_movement(request: HttpRequest, code: str, body: MovementIn):
    """An issue, a loss or an expiry write-off (a receipt needs a shipment)."""
    entries = services.record_movement(
        actor=request.user,
        site_code=code,
        kind=body.kind,
        lines=_lines(body.lines),
        occurred_on=body.occurred_on,
        reason=body.reason,
    )
    return Status(201, entries)


@router.post("/sites/{code}/dispensing", response={201: list[EntryOut]})
def record_dispensing(request: HttpRequest, code: str, body: DispensingIn):
    entries = services.record_dispensing(
        actor=request.user,
        site_code=code,
        lines=_lines(body.lines),
        dispensed_on=body.dispensed_on,
        households=body.households,
        served_area_code=body.served_area,
    )
    return Status(201, entries)


@router.post("/sites/{code}/counts", response={201: list[EntryOut]})
def count_stock(request: HttpRequest, code: str, body: CountIn):
    """A physical count; only the lots that differ from the books get an entry."""
    counts = [services.CountLine(c.item, c.lot, c.counted) for c in body.counts]
    entries = services.count_stock(
        actor=request.user,
        site_code=code,
        counts=counts,
        counted_on=body.counted_on,
        reason=body.reason,
    )
    return Status(201, entries)


@router.post("/sites/{code}/production", response={201: list[EntryOut]})
def record_production(request: HttpRequest, code: str, body: ProductionIn):
    values = body.dict()
    values["item_code"] = values.pop("item")
    return Status(201, services.record_production(actor=request.user, site_code=code, **values))


@router.post("/transfers", response={201: list[EntryOut]})
def transfer_stock(request: HttpRequest, body: TransferIn):
    """Two entries per lot, in one transaction."""
    entries = services.transfer_stock(
        actor=request.user,
        from_site_code=body.from_site,
        to_site_code=body.to_site,
        lines=_lines(body.lines),
        occurred_on=body.occurred_on,
        reason=body.reason,
    )
    return Status(201, entries)


@router.post("/stock-counts", response=CountSummaryOut)
def import_stock_count(request: HttpRequest, file: File[UploadedFile]):
    """Upload ``site_code,item_code,batch_number,counted``; a bad file answers 422 with
    every bad row and nothing is written."""
    return services.import_stock_count(actor=request.user, data=file.read(), filename=file.name)


class StatusQuery(Schema):
    area: str | None = None
    as_of: dt.date | None = None
    expiring_within_days: int = 30


@router.get("/stock-status", response=StockStatusOut)
def stock_status(request: HttpRequest, query: Query[StatusQuery]):
    """Stock status of an area subtree (default: your own area)."""
    return selectors.stock_status(actor=request.user, **query.dict())


@router.get("/stock-status/export")
def export_stock_status(request: HttpRequest, query: Query[StatusQuery], format: str = "csv"):  # noqa: A002
    """The stock status per item as CSV (streamed) or Excel (``format=xlsx``)."""
    status = selectors.stock_status(actor=request.user, **query.dict())
    name = f"stock-status-{status.area_code}-{status.as_of.isoformat()}"
    if format == "xlsx":
        response = HttpResponse(
            exporters.export_xlsx(status),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = StreamingHttpResponse(exporters.export_csv(status), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
