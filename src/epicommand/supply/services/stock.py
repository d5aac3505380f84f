"""Movements at sites: issues, losses, write-offs, transfers, dispensing, counts, production.

Each function is one action: role check, scope check, one transaction, one ``apply_moves``
and one audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.clock import today
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.geo.models import Area
from epicommand.supply.enums import MovementKind, SiteKind
from epicommand.supply.errors import (
    BadQuantity,
    ReasonRequired,
    ReceiptWithoutShipment,
    ReleaseRequired,
    SameSite,
)
from epicommand.supply.models import HouseholdDelivery, Site, StockEntry
from epicommand.supply.services.ledger import Move, apply_moves
from epicommand.supply.services.lookups import (
    StockLine,
    get_item,
    get_lot,
    outgoing_moves,
    require_kind,
    site_in_scope,
    sites_in_scope,
)

DIRECT_KINDS = {MovementKind.ISSUE, MovementKind.LOSS, MovementKind.EXPIRY}
DISPENSING_SITES = {SiteKind.PHARMACY, SiteKind.TREATMENT_CENTRE, SiteKind.DISTRIBUTION_POINT}


@dataclass(frozen=True)
class CountLine:
    """One counted lot: item code, batch number, the quantity found on the shelf."""

    item: str
    lot: str
    counted: int


def entry_dicts(entries: list[StockEntry]) -> list[dict]:
    """Entries as the audit trail keeps them."""
    return [
        {
            "site": e.site.area.code,
            "item": e.lot.item.code,
            "lot": e.lot.batch_number,
            "kind": e.kind,
            "quantity": e.quantity,
            "balance_after": e.balance_after,
        }
        for e in entries
    ]


def day_or_today(day: dt.date | None) -> dt.date:
    """The local date a movement counts for; today by default, never in the future."""
    current = today()
    if day is None:
        return current
    if day > current:
        raise ValidationFailed(f"{day} is in the future (today is {current})")
    return day


def guard_reserve(site: Site) -> None:
    """Stock leaves a state reserve only by the shipment of an approved release order."""
    if site.kind == SiteKind.STATE_RESERVE:
        raise ReleaseRequired(
            f"{site.area.code} is a state reserve: stock leaves it only under a release "
            "order approved by the HQ commander"
        )


def _audit(actor, action: str, site: Site, entries: list[StockEntry], **extra) -> None:
    record_event(
        actor=actor,
        action=action,
        object_type="stock_movement",
        object_id=str(entries[0].movement) if entries else "",
        area_path=site.area.path,
        after={"site": site.area.code, **extra, "entries": entry_dicts(entries)},
    )


def record_movement(
    *,
    actor,
    site_code: str,
    kind: str,
    lines: list[StockLine],
    occurred_on: dt.date | None = None,
    reason: str = "",
) -> list[StockEntry]:
    """An issue (to a ward, a patient group), a loss or an expiry write-off at one site.

    Receipts come only from receiving a shipment; transfers, dispensing, counts and
    production have their own services."""
    if kind == MovementKind.RECEIPT:
        raise ReceiptWithoutShipment(
            "a receipt needs a shipment: confirm the shipment's receipt instead "
            "(stock also enters by production or a stock count)"
        )
    if kind not in DIRECT_KINDS:
        raise ValidationFailed(f"use the {kind} action, not a direct movement")
    require_permission(actor, "supply.move_stock")
    if kind in {MovementKind.LOSS, MovementKind.EXPIRY} and not reason.strip():
        raise ReasonRequired(f"a {kind} needs a reason")
    if kind == MovementKind.EXPIRY and any(not line.lot for line in lines):
        raise ValidationFailed("an expiry write-off names the lot of every line")
    day = day_or_today(occurred_on)
    with transaction.atomic():
        site = site_in_scope(actor, site_code)
        if kind == MovementKind.ISSUE:
            guard_reserve(site)
        moves = outgoing_moves(site, lines, kind=kind, on=day, reason=reason.strip())
        entries = apply_moves(moves, actor=actor, occurred_on=day)
        _audit(actor, "supply.record_movement", site, entries, kind=kind, reason=reason)
    return entries


def transfer_stock(
    *,
    actor,
    from_site_code: str,
    to_site_code: str,
    lines: list[StockLine],
    occurred_on: dt.date | None = None,
    reason: str = "",
) -> list[StockEntry]:
    """Move stock from one site to another at once: two entries per lot, one transaction."""
    require_permission(actor, "supply.move_stock")
    if from_site_code == to_site_code:
        raise SameSite("a transfer needs two different sites")
    day = day_or_today(occurred_on)
    with transaction.atomic():
        origin, destination = sites_in_scope(actor, [from_site_code, to_site_code])
        guard_reserve(origin)
        out = outgoing_moves(
            origin, lines, kind=MovementKind.TRANSFER_OUT, on=day, counterpart=destination
        )
        moves = []
        for move in out:
            moves.append(move)
            moves.append(
                Move(destination, move.lot, MovementKind.TRANSFER_IN, -move.quantity, origin)
            )
        entries = apply_moves(moves, actor=actor, occurred_on=day)
        _audit(actor, "supply.transfer_stock", origin, entries, to=destination.area.code)
    return entries


def record_dispensing(
    *,
    actor,
    site_code: str,
    lines: list[StockLine],
    dispensed_on: dt.date | None = None,
    households: int | None = None,
    served_area_code: str | None = None,
) -> list[StockEntry]:
    """What a pharmacy or treatment centre handed out in a day (a count of units, not of
    persons), or the daily necessities a distribution point delivered to the households of
    an area that must stay home (``households`` and ``served_area_code``)."""
    require_permission(actor, "supply.move_stock")
    day = day_or_today(dispensed_on)
    if (households is None) != (served_area_code is None):
        raise ValidationFailed("households and the served area go together")
    if households is not None and households <= 0:
        raise BadQuantity("households must be more than 0")
    with transaction.atomic():
        site = site_in_scope(actor, site_code)
        require_kind(site, DISPENSING_SITES, "it does not dispense to residents")
        served = None
        if served_area_code is not None:
            require_kind(site, {SiteKind.DISTRIBUTION_POINT}, "only distribution points deliver")
            served = Area.objects.filter(code=served_area_code).first()
            if served is None:
                raise NotFound(f"no area {served_area_code!r}")
        moves = outgoing_moves(site, lines, kind=MovementKind.DISPENSING, on=day)
        entries = apply_moves(moves, actor=actor, occurred_on=day)
        extra: dict = {"day": day}
        if served is not None:
            HouseholdDelivery.objects.create(
                site=site,
                served_area=served,
                delivered_on=day,
                households=households,
                movement=entries[0].movement,
                recorded_at=entries[0].recorded_at,
            )
            extra |= {"households": households, "served_area": served.code}
        _audit(actor, "supply.record_dispensing", site, entries, **extra)
    return entries


def count_moves(site: Site, counts: list[CountLine], reason: str) -> list[Move]:
    moves = []
    for line in counts:
        if not isinstance(line.counted, int) or line.counted < 0:
            raise BadQuantity(f"counted quantity must be 0 or more, not {line.counted!r}")
        lot = get_lot(get_item(line.item), line.lot)
        moves.append(Move(site, lot, MovementKind.COUNT_ADJUSTMENT, 0, None, reason, line.counted))
    return moves


def count_stock(
    *,
    actor,
    site_code: str,
    counts: list[CountLine],
    counted_on: dt.date | None = None,
    reason: str = "stock count",
) -> list[StockEntry]:
    """A physical count: each counted lot gets a count adjustment entry for the difference
    from the books (none where they agree). The books are never edited."""
    require_permission(actor, "supply.move_stock")
    day = day_or_today(counted_on)
    with transaction.atomic():
        site = site_in_scope(actor, site_code)
        entries = apply_moves(count_moves(site, counts, reason), actor=actor, occurred_on=day)
        _audit(actor, "supply.count_stock", site, entries, counted=len(counts))
    return entries
