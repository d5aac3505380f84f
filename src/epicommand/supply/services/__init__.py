"""The only writers of supply data (a package: one module would pass 400 lines).

Every public function takes keyword arguments with ``actor`` first (``None`` is the system,
the command line), checks the role and the scope, runs in one transaction and leaves one
audit event. Views, the API, importers and the CLI call these and nothing else.
"""

from epicommand.supply.services.catalog import (
    add_vehicle,
    create_item,
    create_site,
    create_transport_unit,
    register_lot,
    set_vehicle_availability,
)
from epicommand.supply.services.counts import import_stock_count
from epicommand.supply.services.lookups import StockLine
from epicommand.supply.services.production import record_production, set_production_capacity
from epicommand.supply.services.requisitions import (
    RequestLine,
    decide_requisition,
    submit_requisition,
)
from epicommand.supply.services.reserve import approve_release, reject_release, request_release
from epicommand.supply.services.shipments import (
    ReceivedLine,
    cancel_shipment,
    dispatch_shipment,
    mark_delivered,
    mark_in_transit,
    plan_shipment,
    receive_shipment,
)
from epicommand.supply.services.stock import (
    CountLine,
    count_stock,
    record_dispensing,
    record_movement,
    transfer_stock,
)

__all__ = [
    "CountLine",
    "ReceivedLine",
    "RequestLine",
    "StockLine",
    "add_vehicle",
    "approve_release",
    "cancel_shipment",
    "count_stock",
    "create_item",
    "create_site",
    "create_transport_unit",
    "decide_requisition",
    "dispatch_shipment",
    "import_stock_count",
    "mark_delivered",
    "mark_in_transit",
    "plan_shipment",
    "receive_shipment",
    "record_dispensing",
    "record_movement",
    "record_production",
    "register_lot",
    "reject_release",
    "request_release",
    "set_production_capacity",
    "set_vehicle_availability",
    "submit_requisition",
    "transfer_stock",
]
