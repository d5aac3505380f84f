"""The stock ledger through its services: entries, balances, refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.audit.models import AppendOnly, AuditEvent
from epicommand.clock import today
from epicommand.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from epicommand.supply import services
from epicommand.supply.errors import (
    BadQuantity,
    InsufficientStock,
    LotExpired,
    ReceiptWithoutShipment,
    ReleaseRequired,
    UnknownLot,
)
from epicommand.supply.models import StockBalance, StockEntry, StockLevel
from epicommand.supply.selectors import ledger_differences
from epicommand.supply.services import CountLine, StockLine
from tests.supply.factories import stock


def balance(site, lot) -> int:
    row = StockBalance.objects.filter(site=site, lot=lot).first()
    return row.quantity if row else 0


def level(site, item) -> int:
    row = StockLevel.objects.filter(site=site, item=item).first()
    return row.on_hand if row else 0


@pytest.fixture
def stocked(net):
    stock(net["CC-A1"], net["P-EARLY"], 100)
    stock(net["CC-A1"], net["P-LATE"], 200)
    stock(net["PH-1"], net["P-LATE"], 10)
    return net


def snapshot():
    return (
        StockEntry.objects.count(),
        sorted(StockBalance.objects.values_list("site_id", "lot_id", "quantity")),
        AuditEvent.objects.count(),
    )


def test_transfer_is_two_entries_of_one_movement_and_one_event(stocked):
    events = AuditEvent.objects.count()
    entries = services.transfer_stock(
        actor=None,
        from_site_code="CC-A1",
        to_site_code="PH-1",
        lines=[StockLine("PARA", 30, "P-LATE")],
    )
    assert [(e.site.area.code, e.kind, e.quantity, e.balance_after) for e in entries] == [
        ("CC-A1", "transfer_out", -30, 170),
        ("PH-1", "transfer_in", 30, 40),
    ]
    assert entries[0].movement == entries[1].movement
    assert balance(stocked["PH-1"], stocked["P-LATE"]) == 40
    assert level(stocked["CC-A1"], stocked["PARA"]) == 270
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.first().action == "supply.transfer_stock"
    assert ledger_differences(actor=None) == []


def test_transfer_picks_first_expiry_first_out(stocked):
    entries = services.transfer_stock(
        actor=None, from_site_code="CC-A1", to_site_code="PH-2", lines=[StockLine("PARA", 120)]
    )
    outs = [(e.lot.batch_number, e.quantity) for e in entries if e.kind == "transfer_out"]
    assert outs == [("P-EARLY", -100), ("P-LATE", -20)]


def test_move_that_would_go_negative_is_refused_and_writes_nothing(stocked):
    before = snapshot()
    with pytest.raises(InsufficientStock) as refused:
        services.transfer_stock(
            actor=None,
            from_site_code="PH-1",
            to_site_code="PH-2",
            lines=[StockLine("PARA", 11, "P-LATE")],
        )
    assert "10 tablet on hand, 11 asked" in refused.value.message
    assert refused.value.code == "supply.insufficient_stock"
    assert snapshot() == before


def test_second_line_failing_undoes_the_first(stocked):
    before = snapshot()
    with pytest.raises(InsufficientStock):
        services.record_movement(
            actor=None,
            site_code="CC-A1",
            kind="issue",
            lines=[StockLine("PARA", 5, "P-LATE"), StockLine("MASK", 1)],
        )
    assert snapshot() == before


def test_unknown_lot_is_refused(stocked):
    before = snapshot()
    with pytest.raises(UnknownLot, match="unknown lot 'NOPE' of item PARA"):
        services.record_movement(
            actor=None, site_code="CC-A1", kind="issue", lines=[StockLine("PARA", 1, "NOPE")]
        )
    assert snapshot() == before


@pytest.mark.parametrize("quantity", [0, -5])
def test_quantity_zero_or_less_is_refused(stocked, quantity):
    before = snapshot()
    with pytest.raises(BadQuantity):
        services.transfer_stock(
            actor=None,
            from_site_code="CC-A1",
            to_site_code="PH-1",
            lines=[StockLine("PARA", quantity, "P-LATE")],
        )
    assert snapshot() == before


def test_receipt_without_a_shipment_is_refused(stocked):
    before = snapshot()
    with pytest.raises(ReceiptWithoutShipment):
        services.record_movement(
            actor=None, site_code="PH-1", kind="receipt", lines=[StockLine("PARA", 5, "P-LATE")]
        )
    assert snapshot() == before


def test_expired_lot_cannot_be_issued_but_can_be_written_off(net):
    stock(net["PH-1"], net["P-OLD"], 8)
    with pytest.raises(LotExpired):
        services.record_movement(
            actor=None, site_code="PH-1", kind="issue", lines=[StockLine("PARA", 1, "P-OLD")]
        )
    entries = services.record_movement(
        actor=None,
        site_code="PH-1",
        kind="expiry",
        lines=[StockLine("PARA", 8, "P-OLD")],
        reason="expired on the shelf",
    )
    assert entries[0].quantity == -8 and entries[0].reason == "expired on the shelf"
    assert balance(net["PH-1"], net["P-OLD"]) == 0


def test_loss_needs_a_reason(stocked):
    with pytest.raises(ValidationFailed, match="reason"):
        services.record_movement(
            actor=None, site_code="PH-1", kind="loss", lines=[StockLine("PARA", 1)]
        )


def test_count_records_only_the_differences(stocked):
    entries = services.count_stock(
        actor=None,
        site_code="CC-A1",
        counts=[CountLine("PARA", "P-EARLY", 95), CountLine("PARA", "P-LATE", 200)],
    )
    assert [(e.lot.batch_number, e.kind, e.quantity) for e in entries] == [
        ("P-EARLY", "count_adjustment", -5)
    ]
    assert balance(stocked["CC-A1"], stocked["P-EARLY"]) == 95


def test_count_of_a_negative_quantity_is_refused(stocked):
    with pytest.raises(BadQuantity):
        services.count_stock(
            actor=None, site_code="CC-A1", counts=[CountLine("PARA", "P-EARLY", -1)]
        )


def test_stock_leaves_a_state_reserve_only_by_a_release(net):
    stock(net["RES"], net["P-LATE"], 1000)
    for call in (
        lambda: services.transfer_stock(
            actor=None, from_site_code="RES", to_site_code="PC-A", lines=[StockLine("PARA", 1)]
        ),
        lambda: services.record_movement(
            actor=None, site_code="RES", kind="issue", lines=[StockLine("PARA", 1)]
        ),
    ):
        with pytest.raises(ReleaseRequired):
            call()


def test_future_dates_are_refused(stocked):
    with pytest.raises(ValidationFailed, match="in the future"):
        services.record_dispensing(
            actor=None,
            site_code="PH-1",
            lines=[StockLine("PARA", 1)],
            dispensed_on=today() + dt.timedelta(days=1),
        )


def test_entries_cannot_be_changed_or_deleted(stocked):
    entry = StockEntry.objects.first()
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        StockEntry.objects.filter(pk=entry.pk).update(quantity=1)
    with pytest.raises(AppendOnly):
        StockEntry.objects.all().delete()


def test_pharmacist_acts_only_at_their_own_pharmacy(stocked, pharmacist):
    services.record_dispensing(actor=pharmacist, site_code="PH-1", lines=[StockLine("PARA", 2)])
    with pytest.raises(NotFound):
        services.record_dispensing(
            actor=pharmacist, site_code="CC-A1", lines=[StockLine("PARA", 2)]
        )


def test_observer_may_not_move_stock(stocked, country):
    from epicommand.accounts.roles import Role
    from tests.factories import make_user

    observer = make_user("obs", Role.OBSERVER, country["XX"])
    with pytest.raises(PermissionDenied):
        services.record_dispensing(actor=observer, site_code="PH-1", lines=[StockLine("PARA", 1)])


def test_dispensing_adds_to_the_days_consumption(stocked):
    from epicommand.supply.models import ConsumptionDay

    for quantity in (2, 3):
        services.record_dispensing(
            actor=None, site_code="PH-1", lines=[StockLine("PARA", quantity)]
        )
    row = ConsumptionDay.objects.get()
    assert (row.area.code, row.item.code, row.consumed_on, row.quantity) == (
        "XX-A-1",
        "PARA",
        today(),
        5,
    )


def test_distribution_point_records_households(net):
    from epicommand.supply.models import HouseholdDelivery

    stock(net["DP"], net["R1"], 500)
    services.record_dispensing(
        actor=None,
        site_code="DP",
        lines=[StockLine("RICE", 120)],
        households=40,
        served_area_code="XX-A-2",
    )
    delivery = HouseholdDelivery.objects.get()
    assert (delivery.households, delivery.served_area.code) == (40, "XX-A-2")
    with pytest.raises(DomainError, match="only distribution points"):
        services.record_dispensing(
            actor=None,
            site_code="PH-1",
            lines=[StockLine("PARA", 1)],
            households=3,
            served_area_code="XX-A-1",
        )
