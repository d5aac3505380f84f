"""The reports API: idempotent retries, field-level 422s, scope, revisions and alerts."""

from __future__ import annotations

import json

import pytest

from epicommand.accounts.roles import Role
from epicommand.surveillance.models import DailyTotal, ReportRevision
from tests.factories import make_user
from tests.surveillance.factories import DAY, report


@pytest.fixture
def officer(country):
    return make_user("officer", Role.AREA_OFFICER, country["XX-A"])


def post(client, path: str, body: dict, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_the_same_bulk_submission_sent_three_times_changes_totals_once(client, officer):
    client.force_login(officer)
    body = {"reports": [report("XX-A-1", new_fever=10), report("XX-A-2", new_fever=5)]}
    answers = [
        post(client, "/api/surveillance/reports/bulk", body, HTTP_IDEMPOTENCY_KEY="batch-1")
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert answers[0].json() == answers[2].json()
    assert DailyTotal.objects.get(area__code="XX", on=DAY).new_fever == 15
    assert ReportRevision.objects.count() == 2


def test_a_key_reused_for_another_submission_is_refused(client, officer):
    client.force_login(officer)
    post(client, "/api/surveillance/reports", report(new_fever=1), HTTP_IDEMPOTENCY_KEY="k")
    response = post(
        client, "/api/surveillance/reports", report(new_fever=2), HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 409
    assert ReportRevision.objects.get().new_fever == 1


def test_bad_fields_answer_422_with_field_reasons(client, officer):
    client.force_login(officer)
    response = post(client, "/api/surveillance/reports", report(new_fever=-3))
    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert len(fields) == 1 and fields[0].endswith("new_fever")
    assert not ReportRevision.objects.exists()


def test_a_bulk_with_one_bad_report_writes_nothing(client, officer):
    client.force_login(officer)
    body = {"reports": [report("XX-A-1"), report("XX-A-1", on=DAY.replace(year=2999))]}
    response = post(client, "/api/surveillance/reports/bulk", body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["row"] == 2
    assert not ReportRevision.objects.exists()


def test_officer_cannot_file_or_read_another_countys_report(client, officer, country):
    client.force_login(officer)
    response = post(client, "/api/surveillance/reports", report("XX-B-1"))
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["reason"] == "unknown area code 'XX-B-1'"
    hq = make_user("hq", Role.HQ_COMMANDER, country["XX"])
    client.force_login(hq)
    post(client, "/api/surveillance/reports", report("XX-B-1"))
    client.force_login(officer)
    assert client.get(f"/api/surveillance/reports/XX-B-1/{DAY}/revisions").json() == []
    assert client.get("/api/surveillance/series", {"area": "XX-B"}).status_code == 404


def test_observer_cannot_file(client, country):
    client.force_login(make_user("watcher", Role.OBSERVER, country["XX"]))
    assert post(client, "/api/surveillance/reports", report()).status_code == 403


def test_revisions_are_listed(client, officer):
    client.force_login(officer)
    post(client, "/api/surveillance/reports", report(new_fever=1))
    post(client, "/api/surveillance/reports", report(new_fever=2))
    listed = client.get(f"/api/surveillance/reports/XX-A-1/{DAY}/revisions").json()
    assert [(r["revision"], r["new_fever"], r["submitted_by"]) for r in listed] == [
        (1, 1, "officer"),
        (2, 2, "officer"),
    ]
    assert listed[0]["superseded_at"] is not None and listed[1]["superseded_at"] is None


def test_series_endpoint(client, officer):
    client.force_login(officer)
    post(client, "/api/surveillance/reports", report(new_fever=7))
    body = client.get(
        "/api/surveillance/series",
        {"area": "XX-A", "start": DAY.isoformat(), "end": DAY.isoformat()},
    ).json()
    assert body["values"]["new_fever"] == [7]


def test_alerts_are_raised_on_write_listed_and_acknowledged_with_audit(client, officer):
    from epicommand.audit.models import AuditEvent
    from epicommand.surveillance.models import AlertRule

    AlertRule.objects.create(level="county", kind="deaths", threshold=0)
    client.force_login(officer)
    post(client, "/api/surveillance/reports", report(new_deaths=2))
    alerts = client.get("/api/surveillance/alerts").json()
    assert [(a["area_code"], a["value"]) for a in alerts] == [("XX-A-1", 2.0)]
    response = client.post(f"/api/surveillance/alerts/{alerts[0]['id']}/acknowledge")
    assert response.json()["acknowledged_at"] is not None
    assert AuditEvent.objects.filter(action="surveillance.acknowledge_alert").count() == 1
    post(client, "/api/surveillance/reports", report(new_deaths=0))
    assert client.get("/api/surveillance/alerts").json() == []


def test_templates_download(client, officer):
    client.force_login(officer)
    csv_text = client.get("/api/surveillance/reports/template.csv").content.decode()
    assert csv_text.startswith("area_code,date,new_fever,new_confirmed,new_recovered,new_deaths,")
    xlsx = client.get("/api/surveillance/reports/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_completeness_endpoint_lists_silent_areas(client, officer):
    client.force_login(officer)
    post(client, "/api/surveillance/reports", report("XX-A-1"))
    body = client.get("/api/surveillance/completeness", {"area": "XX-A", "date": DAY}).json()
    assert (body["expected"], body["missing"]) == (2, 1)
    assert [s["area_code"] for s in body["silent"]] == ["XX-A-2"]
    assert client.get("/api/surveillance/completeness", {"area": "XX"}).status_code == 404
