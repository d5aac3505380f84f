"""Occupancy rolled up the area tree: beds of every centre, occupancy of those that filed,
days until full at the trend, the areas below; the centres list."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.care import services
from epicommand.clock import today
from tests.care.factories import census_row

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def file(code, day, patients, admissions=0, discharges=0):
    row = census_row(code, day, admissions=admissions, discharges=discharges,
                     patients_fevered=patients, occupied_general=patients)  # fmt: skip
    services.submit_census(actor=None, rows=[row])


def test_occupancy_rolls_up_from_centres_to_provinces_and_the_country(client, hq, centres):
    file("TC-A1", today() - DAY, 10, admissions=10)
    file("TC-A1", today(), 14, admissions=4)  # net +4 a day over two days: +7 mean
    file("TC-A2", today(), 18, admissions=18)
    file("TC-B1", today(), 9, admissions=10, discharges=1)
    client.force_login(hq)
    found = client.get(f"/api/care/occupancy?area=XX&date={today()}").json()
    area = found["area"]
    assert area["centres"] == 4 and area["reporting"] == 3
    assert area["beds"] == 27 * 3 + 47 and area["beds_reporting"] == 27 * 2 + 47
    assert area["occupied"] == 14 + 18 + 9
    assert area["occupancy"] == pytest.approx(41 / 101)
    children = {c["code"]: c for c in found["children"]}
    assert children["XX-A"]["centres"] == 3 and children["XX-A"]["occupied"] == 32
    assert children["XX-B"]["occupancy"] == pytest.approx(9 / 47)
    # days until full: free beds of XX-A's reporting centres over the sum of mean inflows
    inflow = (10 + 4) / 2 + 18
    assert children["XX-A"]["days_until_full"] == pytest.approx((54 - 32) / inflow)
    county = client.get(f"/api/care/occupancy?area=XX-A-1&date={today()}").json()
    assert county["area"]["centres"] == 2 and county["children"] == []


def test_centres_list_beds_and_latest_census_in_scope(client, officer_a, centres):
    file("TC-A1", today() - 2 * DAY, 5, admissions=5)
    client.force_login(officer_a)
    found = client.get("/api/care/centres").json()
    assert found["count"] == 3
    first = found["items"][0]
    assert first["code"] == "TC-A1" and first["beds"] == {
        "general": 20, "isolation": 5, "intensive": 2, "total": 27,
    }  # fmt: skip
    assert first["latest_census"]["date"] == (today() - 2 * DAY).isoformat()
    assert first["is_district"] and found["items"][1]["commanded_by"] == "TC-A1"
    assert client.get("/api/care/occupancy?area=XX-B").status_code == 404
