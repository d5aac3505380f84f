"""The supply API: scope, the error shape of refusals, proof of delivery, files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from epicommand.supply.models import StockEntry
from tests.supply.factories import stock


@pytest.fixture
def stocked(net):
    stock(net["CC-A1"], net["P-LATE"], 300)
    stock(net["PH-1"], net["P-LATE"], 20)
    stock(net["PH-2"], net["P-LATE"], 30)
    return net


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_pharmacist_sees_only_their_site(client, stocked, pharmacist):
    client.force_login(pharmacist)
    sites = client.get("/api/supply/sites").json()["items"]
    assert [s["code"] for s in sites] == ["PH-1"]
    assert client.get("/api/supply/sites/PH-1").json()["stock"][0]["on_hand"] == 20
    for url in ("/api/supply/sites/PH-2", "/api/supply/sites/PH-2/ledger"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get("/api/supply/stock-status", {"area": "XX-A-1"}).status_code == 404


def test_province_officer_sees_every_site_of_the_province_in_tree_order(client, stocked, officer_a):
    client.force_login(officer_a)
    codes = [s["code"] for s in client.get("/api/supply/sites").json()["items"]]
    assert codes == ["CC-A1", "PH-1", "PH-2", "DP", "PC-A"]


def test_insufficient_stock_answers_409_and_writes_nothing(client, stocked, pharmacist):
    client.force_login(pharmacist)
    entries = StockEntry.objects.count()
    response = post(
        client, "/api/supply/sites/PH-1/dispensing", {"lines": [{"item": "PARA", "quantity": 21}]}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "supply.insufficient_stock"
    assert error["details"] == [{"on_hand": 20, "requested": 21}]
    assert StockEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"kind": "receipt", "lines": [{"item": "PARA", "quantity": 1}]},
            "supply.receipt_without_shipment",
        ),
        ({"kind": "issue", "lines": [{"item": "PARA", "quantity": 0}]}, "supply.bad_quantity"),
        (
            {"kind": "issue", "lines": [{"item": "PARA", "quantity": 1, "lot": "X"}]},
            "supply.unknown_lot",
        ),
        ({"kind": "issue", "lines": [{"item": "NOPE", "quantity": 1}]}, "supply.unknown_item"),
    ],
)
def test_refusals_answer_422_with_their_code(client, stocked, pharmacist, body, code):
    client.force_login(pharmacist)
    response = post(client, "/api/supply/sites/PH-1/movements", body)
    assert response.status_code == 422 and response.json()["error"]["code"] == code


def test_shipment_round_trip_with_proof_of_delivery(client, stocked, logistics, pharmacist):
    client.force_login(logistics)
    shipment = post(
        client,
        "/api/supply/shipments",
        {"from_site": "CC-A1", "to_site": "PH-1", "lines": [{"item": "PARA", "quantity": 50}]},
    ).json()
    assert shipment["status"] == "planned" and shipment["lines"][0]["lot"] == "P-LATE"
    for action in ("dispatch", "in-transit", "deliver"):
        assert (
            post(client, f"/api/supply/shipments/{shipment['id']}/{action}", {}).status_code == 200
        )
    client.force_login(pharmacist)
    line = shipment["lines"][0]["id"]
    body = {"lines": [{"line": line, "received": 45, "reason": "5 short on arrival"}]}
    received = post(client, f"/api/supply/shipments/{shipment['id']}/receive", body)
    assert received.status_code == 200 and received.json()["status"] == "received"
    again = post(client, f"/api/supply/shipments/{shipment['id']}/receive", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "supply.already_received"
    assert client.get("/api/supply/sites/PH-1").json()["stock"][0]["on_hand"] == 65


def test_pharmacist_cannot_plan_shipments(client, stocked, pharmacist):
    client.force_login(pharmacist)
    body = {"from_site": "PH-1", "to_site": "PH-1", "lines": [{"item": "PARA", "quantity": 1}]}
    assert post(client, "/api/supply/shipments", body).status_code == 403


def test_stock_count_upload_lists_bad_rows(client, stocked, county_operator):
    client.force_login(county_operator)
    data = b"site_code,item_code,batch_number,counted\nCC-A1,PARA,P-LATE,290\nPH-1,PARA,P-LATE,1\n"
    response = client.post("/api/supply/stock-counts", {"file": SimpleUploadedFile("c.csv", data)})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["row"] == 3
    good = SimpleUploadedFile("c.csv", data.rsplit(b"PH-1", 1)[0])
    response = client.post("/api/supply/stock-counts", {"file": good})
    assert response.json() == {"rows": 1, "adjusted": 1, "unchanged": 0}


def test_stock_status_and_its_exports(client, stocked, hq):
    client.force_login(hq)
    status = client.get("/api/supply/stock-status", {"area": "XX-A"}).json()
    assert status["area_code"] == "XX-A"
    assert {i["code"]: i["on_hand"] for i in status["items"]}["PARA"] == 350
    response = client.get("/api/supply/stock-status/export", {"area": "XX-A"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("area_code,as_of,item_code")
    assert any(
        line.startswith("XX-A,") and ",PARA," in line and ",350," in line
        for line in text.splitlines()
    )
    xlsx = client.get("/api/supply/stock-status/export", {"area": "XX-A", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["stock status"]
    rows = list(sheet.values)
    assert rows[0][2] == "item_code" and ("PARA", 350) in [(r[2], r[7]) for r in rows[1:]]


def test_requisition_and_release_through_the_api(
    client, stocked, pharmacist, county_operator, hq, logistics
):
    client.force_login(pharmacist)
    body = {"site": "PH-1", "lines": [{"item": "PARA", "quantity": 100, "cases": 40}]}
    requisition = post(client, "/api/supply/requisitions", body).json()
    assert requisition["supplier"] == "CC-A1" and requisition["lines"][0]["stock_on_hand"] == 20
    client.force_login(county_operator)
    decided = post(
        client,
        f"/api/supply/requisitions/{requisition['id']}/decide",
        {"quantities": {"PARA": 60}, "reason": "share with PH-2"},
    ).json()
    assert decided["status"] == "reduced"
    stock(stocked["RES"], stocked["P-LATE"], 1000)
    client.force_login(logistics)
    order = post(
        client,
        "/api/supply/release-orders",
        {
            "reserve": "RES",
            "to_site": "PC-A",
            "lines": [{"item": "PARA", "quantity": 10}],
            "reason": "x",
        },
    ).json()
    assert post(client, f"/api/supply/release-orders/{order['id']}/approve", {}).status_code == 403
    client.force_login(hq)
    approved = post(client, f"/api/supply/release-orders/{order['id']}/approve", {}).json()
    assert approved["status"] == "approved" and approved["shipment"]


def test_admin_creates_items_sites_and_lots(client, country):
    from epicommand.accounts.roles import Role
    from tests.factories import make_user

    client.force_login(make_user("root", Role.ADMIN, country["XX"]))
    item = {
        "code": "ORS",
        "name": "Oral rehydration salts",
        "name_local": "경구수액염",
        "unit": "sachet",
        "category": "essential",
    }
    assert post(client, "/api/supply/items", item).status_code == 201
    assert (
        post(client, "/api/supply/items", item).json()["error"]["code"] == "supply.duplicate_code"
    )
    site = {"code": "PH-9", "area": "XX-B-1", "kind": "pharmacy", "name": "Nine", "is_24h": True}
    assert (
        post(client, "/api/supply/sites", site)
        .json()["area_path"]
        .startswith(country["XX-B-1"].path)
    )
    lot = post(
        client, "/api/supply/items/ORS/lots", {"batch_number": "O1", "expires_on": "2030-01-01"}
    )
    assert lot.status_code == 201 and lot.json()["item"] == "ORS"


def test_a_site_is_created_only_in_an_area_of_the_creators_scope(client, country):
    from epicommand.accounts.roles import Role
    from tests.factories import make_user

    creator = make_user("catalogue", Role.ADMIN, country["XX-A"])
    creator.is_superuser = False  # the role's permissions, the scope of XX-A only
    creator.save()
    client.force_login(creator)
    site = {"code": "PH-9", "kind": "pharmacy", "name": "Nine"}
    assert post(client, "/api/supply/sites", {**site, "area": "XX-A-2"}).status_code == 201
    hidden = post(client, "/api/supply/sites", {**site, "code": "PH-8", "area": "XX-B-1"})
    missing = post(client, "/api/supply/sites", {**site, "code": "PH-8", "area": "NOPE"})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["message"] == "no area 'XX-B-1' in your scope"
