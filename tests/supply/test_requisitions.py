"""Requisitions: the site asks with its figures; the supplier approves, reduces or rejects."""

from __future__ import annotations

import pytest

from epicommand.errors import NotFound
from epicommand.supply import services
from epicommand.supply.errors import AlreadyDecided, ReasonRequired
from epicommand.supply.services import RequestLine, StockLine
from tests.supply.factories import stock


@pytest.fixture
def asked(net, pharmacist):
    stock(net["PH-1"], net["P-LATE"], 70)
    for _ in range(2):
        services.record_dispensing(actor=None, site_code="PH-1", lines=[StockLine("PARA", 7)])
    return services.submit_requisition(
        actor=pharmacist,
        site_code="PH-1",
        lines=[RequestLine("PARA", 300, cases=120), RequestLine("MASK", 50)],
    )


def test_requisition_goes_to_the_supplier_with_the_books_figures(asked, net):
    assert asked.supplier == net["CC-A1"] and asked.status == "submitted"
    para = asked.lines.get(item__code="PARA")
    assert (para.stock_on_hand, para.cases) == (56, 120)
    assert para.consumption_per_day == pytest.approx(14 / 7)


def test_supplier_approves_as_asked(asked, county_operator):
    decided = services.decide_requisition(actor=county_operator, requisition_id=asked.pk)
    assert decided.status == "approved"
    assert list(decided.lines.values_list("quantity_approved", flat=True)) == [300, 50]


def test_reducing_needs_a_reason(asked, county_operator):
    with pytest.raises(ReasonRequired):
        services.decide_requisition(
            actor=county_operator, requisition_id=asked.pk, quantities={"PARA": 100}
        )
    decided = services.decide_requisition(
        actor=county_operator,
        requisition_id=asked.pk,
        quantities={"PARA": 100},
        reason="the county centre holds 200",
    )
    assert decided.status == "reduced" and decided.decision_reason == "the county centre holds 200"


def test_rejecting_and_deciding_twice(asked, county_operator):
    services.decide_requisition(
        actor=county_operator, requisition_id=asked.pk, reject=True, reason="stock is enough"
    )
    with pytest.raises(AlreadyDecided):
        services.decide_requisition(actor=county_operator, requisition_id=asked.pk)


def test_only_the_suppliers_side_decides(asked, pharmacist):
    with pytest.raises(NotFound):
        services.decide_requisition(actor=pharmacist, requisition_id=asked.pk)


def test_shipment_answers_an_approved_requisition(asked, county_operator, logistics, net):
    stock(net["CC-A1"], net["P-LATE"], 500)
    services.decide_requisition(actor=county_operator, requisition_id=asked.pk)
    shipment = services.plan_shipment(
        actor=logistics,
        from_site_code="CC-A1",
        to_site_code="PH-1",
        lines=[StockLine("PARA", 300)],
        requisition_id=asked.pk,
    )
    assert shipment.requisition == asked
