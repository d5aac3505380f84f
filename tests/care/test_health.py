"""Health of medical workers: who may see a person's records, per-area rates, and the alert
for a centre below its minimum staffing because of sickness."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.care import services
from epicommand.clock import today
from tests.care.factories import census_row

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def test_a_persons_health_data_is_for_hq_and_the_staff_health_roles_only(
    client, hq, officer_a, health_officer, centres, staff
):
    services.record_infection(
        actor=hq, staff_number="N00", status="confirmed", detected_on=today(), absence="sick",
        absence_days=7,
    )  # fmt: skip
    client.force_login(officer_a)
    assert client.get("/api/care/staff/N00/health").status_code == 403
    seen = client.get("/api/care/staff/N00").json()
    assert seen["status"] == "unavailable"  # not "sick"
    assert client.get("/api/care/staff?status=sick").status_code == 403
    refused = client.post(
        "/api/care/staff/N01/infections", {"status": "suspected", "detected_on": str(today())},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    client.force_login(health_officer)
    record = client.get("/api/care/staff/N00/health").json()
    assert record["infections"][0]["status"] == "confirmed"
    assert client.get("/api/care/staff/N00").json()["status"] == "sick"
    assert client.get("/api/care/staff/N30/health").status_code == 404  # XX-B: outside scope
    client.force_login(hq)
    assert client.get("/api/care/staff/N30/health").status_code == 200


def test_rates_per_area_count_infections_per_1000_staff_and_staff_days_lost(
    client, hq, centres, staff
):
    start = today() - 3 * DAY
    services.record_infection(
        actor=hq, staff_number="N00", status="confirmed", detected_on=start, absence="sick",
        absence_days=3,
    )  # fmt: skip
    services.record_absence(actor=hq, staff_number="N20", kind="quarantine", start_on=today())
    client.force_login(hq)
    found = client.get(f"/api/care/staffing?area=XX&date={today()}").json()
    area = found["area"]
    assert area["staff"] == 20 and area["infections"] == 1
    assert area["infected_per_1000"] == pytest.approx(1000 / 20)
    assert area["staff_days_lost"] == 3 + 1
    by_code = {c["code"]: c for c in found["children"]}
    assert by_code["XX-A"]["infections"] == 1 and by_code["XX-B"]["infections"] == 0
    assert by_code["XX-A"]["quarantine"] == 1 and by_code["XX-A"]["on_duty"] == 14


def test_a_centre_below_its_minimum_staffing_because_of_sickness_is_alerted(
    client, hq, centres, staff
):
    """TC-A2: 16 general patients need 2 nurses at 8 per nurse (the default ratio)... it has
    4; with 3 of them sick it falls below, and it would not have without them."""
    services.submit_census(
        actor=None,
        rows=[census_row("TC-A2", today(), admissions=16, patients_fevered=16,
                         occupied_general=16)],
    )  # fmt: skip
    client.force_login(hq)
    assert client.get("/api/care/staffing?area=XX").json()["minimum_staffing_alerts"] == []
    for number in ("N20", "N21", "N22"):
        services.record_absence(actor=hq, staff_number=number, kind="sick", start_on=today())
    found = client.get("/api/care/staffing?area=XX").json()
    assert found["minimum_staffing_alerts"] == [
        {"centre": "TC-A2", "qualification": "nurse", "working": 1, "needed_at_norms": 2.0}
    ]
    [balance] = [c for c in found["centres"] if c["code"] == "TC-A2"]
    assert balance["qualifications"]["nurse"]["patients_per_staff"] == 16.0


def test_minimum_ratios_of_zero_or_below_are_refused(client, hq):
    client.force_login(hq)
    body = {"norms": [
        {"bed_type": "general", "qualification": "nurse", "patients_per_staff": 0},
        {"bed_type": "icu", "qualification": "nurse", "patients_per_staff": -2},
    ]}  # fmt: skip
    answer = client.put("/api/care/norms", body, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "care.bad_norm"
    found = {(d["row"], d["column"]) for d in answer.json()["error"]["details"]}
    assert found == {(1, "patients_per_staff"), (2, "bed_type"), (2, "patients_per_staff")}
    ok = {"norms": [{"bed_type": "general", "qualification": "nurse", "patients_per_staff": 6}]}
    assert client.put("/api/care/norms", ok, content_type="application/json").json() == {
        "norms": {"nurse": {"general": 6.0}}
    }
