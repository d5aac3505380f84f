"""Filing the census: through the API (one, bulk, a file), revisions kept, idempotent, its
checks and warnings, scope, and the capacity alerts it raises."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from epicommand.audit.models import AuditEvent
from epicommand.care.models import CapacityAlert, CensusRevision
from epicommand.clock import today
from tests.care.factories import census_row

pytestmark = pytest.mark.django_db


def post(client, rows, **headers):
    body = rows[0] if len(rows) == 1 else {"census": rows}
    url = "/api/care/census" if len(rows) == 1 else "/api/care/census/bulk"
    return client.post(url, body, content_type="application/json", headers=headers)


def test_a_census_is_saved_and_filing_it_again_keeps_the_old_revision(client, operator, centres):
    client.force_login(operator)
    day = today()
    first = census_row("TC-A1", day, admissions=3, patients_fevered=3, occupied_general=3)
    assert post(client, [first]).status_code == 201
    assert post(client, [first]).json()["unchanged"] == [
        {"centre_code": "TC-A1", "date": day.isoformat()}
    ]
    changed = {**first, "admissions": 4, "patients_fevered": 4, "occupied_general": 4}
    answer = post(client, [changed]).json()
    assert answer["changed"] == [{"centre_code": "TC-A1", "date": day.isoformat()}]
    revisions = client.get(f"/api/care/census/TC-A1/{day}/revisions").json()
    assert [(r["revision"], r["admissions"], r["superseded_at"] is None) for r in revisions] == [
        (1, 3, False),
        (2, 4, True),
    ]
    assert AuditEvent.objects.filter(action="care.save_census").count() == 2


def test_idempotency_key_replays_the_first_answer(client, operator, centres):
    client.force_login(operator)
    row = census_row("TC-A1", today(), admissions=1, patients_fevered=1, occupied_general=1)
    first = post(client, [row], **{"Idempotency-Key": "k-1"})
    again = post(client, [row], **{"Idempotency-Key": "k-1"})
    assert first.json() == again.json() and again.status_code == 201
    assert CensusRevision.objects.count() == 1
    other = post(client, [{**row, "admissions": 2}], **{"Idempotency-Key": "k-1"})
    assert other.status_code == 409


def test_patients_that_do_not_follow_from_yesterday_are_a_warning_with_both_numbers(
    client, operator, centres
):
    client.force_login(operator)
    day = today()
    yesterday = census_row("TC-A1", day - dt.timedelta(days=1), admissions=10,
                           patients_fevered=10, occupied_general=10)  # fmt: skip
    post(client, [yesterday])
    row = census_row("TC-A1", day, admissions=5, discharges=2, patients_fevered=12,
                     occupied_general=12)  # fmt: skip
    answer = post(client, [row]).json()
    [warning] = answer["warnings"]
    assert warning["column"] == "patients_fevered" and warning["severity"] == "warning"
    assert "12 patients" in warning["reason"] and "give 13" in warning["reason"]
    saved = CensusRevision.objects.get(reported_on=day)
    assert saved.warnings == [warning["reason"]]


def test_figures_that_contradict_themselves_are_refused_with_their_columns(
    client, operator, centres
):
    client.force_login(operator)
    rows = [
        census_row("TC-A1", today(), patients_fevered=30, occupied_general=21),  # 20 beds
        census_row("TC-A1", today() - dt.timedelta(days=1), patients_fevered=1,
                   occupied_general=2),
        {**census_row("TC-A1", today() - dt.timedelta(days=2)), "admissions": -1},
        census_row("TC-A1", today() + dt.timedelta(days=1)),
        {**census_row("TC-A1", today() - dt.timedelta(days=3)), "deaths": None},
    ]  # fmt: skip
    answer = post(client, rows)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "care.census_rejected"
    found = {(d["row"], d["column"]) for d in error["details"]}
    assert found == {
        (1, "occupied_general"), (2, "occupied_general"), (3, "admissions"), (4, "date"),
        (5, "deaths"),
    }  # fmt: skip
    assert not CensusRevision.objects.exists()


def test_a_centre_outside_scope_is_unknown_and_the_district_files_for_its_centres(
    client, operator, centres
):
    client.force_login(operator)
    outside = post(client, [census_row("TC-B1", today())])
    assert outside.status_code == 422
    assert "unknown treatment centre 'TC-B1'" in outside.json()["error"]["details"][0]["reason"]
    commanded = post(client, [census_row("TC-A1-2", today())])
    assert commanded.status_code == 201
    assert client.get("/api/care/centres/TC-B1").status_code == 404
    assert client.get("/api/care/centres/TC-A1-2").status_code == 200


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_files_are_checked_row_by_row_then_saved_all_or_nothing(client, officer_a, centres):
    client.force_login(officer_a)
    header = client.get("/api/care/census/template.csv").content.decode().strip()
    day = today().isoformat()
    good = f"TC-A1,{day},1,0,0,0,0,1,0,1,0,0"
    bad = f"TC-A2,{day},x,0,0,0,0,1,0,1,0,0"
    text = "\n".join([header, good, bad]) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "census.csv"
    refused = client.post("/api/care/census/import", {"file": upload})
    assert refused.status_code == 422
    [problem] = refused.json()["error"]["details"]
    assert (problem["row"], problem["column"]) == (3, "admissions")
    assert not CensusRevision.objects.exists()
    upload = io.BytesIO(
        _xlsx([header.split(","), good.split(","), good.replace("TC-A1", "TC-A2").split(",")])
    )
    upload.name = "census.xlsx"
    saved = client.post("/api/care/census/import", {"file": upload})
    assert saved.status_code == 200 and len(saved.json()["created"]) == 2
    latin = io.BytesIO(b"centre_code\n\xff\n")
    latin.name = "latin.csv"
    latin = client.post("/api/care/census/import", {"file": latin})
    assert latin.json()["error"]["details"][0]["reason"].startswith("not UTF-8")


def test_occupancy_above_the_thresholds_raises_a_capacity_alert_and_a_correction_clears_it(
    client, operator, centres
):
    client.force_login(operator)
    full = census_row("TC-A1", today(), admissions=26, patients_fevered=26, occupied_general=20,
                      occupied_isolation=5, occupied_intensive=1)  # 26 of 27 beds  # fmt: skip
    assert post(client, [full]).json()["alerts"] == [
        {"centre_code": "TC-A1", "date": today().isoformat(), "severity": "critical"}
    ]
    alert = CapacityAlert.objects.get()
    assert alert.severity == "critical" and alert.cleared_at is None
    fewer = {**full, "admissions": 10, "patients_fevered": 10, "occupied_general": 10,
             "occupied_isolation": 0, "occupied_intensive": 0}  # fmt: skip
    post(client, [fewer])
    alert.refresh_from_db()
    assert alert.cleared_at is not None
