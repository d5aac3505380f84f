"""The supply network's rules as pure functions: no database, no clock, no Django.

Services gather the numbers, call these, and write what they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from epicommand.supply.errors import (
    BadQuantity,
    BadTransition,
    InsufficientStock,
    ReasonRequired,
    ReceivedAboveShipped,
)

# Direction of each kind of entry: +1 adds to the site's stock, -1 takes from it, 0 either
# (a count adjustment carries the sign of the difference between count and books).
SIGNS: dict[str, int] = {
    "receipt": 1,
    "transfer_in": 1,
    "production": 1,
    "issue": -1,
    "transfer_out": -1,
    "dispensing": -1,
    "loss": -1,
    "expiry": -1,
    "count_adjustment": 0,
}

# Stock that left the network to people: what "consumption" means in days of stock.
CONSUMPTION_KINDS = frozenset({"dispensing", "issue"})

# One reporting week: the window that follows a fast-changing epidemic curve without the
# weekday noise of a single day.
CONSUMPTION_WINDOW_DAYS = 7

# Below this many days of stock an item is flagged (one resupply cycle of the demo network).
LOW_STOCK_DAYS = 7.0

SHIPMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"dispatched", "cancelled"}),
    "dispatched": frozenset({"in_transit", "delivered", "received"}),
    "in_transit": frozenset({"delivered", "received"}),
    "delivered": frozenset({"received"}),
    "received": frozenset(),
    "cancelled": frozenset(),
}
# Shipments whose stock has left the origin but not yet reached the destination.
PIPELINE_STATUSES = frozenset({"dispatched", "in_transit", "delivered"})


def signed_quantity(kind: str, quantity: int) -> int:
    """The ledger's signed quantity for a user's positive quantity of a kind of move."""
    if kind not in SIGNS:
        raise BadQuantity(f"unknown kind of movement {kind!r}")
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise BadQuantity(f"quantity {quantity!r} is not a whole number")
    sign = SIGNS[kind]
    if sign == 0:
        if quantity == 0:
            raise BadQuantity("a count adjustment of 0 changes nothing")
        return quantity
    if quantity <= 0:
        raise BadQuantity(f"quantity must be more than 0, not {quantity}")
    return sign * quantity


def next_status(current: str, target: str) -> str:
    """``target`` if a shipment may go there from ``current``, else a refusal."""
    if target not in SHIPMENT_TRANSITIONS.get(current, frozenset()):
        raise BadTransition(f"a shipment that is {current} cannot become {target}")
    return target


@dataclass(frozen=True)
class LotStock:
    lot_id: int
    expires_on: dt.date
    quantity: int


def pick_lots_fefo(available: Iterable[LotStock], quantity: int, *, on: dt.date) -> list:
    """First expiry, first out: take ``quantity`` from the lots that expire soonest, never
    from a lot already expired on ``on``. Ties go to the lower lot id (the older batch).
    Returns ``[(lot_id, quantity), ...]``; not enough usable stock is a refusal."""
    if quantity <= 0:
        raise BadQuantity(f"quantity must be more than 0, not {quantity}")
    usable = sorted(
        (s for s in available if s.quantity > 0 and s.expires_on >= on),
        key=lambda s: (s.expires_on, s.lot_id),
    )
    picked: list[tuple[int, int]] = []
    wanted = quantity
    for stock in usable:
        take = min(stock.quantity, wanted)
        picked.append((stock.lot_id, take))
        wanted -= take
        if wanted == 0:
            return picked
    have = quantity - wanted
    raise InsufficientStock(
        f"not enough unexpired stock: {have} on hand, {quantity} asked",
        details=[{"on_hand": have, "requested": quantity}],
    )


def apply_deltas(balances: Mapping, deltas: Iterable[tuple]) -> dict:
    """Apply ``(key, delta)`` in order to ``balances``; the first that would go below zero
    is refused. Returns the new balances of the keys touched. The services and the
    property-based test both use this one definition of the ledger's arithmetic."""
    result: dict = {}
    for key, delta in deltas:
        current = result.get(key, balances.get(key, 0))
        if current + delta < 0:
            raise InsufficientStock(
                f"not enough stock: {current} on hand, {-delta} asked",
                details=[{"key": list(key), "on_hand": current, "requested": -delta}],
            )
        result[key] = current + delta
    return result


@dataclass(frozen=True)
class Receipt:
    received: int
    missing: int
    reason: str


def check_receipt(shipped: int, received: int, reason: str) -> Receipt:
    """Proof of delivery for one line: a shortfall needs a reason (it becomes a loss);
    more than was shipped, or a negative count, is refused."""
    if received < 0:
        raise BadQuantity(f"received quantity must be 0 or more, not {received}")
    if received > shipped:
        raise ReceivedAboveShipped(f"received {received} but only {shipped} were shipped")
    missing = shipped - received
    if missing and not reason.strip():
        raise ReasonRequired(f"{missing} missing: give the reason for the difference")
    return Receipt(received=received, missing=missing, reason=reason.strip())


def requisition_outcome(requested: Mapping, approved: Mapping) -> str:
    """approved (all as asked), reduced (some less) or rejected (nothing at all)."""
    for key, value in approved.items():
        if value < 0 or value > requested[key]:
            raise BadQuantity(f"approved {value} must lie between 0 and {requested[key]}")
    if not any(approved.values()):
        return "rejected"
    if all(approved[k] == requested[k] for k in requested):
        return "approved"
    return "reduced"


def average_daily(total: float, days: int) -> float:
    return total / days if days > 0 else 0.0


def days_of_stock(on_hand: int, per_day: float) -> float | None:
    """How long the stock lasts at the current rate; None when nothing is consumed."""
    if per_day <= 0:
        return None
    return on_hand / per_day


def load_problem(weight_g: int, volume_ml: int, capacity_kg: int, capacity_l: int) -> str:
    """Why a load does not fit a vehicle (empty when it fits; 0 capacity is not checked)."""
    if capacity_kg and weight_g > capacity_kg * 1000:
        return f"load of {weight_g / 1000:.0f} kg exceeds the vehicle's {capacity_kg} kg"
    if capacity_l and volume_ml > capacity_l * 1000:
        return f"load of {volume_ml / 1000:.0f} l exceeds the vehicle's {capacity_l} l"
    return ""
