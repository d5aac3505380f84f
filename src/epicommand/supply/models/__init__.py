"""Supply models, one module per part of the network (a package: one file would pass 400 lines)."""

from epicommand.supply.models.catalog import Item, Lot
from epicommand.supply.models.ledger import (
    AreaStock,
    ConsumptionDay,
    HouseholdDelivery,
    StockBalance,
    StockEntry,
    StockLevel,
)
from epicommand.supply.models.orders import (
    ReleaseLine,
    ReleaseOrder,
    Requisition,
    RequisitionLine,
    Shipment,
    ShipmentLine,
)
from epicommand.supply.models.sites import ProductionCapacity, Site
from epicommand.supply.models.transport import TransportUnit, Vehicle

__all__ = [
    "AreaStock",
    "ConsumptionDay",
    "HouseholdDelivery",
    "Item",
    "Lot",
    "ProductionCapacity",
    "ReleaseLine",
    "ReleaseOrder",
    "Requisition",
    "RequisitionLine",
    "Shipment",
    "ShipmentLine",
    "Site",
    "StockBalance",
    "StockEntry",
    "StockLevel",
    "TransportUnit",
    "Vehicle",
]
