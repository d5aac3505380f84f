"""Finding what a request names (sites in scope, items, lots) and choosing lots.

Helpers of the services; they write nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from epicommand.core import scope
from epicommand.errors import NotFound
from epicommand.supply import rules
from epicommand.supply.errors import (
    InsufficientStock,
    LotExpired,
    UnknownItem,
    UnknownLot,
    WrongSiteKind,
)
from epicommand.supply.models import Item, Lot, Site, StockBalance
from epicommand.supply.services.ledger import Move

# Kinds that may take stock from an expired lot: writing it off or recording its loss.
EXPIRED_ALLOWED = frozenset({"expiry", "loss", "count_adjustment"})


@dataclass(frozen=True)
class StockLine:
    """A line as a user writes it: an item code, a quantity, and a batch number or None
    (then the lots are picked first-expiry-first-out)."""

    item: str
    quantity: int
    lot: str | None = None


def sites_qs():
    return Site.objects.select_related("area", "located_in", "supplier__area")


def site_in_scope(actor, code: str) -> Site:
    """A site the actor may act on; missing or out of scope is the same 404."""
    return scope.get_for(actor, sites_qs(), area_field="area", area__code=code)


def require_kind(site: Site, kinds: Iterable[str], what: str) -> None:
    kinds = set(kinds)
    if site.kind not in kinds:
        raise WrongSiteKind(f"{site.area.code} is a {site.get_kind_display()}: {what}")


def get_item(code: str) -> Item:
    item = Item.objects.filter(code=code).first()
    if item is None:
        raise UnknownItem(f"unknown item code {code!r}")
    return item


def get_lot(item: Item, batch_number: str) -> Lot:
    lot = Lot.objects.select_related("item").filter(item=item, batch_number=batch_number).first()
    if lot is None:
        raise UnknownLot(f"unknown lot {batch_number!r} of item {item.code}")
    return lot


def sites_in_scope(actor, codes: list[str]) -> list[Site]:
    """Several sites in one query, in the order asked; any missing is the same 404."""
    found = {
        s.area.code: s
        for s in scope.restrict(sites_qs(), actor, area_field="area").filter(area__code__in=codes)
    }
    missing = [code for code in codes if code not in found]
    if missing:
        raise NotFound(f"no site {missing[0]!r} in your scope")
    return [found[code] for code in codes]


def lot_balances(site: Site, item: Item) -> list[StockBalance]:
    """The site's lots of an item with stock, their lot and item loaded."""
    return list(
        StockBalance.objects.filter(site=site, item=item, quantity__gt=0).select_related(
            "lot__item"
        )
    )


def outgoing_moves(
    site: Site, lines: list[StockLine], *, kind: str, on: dt.date, counterpart=None, reason=""
) -> list[Move]:
    """Moves taking ``lines`` out of ``site``: the lots named, or first-expiry-first-out.

    Picking reads balances before the ledger locks them; if another move takes the stock
    in between, ``apply_moves`` refuses and nothing is written (never a negative balance).
    """
    moves: list[Move] = []
    taken: dict[int, int] = {}
    for line in lines:
        item = get_item(line.item)
        quantity = -rules.signed_quantity(kind, line.quantity)
        if line.lot:
            lot = get_lot(item, line.lot)
            if lot.expires_on < on and kind not in EXPIRED_ALLOWED:
                raise LotExpired(
                    f"lot {lot.batch_number} of {item.code} expired on {lot.expires_on}"
                )
            picks = [(lot, quantity)]
        else:
            picks = _fefo(site, item, quantity, on, taken)
        for lot, amount in picks:
            taken[lot.pk] = taken.get(lot.pk, 0) + amount
            moves.append(Move(site, lot, kind, -amount, counterpart, reason))
    return moves


def _fefo(site: Site, item: Item, quantity: int, on: dt.date, taken: dict) -> list:
    balances = lot_balances(site, item)
    lots = {b.lot_id: b.lot for b in balances}
    stocks = [
        rules.LotStock(b.lot_id, b.expires_on, b.quantity - taken.get(b.lot_id, 0))
        for b in balances
    ]
    try:
        picked = rules.pick_lots_fefo(stocks, quantity, on=on)
    except InsufficientStock as exc:
        message = f"{item.name} ({item.code}) at {site.area.code}: {exc.message}"
        raise InsufficientStock(message, details=exc.details) from None
    return [(lots[lot_id], amount) for lot_id, amount in picked]
