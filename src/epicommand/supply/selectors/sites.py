"""Scoped reads of sites, their stock and their ledger; the item catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from epicommand.core import scope
from epicommand.errors import NotFound
from epicommand.geo.models import Area
from epicommand.supply.models import Item, Lot, Site, StockBalance, StockEntry, StockLevel
from epicommand.supply.selectors.common import require_view


def sites_in_scope(
    *, actor, area: Area | None = None, kind: str | None = None, q: str | None = None
) -> QuerySet[Site]:
    """Sites the actor sees, in tree order, optionally under ``area`` (from the scoped
    getter ``geo.selectors.get_area``; the result stays within the actor's scope whatever
    is given), of a kind, or matching a name or code."""
    require_view(actor)
    sites = scope.restrict(Site.objects.select_related("area", "supplier__area"), actor)
    if area is not None:
        sites = sites.filter(scope.subtree(area.path, "area__path"))
    if kind:
        sites = sites.filter(kind=kind)
    if q:
        sites = sites.filter(area__name__icontains=q) | sites.filter(area__code__iexact=q)
    return sites.order_by("area__path")


def get_site(*, actor, code: str) -> Site:
    require_view(actor)
    return scope.get_for(
        actor, Site.objects.select_related("area", "supplier__area"), area__code=code
    )


@dataclass
class ItemStock:
    """One item at a site: its total and its lots, soonest expiry first."""

    item: Item
    on_hand: int
    lots: list[StockBalance] = field(default_factory=list)


def site_stock(*, actor, site: Site) -> list[ItemStock]:
    """A site's items (all ever held there, zero included) with their lots on hand; a site
    outside the actor's scope raises NotFound."""
    require_view(actor)
    scope.require_area(actor, site.area)
    levels = StockLevel.objects.filter(site=site).select_related("item").order_by("item__code")
    stocks = {level.item_id: ItemStock(level.item, level.on_hand) for level in levels}
    balances = (
        StockBalance.objects.filter(site=site, quantity__gt=0)
        .select_related("lot")
        .order_by("expires_on", "lot_id")
    )
    for balance in balances:
        stocks[balance.item_id].lots.append(balance)
    return list(stocks.values())


def site_ledger(*, actor, site: Site, limit: int = 100, item: str | None = None):
    """The site's latest ledger entries, newest first; a site outside the actor's scope
    raises NotFound."""
    require_view(actor)
    scope.require_area(actor, site.area)
    entries = StockEntry.objects.filter(site=site).select_related(
        "item", "lot", "counterpart__area", "shipment"
    )
    if item:
        entries = entries.filter(item__code=item)
    return list(entries.order_by("-recorded_at", "-id")[:limit])


def items(*, actor) -> QuerySet[Item]:
    require_view(actor)
    return Item.objects.order_by("code")


def get_item(*, actor, code: str) -> Item:
    require_view(actor)
    item = Item.objects.filter(code=code).first()
    if item is None:
        raise NotFound(f"no item {code!r}")
    return item


def item_lots(*, actor, item: Item) -> QuerySet[Lot]:
    require_view(actor)
    return Lot.objects.filter(item=item).order_by("expires_on", "batch_number")
