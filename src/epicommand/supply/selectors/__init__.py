"""The scoped readers of supply data (a package: one module would pass 400 lines)."""

from epicommand.supply.selectors.alerts import Alert
from epicommand.supply.selectors.check import Difference, ledger_differences
from epicommand.supply.selectors.orders import (
    get_release_order,
    get_requisition,
    get_shipment,
    release_orders_in_scope,
    requisitions_in_scope,
    shipments_in_scope,
    transport_units,
)
from epicommand.supply.selectors.sites import (
    ItemStock,
    get_item,
    get_site,
    item_lots,
    items,
    site_ledger,
    site_stock,
    sites_in_scope,
)
from epicommand.supply.selectors.status import (
    ItemStatus,
    NearExpiry,
    StockOut,
    StockStatus,
    stock_status,
)

__all__ = [
    "Alert",
    "Difference",
    "ItemStatus",
    "ItemStock",
    "NearExpiry",
    "StockOut",
    "StockStatus",
    "get_item",
    "get_release_order",
    "get_requisition",
    "get_shipment",
    "get_site",
    "item_lots",
    "items",
    "ledger_differences",
    "release_orders_in_scope",
    "requisitions_in_scope",
    "shipments_in_scope",
    "site_ledger",
    "site_stock",
    "sites_in_scope",
    "stock_status",
    "transport_units",
]
