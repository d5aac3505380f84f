"""Supply pages for shipments (with the receiver's proof of delivery) and requisitions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epicommand.core import scope
from epicommand.errors import DomainError, NotFound
from epicommand.supply import rules, selectors, services
from epicommand.supply.enums import RequisitionStatus, ShipmentStatus

ACTIONS = {
    "dispatch": services.dispatch_shipment,
    "in_transit": services.mark_in_transit,
    "deliver": services.mark_delivered,
    "cancel": services.cancel_shipment,
}


@login_required
def shipment_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    shipments = selectors.shipments_in_scope(
        actor=request.user, status=status, site=request.GET.get("site") or None
    )
    page = Paginator(shipments, 50).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": ShipmentStatus.choices, "status": status}
    return render(request, "supply/shipment_list.html", context)


@login_required
def shipment_detail(request: HttpRequest, shipment_id: int) -> HttpResponse:
    """A shipment; the receiver confirms what arrived, logistics moves it along."""
    shipment = selectors.get_shipment(actor=request.user, shipment_id=shipment_id)
    user = request.user
    receiving = (
        shipment.status in rules.PIPELINE_STATUSES
        and user.has_perm("supply.receive_shipment")
        and scope.covers(user, shipment.to_site.area)
    )
    managing = user.has_perm("supply.manage_shipments") and scope.covers(
        user, shipment.from_site.area
    )
    actions = [a for a in ACTIONS if managing and _allowed(shipment.status, a)]
    context = {
        "shipment": shipment,
        "lines": list(shipment.lines.select_related("item", "lot")),
        "receiving": receiving,
        "actions": actions,
    }
    return render(request, "supply/shipment_detail.html", context)


def _allowed(status: str, action: str) -> bool:
    target = {"in_transit": "in_transit", "deliver": "delivered", "cancel": "cancelled"}.get(
        action, "dispatched"
    )
    return target in rules.SHIPMENT_TRANSITIONS[status]


@login_required
@require_POST
def shipment_action(request: HttpRequest, shipment_id: int, action: str) -> HttpResponse:
    """One button of the shipment page (dispatch, in transit, delivered, cancel). A refusal
    rises to our error page at its status (409 for a move the shipment's state forbids),
    which leads back to the shipment: a button has no form to show again."""
    if action not in ACTIONS:
        raise NotFound(_("No such action: %(action)s") % {"action": action})
    ACTIONS[action](actor=request.user, shipment_id=shipment_id)
    messages.success(request, _("Shipment updated."))
    return redirect("supply:shipment", shipment_id=shipment_id)


@login_required
@require_POST
def receive_shipment(request: HttpRequest, shipment_id: int) -> HttpResponse:
    """Proof of delivery from the form: a received quantity and a reason per line."""
    shipment = selectors.get_shipment(actor=request.user, shipment_id=shipment_id)
    lines = []
    try:
        for line in shipment.lines.all():
            value = request.POST.get(f"received_{line.pk}", "").strip()
            reason = request.POST.get(f"reason_{line.pk}", "")
            if not value.isdigit():
                raise DomainError(_("Give the quantity received for every line."))
            lines.append(services.ReceivedLine(line.pk, int(value), reason))
        services.receive_shipment(actor=request.user, shipment_id=shipment_id, lines=lines)
        messages.success(request, _("Receipt confirmed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supply:shipment", shipment_id=shipment_id)


@login_required
def requisition_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    requisitions = selectors.requisitions_in_scope(actor=request.user, status=status)
    page = Paginator(requisitions, 50).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": RequisitionStatus.choices, "status": status}
    return render(request, "supply/requisition_list.html", context)


@login_required
def requisition_detail(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = selectors.get_requisition(actor=request.user, requisition_id=requisition_id)
    deciding = (
        requisition.status == RequisitionStatus.SUBMITTED
        and request.user.has_perm("supply.decide_requisition")
        and scope.covers(request.user, requisition.supplier.area)
    )
    context = {
        "requisition": requisition,
        "lines": list(requisition.lines.select_related("item")),
        "deciding": deciding,
    }
    return render(request, "supply/requisition_detail.html", context)


@login_required
@require_POST
def decide_requisition(request: HttpRequest, requisition_id: int) -> HttpResponse:
    quantities = {}
    try:
        for key, value in request.POST.items():
            if key.startswith("approved_") and value.strip():
                if not value.strip().isdigit():
                    raise DomainError(_("%(value)s is not a whole number") % {"value": value})
                quantities[key.removeprefix("approved_")] = int(value)
        services.decide_requisition(
            actor=request.user,
            requisition_id=requisition_id,
            quantities=quantities or None,
            reject="reject" in request.POST,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Decision recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supply:requisition", requisition_id=requisition_id)
