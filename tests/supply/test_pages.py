"""Supply pages: stock status, sites, shipments with proof of delivery, requisitions."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from epicommand.supply import selectors, services
from epicommand.supply.models import StockEntry
from epicommand.supply.services import StockLine
from tests.supply.factories import stock


@pytest.fixture
def stocked(net):
    stock(net["CC-A1"], net["P-LATE"], 300)
    stock(net["PH-1"], net["P-LATE"], 20)
    stock(net["PH-2"], net["M1"], 5)
    stock(net["PH-2"], net["M1"], 0)  # counted out: a stock-out
    return net


def test_status_page_shows_items_alerts_and_areas_below(client, stocked, hq):
    client.force_login(hq)
    page = client.get("/supply/", {"area": "XX-A"}).content.decode()
    assert "Paracetamol 500 mg" in page and "파라세타몰" in page
    assert 'href="/supply/?area=XX-A-1"' in page
    assert "Stock status" in page and 'href="/supply/status.csv?' in page


def test_nav_link_to_supply(client, stocked, hq):
    client.force_login(hq)
    assert 'href="/supply/"' in client.get("/areas/XX/").content.decode()


def test_status_exports(client, stocked, hq):
    client.force_login(hq)
    csv = b"".join(client.get("/supply/status.csv", {"area": "XX-A"}).streaming_content)
    assert b",PARA," in csv
    xlsx = client.get("/supply/status.xlsx", {"area": "XX-A"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_pharmacist_sees_own_site_and_gets_404_elsewhere(client, stocked, pharmacist):
    client.force_login(pharmacist)
    page = client.get("/supply/sites/PH-1/").content.decode()
    assert "Pharmacy One" in page and "P-LATE" in page and "Record dispensing" in page
    assert client.get("/supply/sites/PH-2/").status_code == 404
    assert client.get("/supply/", {"area": "XX-A"}).status_code == 404
    assert [s.area.code for s in client.get("/supply/sites/").context["page"]] == ["PH-1"]


def test_dispensing_form_records_and_refusal_is_a_message(client, stocked, pharmacist):
    client.force_login(pharmacist)
    response = client.post("/supply/sites/PH-1/dispensing", {"item_1": "PARA", "quantity_1": "5"})
    assert response.status_code == 302
    assert StockEntry.objects.filter(kind="dispensing").count() == 1
    page = client.post(
        "/supply/sites/PH-1/dispensing", {"item_1": "PARA", "quantity_1": "50"}, follow=True
    ).content.decode()
    assert "Paracetamol 500 mg (PARA) at PH-1: not enough unexpired stock: 15 on hand" in page
    assert StockEntry.objects.filter(kind="dispensing").count() == 1


def test_receiver_confirms_a_shortfall_on_the_shipment_page(client, stocked, logistics, pharmacist):
    shipment = services.plan_shipment(
        actor=logistics, from_site_code="CC-A1", to_site_code="PH-1", lines=[StockLine("PARA", 40)]
    )
    client.force_login(logistics)
    client.post(f"/supply/shipments/{shipment.pk}/dispatch")
    client.force_login(pharmacist)
    page = client.get(f"/supply/shipments/{shipment.pk}/").content.decode()
    line = shipment.lines.get()
    assert 'id="receive-form"' in page
    response = client.post(
        f"/supply/shipments/{shipment.pk}/receive",
        {f"received_{line.pk}": "38", f"reason_{line.pk}": "two strips torn"},
        follow=True,
    )
    assert "Receipt confirmed." in response.content.decode()
    assert StockEntry.objects.get(kind="loss").quantity == -2


def test_requisition_pages(client, stocked, pharmacist, county_operator):
    client.force_login(pharmacist)
    response = client.post(
        "/supply/sites/PH-1/requisitions", {"item_1": "PARA", "quantity_1": "100"}
    )
    assert response.status_code == 302
    requisition_url = response["Location"]
    client.force_login(county_operator)
    assert "approved_PARA" in client.get(requisition_url).content.decode()
    client.post(requisition_url + "decide", {"approved_PARA": "60", "reason": "short"})
    assert (
        "Approved with reduced quantities" in client.get("/supply/requisitions/").content.decode()
    )


def test_sitrep_block_renders_a_stock_status(stocked):
    html = render_to_string(
        "supply/_sitrep_block.html", {"stock_status": selectors.stock_status(actor=None, area="XX")}
    )
    assert "Medicine supply in Testland" in html and "Paracetamol 500 mg" in html
    assert "Mask: out of stock at 1 site" in html


def test_status_page_in_korean(client, stocked, hq):
    client.force_login(hq)
    client.post("/i18n/setlang/", {"language": "ko", "next": "/supply/"})
    page = client.get("/supply/", {"area": "XX-A"}).content.decode()
    assert "재고 현황" in page and "보급" in page and "재고 일수" in page
    assert "Mask: 1개 시설에서 재고 소진" in page
