"""Where stock is kept: sites, each a leaf node of the area tree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.supply.enums import SiteKind


class Site(models.Model):
    """A place that holds stock. Its ``area`` is its own node (level ``site``) under the
    area it sits in, so ``core.scope`` covers sites like any area: a pharmacist scoped
    to the node sees the one pharmacy, a county officer every site of the county.
    ``located_in`` is that area (the node's parent), kept as a key so that the per-area
    sums of stock and consumption need no tree lookup. ``supplier`` is the site it orders
    from: the supply line."""

    area = models.OneToOneField(
        "geo.Area", on_delete=models.PROTECT, related_name="supply_site", verbose_name=_("area")
    )
    located_in = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="sites", verbose_name=_("located in")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SiteKind.choices, db_index=True)
    is_24h = models.BooleanField(_("open 24 hours"), default=False)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    supplier = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("supplier"),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.area.name} ({self.area.code})"

    @property
    def code(self) -> str:
        return self.area.code

    @property
    def name(self) -> str:
        return self.area.name

    @property
    def name_local(self) -> str:
        return self.area.name_local

    def as_audit_dict(self) -> dict:
        return {
            "code": self.area.code,
            "name": self.area.name,
            "name_local": self.area.name_local,
            "kind": self.kind,
            "is_24h": self.is_24h,
            "opening_hours": self.opening_hours,
            "contact": self.contact,
            "supplier": self.supplier.area.code if self.supplier_id else None,
        }


class ProductionCapacity(models.Model):
    """How much of an item a factory can make in a day (a planning figure)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="capacities")
    item = models.ForeignKey("supply.Item", on_delete=models.PROTECT, related_name="+")
    quantity_per_day = models.PositiveBigIntegerField(_("quantity per day"))

    class Meta:
        verbose_name = _("production capacity")
        verbose_name_plural = _("production capacities")
        constraints = [
            models.UniqueConstraint(fields=["site", "item"], name="supply_capacity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.quantity_per_day}/day"
