"""The stock ledger and what is derived from it.

``StockEntry`` rows are the record: append-only, signed, one per site, item and lot moved.
``StockBalance`` (per site, item and lot) and ``StockLevel`` (per site and item, all lots)
are kept in the same transaction as each entry and can always be rebuilt from the ledger
(``epicommand stock check``). Both carry the site's area path (and the balance its lot's
expiry) so that the stock status of a whole subtree is one indexed range scan without joins;
``ConsumptionDay`` sums consumption per area of the sites and day for the same reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from epicommand.audit.models import AppendOnly
from epicommand.supply.enums import MovementKind


class StockEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnly("ledger entries cannot be changed; record a correcting entry")

    def delete(self):  # type: ignore[override]
        raise AppendOnly("ledger entries cannot be deleted; record a correcting entry")


class StockEntry(models.Model):
    """One signed movement of one lot at one site. Entries written by one action share
    ``movement`` (a transfer's two entries, a shipment's lines)."""

    movement = models.UUIDField(_("movement"), db_index=True)
    # Foreign keys without their own index where a composite index covers them or nothing
    # looks rows up by them: every index slows the inserts the ledger lives on.
    site = models.ForeignKey(
        "supply.Site", on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    item = models.ForeignKey(
        "supply.Item", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    lot = models.ForeignKey(
        "supply.Lot", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    quantity = models.BigIntegerField(_("quantity"))
    balance_after = models.BigIntegerField(_("balance after"))
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(_("recorded by"), max_length=150)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    shipment = models.ForeignKey(
        "supply.Shipment", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    counterpart = models.ForeignKey(
        "supply.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    objects = StockEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        permissions = [
            ("view_stock", "Can view stock, ledger, shipments and stock status"),
            ("move_stock", "Can issue, dispense, transfer, write off and count stock"),
            ("record_production", "Can record a factory's production"),
        ]
        indexes = [
            models.Index(fields=["site", "occurred_on"], name="supply_entry_site_day"),
            models.Index(fields=["recorded_at"], name="supply_entry_recorded"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="supply_entry_nonzero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="supply_entry_balance_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind} {self.quantity:+d} {self.item_id}/{self.lot_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnly("ledger entries cannot be changed; record a correcting entry")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnly("ledger entries cannot be deleted; record a correcting entry")


class StockBalance(models.Model):
    """Quantity on hand of one lot at one site; never below zero (the database checks too)."""

    site = models.ForeignKey(
        "supply.Site", on_delete=models.PROTECT, related_name="balances", db_index=False
    )
    item = models.ForeignKey(
        "supply.Item", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    lot = models.ForeignKey(
        "supply.Lot", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    quantity = models.BigIntegerField(_("quantity"), default=0)
    area_path = models.CharField(max_length=255)
    expires_on = models.DateField(_("expires on"))

    class Meta:
        verbose_name = _("lot balance")
        verbose_name_plural = _("lot balances")
        constraints = [
            models.UniqueConstraint(fields=["site", "item", "lot"], name="supply_balance_key"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="supply_balance_nonneg"),
        ]
        indexes = [
            # Near expiry: the lots expiring soon are few; by lot, then the subtree.
            models.Index(
                fields=["lot", "expires_on", "area_path", "quantity"],
                name="supply_balance_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.item_id}/{self.lot_id}: {self.quantity}"


class StockLevel(models.Model):
    """Quantity on hand of one item at one site, all lots together. Its row is the lock
    that serialises every move of that item at that site."""

    site = models.ForeignKey(
        "supply.Site", on_delete=models.PROTECT, related_name="levels", db_index=False
    )
    item = models.ForeignKey(
        "supply.Item", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    on_hand = models.BigIntegerField(_("on hand"), default=0)
    area_path = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["site", "item"], name="supply_level_key"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="supply_level_nonneg"),
        ]
        indexes = [
            models.Index(
                fields=["area_path"], name="supply_level_stockout", condition=Q(on_hand=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.item_id}: {self.on_hand}"


class AreaStock(models.Model):
    """One item over the sites of one area (the area they sit in): on hand, how many sites
    hold it, how many of those are at zero. Kept with every move like the levels, so the
    stock status of a province or the country reads a few thousand rows, not one per site
    and item."""

    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    area_path = models.CharField(max_length=255)
    item = models.ForeignKey(
        "supply.Item", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    on_hand = models.BigIntegerField(_("on hand"), default=0)
    sites = models.IntegerField(_("sites"), default=0)
    stock_outs = models.IntegerField(_("stock-outs"), default=0)

    class Meta:
        verbose_name = _("stock of an area")
        verbose_name_plural = _("stock of areas")
        constraints = [
            # No CHECK on on_hand: the upsert adds signed changes, and both databases check
            # the row to insert before resolving the conflict. The levels carry the check.
            models.UniqueConstraint(fields=["area", "item"], name="supply_areastock_key"),
        ]
        indexes = [
            models.Index(
                fields=["item", "area_path", "on_hand", "sites", "stock_outs"],
                name="supply_areastock_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.item_id}: {self.on_hand}"


class ConsumptionDay(models.Model):
    """What left the network to people (dispensing, issues) per area of the sites, item and
    day: the average daily consumption of any subtree reads a few thousand of these rows
    instead of every dispensing entry. ``area`` is the area the sites sit in."""

    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    area_path = models.CharField(max_length=255)
    item = models.ForeignKey(
        "supply.Item", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    consumed_on = models.DateField(_("date"))
    quantity = models.BigIntegerField(_("quantity"), default=0)

    class Meta:
        verbose_name = _("consumption per day")
        verbose_name_plural = _("consumption per day")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "item", "consumed_on"], name="supply_consumption_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["item", "consumed_on", "area_path", "quantity"],
                name="supply_consumption_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.item_id} {self.consumed_on}: {self.quantity}"


class HouseholdDelivery(models.Model):
    """Daily necessities a distribution point delivered to households of an area that must
    stay home; the items are the dispensing entries of the same ``movement``."""

    site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    served_area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField(_("date"))
    households = models.PositiveIntegerField(_("households"))
    movement = models.UUIDField(_("movement"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("household delivery")
        verbose_name_plural = _("household deliveries")

    def __str__(self) -> str:
        return f"{self.delivered_on} {self.households} households"
