"""What moves: items and their lots."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.supply.enums import ItemCategory


class Item(models.Model):
    """A stocked item, counted in whole ``unit``s (a tablet, a box, a kit, a kilogram)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("local name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)
    is_cold_chain = models.BooleanField(_("cold chain"), default=False)
    unit_weight_g = models.PositiveIntegerField(_("weight of one unit (g)"), default=0)
    unit_volume_ml = models.PositiveIntegerField(_("volume of one unit (ml)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        permissions = [("manage_catalog", "Can manage items, sites and production capacity")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def as_audit_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "name_local": self.name_local,
            "unit": self.unit,
            "category": self.category,
            "shelf_life_days": self.shelf_life_days,
            "is_cold_chain": self.is_cold_chain,
        }


class Lot(models.Model):
    """One batch of an item with its expiry. Lots never change once registered."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="lots")
    batch_number = models.CharField(_("batch number"), max_length=60)
    expires_on = models.DateField(_("expires on"))
    manufactured_on = models.DateField(_("manufactured on"), null=True, blank=True)
    producer = models.ForeignKey(
        "supply.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item_id", "expires_on", "batch_number"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        permissions = [("register_lot", "Can register lots")]
        constraints = [
            models.UniqueConstraint(fields=["item", "batch_number"], name="supply_lot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.batch_number} (exp. {self.expires_on:%Y-%m-%d})"
