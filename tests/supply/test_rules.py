"""The pure rules: lot picking, signs, shipment states, receipts, requisition outcomes."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.supply import rules
from epicommand.supply.errors import (
    BadQuantity,
    BadTransition,
    InsufficientStock,
    ReasonRequired,
    ReceivedAboveShipped,
)

DAY = dt.date(2026, 5, 1)


def lot(lot_id: int, days: int, quantity: int) -> rules.LotStock:
    return rules.LotStock(lot_id, DAY + dt.timedelta(days=days), quantity)


def test_fefo_takes_the_lot_that_expires_first():
    stocks = [lot(1, 200, 50), lot(2, 20, 30), lot(3, 90, 100)]
    assert rules.pick_lots_fefo(stocks, 60, on=DAY) == [(2, 30), (3, 30)]


def test_fefo_never_picks_an_expired_lot():
    stocks = [lot(1, -1, 500), lot(2, 10, 5)]
    assert rules.pick_lots_fefo(stocks, 5, on=DAY) == [(2, 5)]
    with pytest.raises(InsufficientStock, match="5 on hand, 6 asked"):
        rules.pick_lots_fefo(stocks, 6, on=DAY)


def test_fefo_lot_expiring_today_is_still_usable():
    assert rules.pick_lots_fefo([lot(1, 0, 3)], 3, on=DAY) == [(1, 3)]


def test_fefo_breaks_ties_by_the_older_lot():
    assert rules.pick_lots_fefo([lot(9, 5, 4), lot(4, 5, 4)], 6, on=DAY) == [(4, 4), (9, 2)]


def test_fefo_skips_empty_lots_and_refuses_zero():
    assert rules.pick_lots_fefo([lot(1, 1, 0), lot(2, 2, 1)], 1, on=DAY) == [(2, 1)]
    with pytest.raises(BadQuantity):
        rules.pick_lots_fefo([lot(1, 1, 3)], 0, on=DAY)


@pytest.mark.parametrize(
    ("kind", "quantity", "signed"),
    [("receipt", 5, 5), ("issue", 5, -5), ("dispensing", 1, -1), ("count_adjustment", -3, -3)],
)
def test_signed_quantity_follows_the_kind(kind, quantity, signed):
    assert rules.signed_quantity(kind, quantity) == signed


@pytest.mark.parametrize("quantity", [0, -1, 2.5, True])
def test_signed_quantity_refuses_zero_negative_and_fractions(quantity):
    with pytest.raises(BadQuantity):
        rules.signed_quantity("issue", quantity)


def test_shipment_status_moves_forward_only():
    assert rules.next_status("planned", "dispatched") == "dispatched"
    assert rules.next_status("dispatched", "received") == "received"
    for current, target in [
        ("planned", "received"),
        ("received", "received"),
        ("delivered", "in_transit"),
        ("cancelled", "dispatched"),
    ]:
        with pytest.raises(BadTransition):
            rules.next_status(current, target)


def test_receipt_shortfall_needs_a_reason_and_excess_is_refused():
    assert rules.check_receipt(10, 10, "") == rules.Receipt(10, 0, "")
    assert rules.check_receipt(10, 7, " broken ") == rules.Receipt(7, 3, "broken")
    with pytest.raises(ReasonRequired):
        rules.check_receipt(10, 7, " ")
    with pytest.raises(ReceivedAboveShipped):
        rules.check_receipt(10, 11, "")
    with pytest.raises(BadQuantity):
        rules.check_receipt(10, -1, "x")


def test_requisition_outcome():
    asked = {"A": 10, "B": 5}
    assert rules.requisition_outcome(asked, {"A": 10, "B": 5}) == "approved"
    assert rules.requisition_outcome(asked, {"A": 4, "B": 5}) == "reduced"
    assert rules.requisition_outcome(asked, {"A": 0, "B": 0}) == "rejected"
    with pytest.raises(BadQuantity):
        rules.requisition_outcome(asked, {"A": 11, "B": 5})


def test_apply_deltas_refuses_the_first_negative_balance():
    assert rules.apply_deltas({"a": 5}, [("a", -5), ("b", 2), ("a", 3)]) == {"a": 3, "b": 2}
    with pytest.raises(InsufficientStock, match="5 on hand, 6 asked"):
        rules.apply_deltas({"a": 5}, [("a", -6)])


def test_days_of_stock_and_load():
    assert rules.days_of_stock(70, 10.0) == 7.0
    assert rules.days_of_stock(70, 0.0) is None
    assert rules.load_problem(2_000_000, 0, 1, 0) == "load of 2000 kg exceeds the vehicle's 1 kg"
    assert rules.load_problem(2_000_000, 0, 0, 0) == ""
