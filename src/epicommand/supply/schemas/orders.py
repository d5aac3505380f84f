import datetime as dt

from ninja import Schema

from epicommand.supply.schemas.stock import LineIn


def _code(site) -> str:
    return site.area.code


class ShipmentLineOut(Schema):
    id: int
    item: str
    lot: str
    expires_on: dt.date
    quantity: int
    quantity_received: int | None
    discrepancy_reason: str

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code

    @staticmethod
    def resolve_lot(obj) -> str:
        return obj.lot.batch_number

    @staticmethod
    def resolve_expires_on(obj) -> dt.date:
        return obj.lot.expires_on


class ShipmentOut(Schema):
    id: int
    from_site: str
    to_site: str
    status: str
    transport_unit: str | None
    vehicle: str | None
    requisition: int | None
    note: str
    planned_at: dt.datetime
    dispatched_at: dt.datetime | None
    in_transit_at: dt.datetime | None
    delivered_at: dt.datetime | None
    received_at: dt.datetime | None
    lines: list[ShipmentLineOut]

    @staticmethod
    def resolve_from_site(obj) -> str:
        return _code(obj.from_site)

    @staticmethod
    def resolve_to_site(obj) -> str:
        return _code(obj.to_site)

    @staticmethod
    def resolve_transport_unit(obj) -> str | None:
        return obj.transport_unit.code if obj.transport_unit_id else None

    @staticmethod
    def resolve_vehicle(obj) -> str | None:
        return obj.vehicle.registration if obj.vehicle_id else None

    @staticmethod
    def resolve_requisition(obj) -> int | None:
        return obj.requisition_id

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.select_related("item", "lot").order_by("id"))


class ShipmentIn(Schema):
    from_site: str
    to_site: str
    lines: list[LineIn]
    transport_unit: str | None = None
    vehicle: str | None = None
    requisition: int | None = None
    note: str = ""


class ReceivedLineIn(Schema):
    line: int
    received: int
    reason: str = ""


class ReceiptIn(Schema):
    lines: list[ReceivedLineIn] = []
    received_on: dt.date | None = None


class RequestLineIn(Schema):
    item: str
    quantity: int
    cases: int | None = None


class RequisitionIn(Schema):
    site: str
    lines: list[RequestLineIn]
    note: str = ""


class RequisitionLineOut(Schema):
    item: str
    quantity_requested: int
    quantity_approved: int | None
    stock_on_hand: int
    consumption_per_day: float
    cases: int | None

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code


class RequisitionOut(Schema):
    id: int
    site: str
    supplier: str
    status: str
    note: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str
    lines: list[RequisitionLineOut]

    @staticmethod
    def resolve_site(obj) -> str:
        return _code(obj.site)

    @staticmethod
    def resolve_supplier(obj) -> str:
        return _code(obj.supplier)

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.select_related("item"))


class DecisionIn(Schema):
    quantities: dict[str, int] = {}
    reject: bool = False
    reason: str = ""


class ReleaseIn(Schema):
    reserve: str
    to_site: str
    lines: list[LineIn]
    reason: str
    decision_ref: str = ""


class ReleaseLineOut(Schema):
    item: str
    quantity: int

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code


class ReleaseOut(Schema):
    id: int
    reserve: str
    to_site: str
    status: str
    reason: str
    decision_ref: str
    decision_note: str
    shipment: int | None
    lines: list[ReleaseLineOut]

    @staticmethod
    def resolve_reserve(obj) -> str:
        return _code(obj.reserve)

    @staticmethod
    def resolve_to_site(obj) -> str:
        return _code(obj.to_site)

    @staticmethod
    def resolve_shipment(obj) -> int | None:
        return obj.shipment_id

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.select_related("item"))


class NoteIn(Schema):
    note: str = ""


class TransportUnitIn(Schema):
    code: str
    name: str
    name_local: str = ""
    base_area: str


class VehicleIn(Schema):
    registration: str
    description: str = ""
    capacity_kg: int = 0
    capacity_l: int = 0


class VehicleOut(Schema):
    registration: str
    description: str
    capacity_kg: int
    capacity_l: int
    is_available: bool


class TransportUnitOut(Schema):
    code: str
    name: str
    name_local: str
    base_area: str
    vehicles: list[VehicleOut]

    @staticmethod
    def resolve_base_area(obj) -> str:
        return obj.base_area.code

    @staticmethod
    def resolve_vehicles(obj) -> list:
        return list(obj.vehicles.all())


class AvailabilityIn(Schema):
    is_available: bool


class ItemStatusOut(Schema):
    code: str
    name: str
    name_local: str
    unit: str
    category: str
    on_hand: int
    consumption_per_day: float
    days_of_stock: float | None
    sites_stocking: int
    stock_outs: int
    expiring: int
    pipeline: int


class StockOutOut(Schema):
    site_code: str
    site_name: str
    site_kind: str
    item_code: str


class NearExpiryOut(Schema):
    item_code: str
    batch_number: str
    expires_on: dt.date
    quantity: int
    sites: int
    expired: bool


class AlertOut(Schema):
    kind: str
    severity: str
    item_code: str
    message: str


class StockStatusOut(Schema):
    area_code: str
    area_name: str
    as_of: dt.date
    expiring_within_days: int
    consumption_days: int
    sites: int
    items: list[ItemStatusOut]
    stock_out_count: int
    stock_outs: list[StockOutOut]
    near_expiry: list[NearExpiryOut]
    pipeline_shipments: int
    alerts: list[AlertOut]
