"""Factories: what they can make in a day, and the batches they make."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.core.permissions import require_permission
from epicommand.errors import ValidationFailed
from epicommand.supply.enums import MovementKind, SiteKind
from epicommand.supply.errors import DuplicateCode
from epicommand.supply.models import Lot, ProductionCapacity, StockEntry
from epicommand.supply.rules import signed_quantity
from epicommand.supply.services.ledger import Move, apply_moves
from epicommand.supply.services.lookups import get_item, require_kind, site_in_scope
from epicommand.supply.services.stock import day_or_today, entry_dicts


def set_production_capacity(
    *, actor, site_code: str, item_code: str, quantity_per_day: int
) -> ProductionCapacity:
    """How much of an item a factory can make in a day (used to plan, not to refuse)."""
    require_permission(actor, "supply.manage_catalog")
    if quantity_per_day < 0:
        raise ValidationFailed("capacity must be 0 or more")
    item = get_item(item_code)
    with transaction.atomic():
        site = site_in_scope(actor, site_code)
        require_kind(site, {SiteKind.FACTORY}, "only factories have a production capacity")
        capacity, _ = ProductionCapacity.objects.select_for_update().get_or_create(
            site=site, item=item, defaults={"quantity_per_day": quantity_per_day}
        )
        before = capacity.quantity_per_day
        capacity.quantity_per_day = quantity_per_day
        capacity.save(update_fields=["quantity_per_day"])
        record_event(
            actor=actor,
            action="supply.set_production_capacity",
            object_type="production_capacity",
            object_id=capacity.pk,
            area_path=site.area.path,
            before={"quantity_per_day": before},
            after={"site": site.area.code, "item": item.code, "quantity_per_day": quantity_per_day},
        )
    return capacity


def _batch_lot(site, item, batch_number: str, expires_on, produced_on: dt.date) -> Lot:
    """The factory's lot for this batch: found, or registered now with its expiry (given,
    or the production date plus the item's shelf life)."""
    lot = Lot.objects.select_related("item").filter(item=item, batch_number=batch_number).first()
    if lot is not None:
        if lot.producer_id != site.pk:
            raise DuplicateCode(f"batch {batch_number!r} of {item.code} belongs to another maker")
        return lot
    if expires_on is None:
        if not item.shelf_life_days:
            raise ValidationFailed(f"{item.code} has no shelf life: give the expiry date")
        expires_on = produced_on + dt.timedelta(days=item.shelf_life_days)
    return Lot.objects.create(
        item=item,
        batch_number=batch_number,
        expires_on=expires_on,
        manufactured_on=produced_on,
        producer=site,
    )


def record_production(
    *,
    actor,
    site_code: str,
    item_code: str,
    batch_number: str,
    quantity: int,
    expires_on: dt.date | None = None,
    produced_on: dt.date | None = None,
) -> list[StockEntry]:
    """A factory's batch (traditional medicines included) enters its stock as production."""
    require_permission(actor, "supply.record_production")
    signed_quantity(MovementKind.PRODUCTION, quantity)
    if not batch_number.strip():
        raise ValidationFailed("production needs a batch number")
    day = day_or_today(produced_on)
    item = get_item(item_code)
    with transaction.atomic():
        site = site_in_scope(actor, site_code)
        require_kind(site, {SiteKind.FACTORY}, "only factories record production")
        lot = _batch_lot(site, item, batch_number.strip(), expires_on, day)
        move = Move(site, lot, MovementKind.PRODUCTION, quantity)
        entries = apply_moves([move], actor=actor, occurred_on=day)
        record_event(
            actor=actor,
            action="supply.record_production",
            object_type="stock_movement",
            object_id=str(entries[0].movement),
            area_path=site.area.path,
            after={"site": site.area.code, "entries": entry_dicts(entries)},
        )
    return entries
