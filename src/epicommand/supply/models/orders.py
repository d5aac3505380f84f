"""What sites ask for and what is sent: requisitions, shipments, state reserve releases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.supply.enums import ReleaseStatus, RequisitionStatus, ShipmentStatus

_USER = settings.AUTH_USER_MODEL


class Requisition(models.Model):
    """A site asks its supplier for quantities, with the figures it bases them on."""

    site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="requisitions")
    supplier = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequisitionStatus.choices,
        default=RequisitionStatus.SUBMITTED,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        permissions = [
            ("request_stock", "Can send requisitions to the supplier"),
            ("decide_requisition", "Can approve, reduce or reject requisitions"),
        ]

    def __str__(self) -> str:
        return f"R-{self.pk}"


class RequisitionLine(models.Model):
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey("supply.Item", on_delete=models.PROTECT, related_name="+")
    quantity_requested = models.PositiveBigIntegerField(_("requested"))
    quantity_approved = models.PositiveBigIntegerField(_("approved"), null=True, blank=True)
    stock_on_hand = models.PositiveBigIntegerField(_("stock on hand"))
    consumption_per_day = models.FloatField(_("average daily consumption"))
    cases = models.PositiveIntegerField(_("cases"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["requisition", "item"], name="supply_req_line_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} x {self.quantity_requested}"


class Shipment(models.Model):
    """Stock on its way from one site to another: planned > dispatched > in transit >
    delivered > received. Stock leaves the origin at dispatch and reaches the destination
    when the receiver confirms the quantities (proof of delivery)."""

    from_site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    to_site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=ShipmentStatus.choices, default=ShipmentStatus.PLANNED
    )
    transport_unit = models.ForeignKey(
        "supply.TransportUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vehicle = models.ForeignKey(
        "supply.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requisition = models.ForeignKey(
        Requisition, on_delete=models.PROTECT, null=True, blank=True, related_name="shipments"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    planned_at = models.DateTimeField(_("planned at"))
    planned_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    in_transit_at = models.DateTimeField(_("in transit since"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-planned_at", "-id"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        permissions = [
            ("manage_shipments", "Can plan, dispatch and track shipments"),
            ("receive_shipment", "Can confirm the receipt of shipments"),
        ]
        indexes = [models.Index(fields=["status"], name="supply_shipment_status")]

    def __str__(self) -> str:
        return f"S-{self.pk}"


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey("supply.Item", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey("supply.Lot", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveBigIntegerField(_("quantity shipped"))
    quantity_received = models.PositiveBigIntegerField(_("quantity received"), null=True)
    discrepancy_reason = models.CharField(
        _("reason for the difference"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "lot"], name="supply_shipment_line_lot")
        ]

    def __str__(self) -> str:
        return f"{self.lot_id} x {self.quantity}"


class ReleaseOrder(models.Model):
    """An order to release stock from a state reserve to a site, approved by the HQ
    commander; approval plans the shipment that moves it. ``decision_ref`` names the
    command decision it carries out (a link once the operations app records decisions)."""

    reserve = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    to_site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=ReleaseStatus.choices, default=ReleaseStatus.REQUESTED
    )
    decision_ref = models.CharField(_("decision"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    shipment = models.OneToOneField(
        Shipment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="release_order",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("reserve release order")
        verbose_name_plural = _("reserve release orders")
        permissions = [
            ("request_release", "Can request a release from a state reserve"),
            ("approve_release", "Can approve or reject a state reserve release"),
        ]

    def __str__(self) -> str:
        return f"RO-{self.pk}"


class ReleaseLine(models.Model):
    order = models.ForeignKey(ReleaseOrder, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey("supply.Item", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveBigIntegerField(_("quantity"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item_id} x {self.quantity}"
