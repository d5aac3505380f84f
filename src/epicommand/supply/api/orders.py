from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from epicommand.supply import selectors, services
from epicommand.supply.schemas.orders import (
    AvailabilityIn,
    DecisionIn,
    NoteIn,
    ReceiptIn,
    ReleaseIn,
    ReleaseOut,
    RequisitionIn,
    RequisitionOut,
    ShipmentIn,
    ShipmentOut,
    TransportUnitIn,
    TransportUnitOut,
    VehicleIn,
    VehicleOut,
)

router = Router(tags=["supply: orders and shipments"])


def _lines(lines) -> list[services.StockLine]:
    return [services.StockLine(x.item, x.quantity, x.lot or None) for x in lines]


@router.get("/shipments", response=list[ShipmentOut])
@paginate(LimitOffsetPagination)
def list_shipments(request: HttpRequest, status: str | None = None, site: str | None = None):
    """Shipments from or to a site in your scope, newest first."""
    return selectors.shipments_in_scope(actor=request.user, status=status, site=site)


@router.post("/shipments", response={201: ShipmentOut})
def plan_shipment(request: HttpRequest, body: ShipmentIn):
    """Plan a shipment; lots not named are picked first-expiry-first-out."""
    shipment = services.plan_shipment(
        actor=request.user,
        from_site_code=body.from_site,
        to_site_code=body.to_site,
        lines=_lines(body.lines),
        transport_unit_code=body.transport_unit,
        vehicle_registration=body.vehicle,
        requisition_id=body.requisition,
        note=body.note,
    )
    return Status(201, shipment)


@router.get("/shipments/{shipment_id}", response=ShipmentOut)
def get_shipment(request: HttpRequest, shipment_id: int):
    return selectors.get_shipment(actor=request.user, shipment_id=shipment_id)


@router.post("/shipments/{shipment_id}/dispatch", response=ShipmentOut)
def dispatch(request: HttpRequest, shipment_id: int):
    return services.dispatch_shipment(actor=request.user, shipment_id=shipment_id)


@router.post("/shipments/{shipment_id}/in-transit", response=ShipmentOut)
def in_transit(request: HttpRequest, shipment_id: int):
    return services.mark_in_transit(actor=request.user, shipment_id=shipment_id)


@router.post("/shipments/{shipment_id}/deliver", response=ShipmentOut)
def deliver(request: HttpRequest, shipment_id: int):
    return services.mark_delivered(actor=request.user, shipment_id=shipment_id)


@router.post("/shipments/{shipment_id}/cancel", response=ShipmentOut)
def cancel(request: HttpRequest, shipment_id: int):
    return services.cancel_shipment(actor=request.user, shipment_id=shipment_id)


@router.post("/shipments/{shipment_id}/receive", response=ShipmentOut)
def receive(request: HttpRequest, shipment_id: int, body: ReceiptIn):
    """Proof of delivery: the quantities received per line (lines left out arrived in
    full); a shortfall needs a reason and becomes a loss."""
    lines = [services.ReceivedLine(x.line, x.received, x.reason) for x in body.lines]
    return services.receive_shipment(
        actor=request.user, shipment_id=shipment_id, lines=lines, received_on=body.received_on
    )


@router.get("/requisitions", response=list[RequisitionOut])
@paginate(LimitOffsetPagination)
def list_requisitions(request: HttpRequest, status: str | None = None, site: str | None = None):
    return selectors.requisitions_in_scope(actor=request.user, status=status, site=site)


@router.post("/requisitions", response={201: RequisitionOut})
def submit_requisition(request: HttpRequest, body: RequisitionIn):
    lines = [services.RequestLine(x.item, x.quantity, x.cases) for x in body.lines]
    requisition = services.submit_requisition(
        actor=request.user, site_code=body.site, lines=lines, note=body.note
    )
    return Status(201, requisition)


@router.get("/requisitions/{requisition_id}", response=RequisitionOut)
def get_requisition(request: HttpRequest, requisition_id: int):
    return selectors.get_requisition(actor=request.user, requisition_id=requisition_id)


@router.post("/requisitions/{requisition_id}/decide", response=RequisitionOut)
def decide_requisition(request: HttpRequest, requisition_id: int, body: DecisionIn):
    return services.decide_requisition(
        actor=request.user,
        requisition_id=requisition_id,
        quantities=body.quantities or None,
        reject=body.reject,
        reason=body.reason,
    )


@router.get("/release-orders", response=list[ReleaseOut])
@paginate(LimitOffsetPagination)
def list_release_orders(request: HttpRequest):
    return selectors.release_orders_in_scope(actor=request.user)


@router.post("/release-orders", response={201: ReleaseOut})
def request_release(request: HttpRequest, body: ReleaseIn):
    order = services.request_release(
        actor=request.user,
        reserve_code=body.reserve,
        to_site_code=body.to_site,
        lines=_lines(body.lines),
        reason=body.reason,
        decision_ref=body.decision_ref,
    )
    return Status(201, order)


@router.get("/release-orders/{order_id}", response=ReleaseOut)
def get_release_order(request: HttpRequest, order_id: int):
    return selectors.get_release_order(actor=request.user, order_id=order_id)


@router.post("/release-orders/{order_id}/approve", response=ReleaseOut)
def approve_release(request: HttpRequest, order_id: int, body: NoteIn):
    return services.approve_release(actor=request.user, order_id=order_id, note=body.note)


@router.post("/release-orders/{order_id}/reject", response=ReleaseOut)
def reject_release(request: HttpRequest, order_id: int, body: NoteIn):
    return services.reject_release(actor=request.user, order_id=order_id, note=body.note)


@router.get("/transport-units", response=list[TransportUnitOut])
def list_transport_units(request: HttpRequest):
    return selectors.transport_units(actor=request.user)


@router.post("/transport-units", response={201: TransportUnitOut})
def create_transport_unit(request: HttpRequest, body: TransportUnitIn):
    unit = services.create_transport_unit(
        actor=request.user,
        code=body.code,
        name=body.name,
        name_local=body.name_local,
        base_area_code=body.base_area,
    )
    return Status(201, unit)


@router.post("/transport-units/{code}/vehicles", response={201: VehicleOut})
def add_vehicle(request: HttpRequest, code: str, body: VehicleIn):
    return Status(201, services.add_vehicle(actor=request.user, unit_code=code, **body.dict()))


@router.post("/vehicles/{registration}/availability", response=VehicleOut)
def set_availability(request: HttpRequest, registration: str, body: AvailabilityIn):
    return services.set_vehicle_availability(
        actor=request.user, registration=registration, is_available=body.is_available
    )
