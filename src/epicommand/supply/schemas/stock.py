import datetime as dt

from ninja import Field, Schema


class LineIn(Schema):
    item: str
    quantity: int
    lot: str | None = Field(None, description="batch number; empty: first expiry, first out")


class ItemIn(Schema):
    code: str
    name: str
    name_local: str = ""
    unit: str
    category: str
    shelf_life_days: int | None = None
    is_cold_chain: bool = False
    unit_weight_g: int = 0
    unit_volume_ml: int = 0


class ItemOut(Schema):
    code: str
    name: str
    name_local: str
    unit: str
    category: str
    shelf_life_days: int | None
    is_cold_chain: bool


class LotIn(Schema):
    batch_number: str
    expires_on: dt.date
    manufactured_on: dt.date | None = None


class LotOut(Schema):
    item: str
    batch_number: str
    expires_on: dt.date

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code


class SiteIn(Schema):
    code: str
    area: str = Field(description="code of the area the site sits in")
    kind: str
    name: str
    name_local: str = ""
    supplier: str | None = None
    is_24h: bool = False
    opening_hours: str = ""
    contact: str = ""


class SiteOut(Schema):
    code: str
    name: str
    name_local: str
    kind: str
    is_24h: bool
    opening_hours: str
    contact: str
    supplier: str | None
    area_path: str

    @staticmethod
    def resolve_supplier(obj) -> str | None:
        return obj.supplier.area.code if obj.supplier_id else None

    @staticmethod
    def resolve_area_path(obj) -> str:
        return obj.area.path


class LotStockOut(Schema):
    lot: str
    expires_on: dt.date
    quantity: int

    @staticmethod
    def resolve_lot(obj) -> str:
        return obj.lot.batch_number


class ItemStockOut(Schema):
    item: str
    name: str
    unit: str
    on_hand: int
    lots: list[LotStockOut]

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.item.name

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.item.unit


class SiteDetailOut(SiteOut):
    stock: list[ItemStockOut]


class EntryOut(Schema):
    id: int
    movement: str
    site: str
    item: str
    lot: str
    kind: str
    quantity: int
    balance_after: int
    occurred_on: dt.date
    recorded_at: dt.datetime
    recorded_by: str
    reason: str
    shipment: int | None = None
    counterpart: str | None = None

    @staticmethod
    def resolve_movement(obj) -> str:
        return str(obj.movement)

    @staticmethod
    def resolve_site(obj) -> str:
        return obj.site.area.code

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code

    @staticmethod
    def resolve_lot(obj) -> str:
        return obj.lot.batch_number

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_shipment(obj) -> int | None:
        return obj.shipment_id

    @staticmethod
    def resolve_counterpart(obj) -> str | None:
        return obj.counterpart.area.code if obj.counterpart_id else None


class MovementIn(Schema):
    kind: str = Field(description="issue, loss or expiry")
    lines: list[LineIn]
    occurred_on: dt.date | None = None
    reason: str = ""


class TransferIn(Schema):
    from_site: str
    to_site: str
    lines: list[LineIn]
    occurred_on: dt.date | None = None
    reason: str = ""


class DispensingIn(Schema):
    lines: list[LineIn]
    dispensed_on: dt.date | None = None
    households: int | None = None
    served_area: str | None = None


class CountLineIn(Schema):
    item: str
    lot: str
    counted: int


class CountIn(Schema):
    counts: list[CountLineIn]
    counted_on: dt.date | None = None
    reason: str = "stock count"


class ProductionIn(Schema):
    item: str
    batch_number: str
    quantity: int
    expires_on: dt.date | None = None
    produced_on: dt.date | None = None


class CountSummaryOut(Schema):
    rows: int
    adjusted: int
    unchanged: int
