"""The roster and deployments: import with row/column problems, status and place on any day
from deployments and sick leave, the refusals of an order, states and history."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from epicommand.care import services
from epicommand.care.models import Deployment, DeploymentEvent, StaffMember
from epicommand.clock import today
from tests.care.factories import make_staff

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def upload(text: str, name: str = "roster.csv") -> io.BytesIO:
    data = io.BytesIO(text.encode())
    data.name = name
    return data


def test_a_roster_file_is_checked_whole_and_updates_known_staff_numbers(client, officer_a, centres):
    client.force_login(officer_a)
    header = client.get("/api/care/staff/template.csv").content.decode().strip()
    rows = [
        header,
        "S1,Kim Chol,김철,nurse,XX-A-1,,TC-A1,,no",
        "S2,Ri Ok,,surgeon,XX-A-1,,TC-A1,,",
        "S3,Pak Il,,doctor,XX-A-1,,TC-B1,deployed,",
        "S1,Kim Chol,,nurse,XX-A-1,,TC-A1,,",
    ]
    refused = client.post("/api/care/staff/import", {"file": upload("\n".join(rows))})
    assert refused.status_code == 422
    found = {(d["row"], d["column"]) for d in refused.json()["error"]["details"]}
    assert found == {(3, "qualification"), (4, "post"), (4, "status"), (5, "staff_number")}
    assert not StaffMember.objects.exists()
    good = [
        header,
        "S1,Kim Chol,김철,nurse,XX-A-1,,TC-A1,,no",
        "S2,Ri Ok,,doctor,XX-A-2,,TC-A2,off,",
    ]
    answer = client.post("/api/care/staff/import", {"file": upload("\n".join(good))}).json()
    assert answer["created"] == ["S1", "S2"] and answer["absences_opened"] == 1
    moved = [header, "S1,Kim Chol,김철,nurse,XX-A-1,,TC-A1-2,,yes"]
    answer = client.post("/api/care/staff/import", {"file": upload("\n".join(moved))}).json()
    assert answer["updated"] == ["S1"]
    person = StaffMember.objects.get(staff_number="S1")
    assert person.post.area.code == "TC-A1-2" and person.must_stay
    sick = [header, "S1,Kim Chol,,nurse,XX-A-1,,TC-A1-2,sick,"]
    refused = client.post("/api/care/staff/import", {"file": upload("\n".join(sick))})
    assert "staff-health permission" in refused.json()["error"]["details"][0]["reason"]


def test_where_everyone_is_on_any_day_follows_deployments_and_sick_leave(
    client, hq, centres, staff
):
    client.force_login(hq)
    start = today() - 10 * DAY
    order = services.order_deployment(
        actor=hq, from_site="TC-A1", to_site="TC-B1", staff_numbers=["N00", "N01"],
        start_on=start, reason="reinforce Beta",
    )  # fmt: skip
    services.advance_deployment(actor=hq, deployment_id=order.pk, state="arrived", on=start + DAY)
    services.advance_deployment(
        actor=hq, deployment_id=order.pk, state="returned", on=start + 6 * DAY
    )
    services.record_absence(
        actor=hq, staff_number="N01", kind="sick", start_on=start + 2 * DAY, end_on=start + 3 * DAY
    )

    def where(number, day):
        found = client.get(f"/api/care/staff/{number}?day={day}").json()
        return found["status"], found["at"]

    assert where("N00", start - DAY) == ("on_duty", "TC-A1")
    assert where("N00", start) == ("deployed", "TC-B1")
    assert where("N01", start + 2 * DAY) == ("sick", "TC-B1")
    assert where("N01", start + 4 * DAY) == ("deployed", "TC-B1")
    assert where("N00", start + 6 * DAY) == ("on_duty", "TC-A1")
    listed = client.get(f"/api/care/staff?area=XX-A&day={start + DAY}&status=deployed").json()
    assert sorted(x["staff_number"] for x in listed["items"]) == ["N00", "N01"]
    history = client.get(f"/api/care/deployments/{order.pk}").json()["history"]
    assert [h["state"] for h in history] == ["ordered", "arrived", "returned"]


def test_an_order_refuses_the_deployed_the_sick_and_sites_outside_scope(
    client, hq, officer_a, centres, staff
):
    client.force_login(hq)
    body = {"from_site": "TC-A1", "to_site": "TC-A2", "staff": ["N00"], "reason": "help"}
    assert (
        client.post("/api/care/deployments", body, content_type="application/json").status_code
        == 201
    )
    again = client.post("/api/care/deployments", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "care.already_deployed"
    services.record_absence(actor=hq, staff_number="N01", kind="quarantine", start_on=today())
    sick = client.post(
        "/api/care/deployments", {**body, "staff": ["N01"]}, content_type="application/json"
    )
    assert sick.status_code == 409 and sick.json()["error"]["code"] == "care.not_available"
    assert "N01 (quarantine)" in sick.json()["error"]["message"]
    elsewhere = client.post(
        "/api/care/deployments", {**body, "staff": ["N10"]}, content_type="application/json"
    )
    assert elsewhere.status_code == 422
    client.force_login(officer_a)
    outside = client.post(
        "/api/care/deployments", {**body, "to_site": "TC-B1", "staff": ["N02"]},
        content_type="application/json",
    )  # fmt: skip
    assert outside.status_code == 404
    assert Deployment.objects.count() == 1


def test_states_go_forward_only_and_each_step_is_kept(client, hq, centres, staff):
    client.force_login(hq)
    order = services.order_deployment(
        actor=hq, from_site="TC-A1", to_site="TC-A2", staff_numbers=["N00"], reason="help"
    )
    url = f"/api/care/deployments/{order.pk}"
    early = client.post(f"{url}/returned", {}, content_type="application/json")
    assert early.status_code == 409 and early.json()["error"]["code"] == "care.bad_transition"
    for state in ("travelling", "arrived", "returned"):
        answer = client.post(f"{url}/{state}", {"note": state}, content_type="application/json")
        assert answer.status_code == 200 and answer.json()["state"] == state
    assert list(DeploymentEvent.objects.values_list("state", flat=True)) == [
        "ordered", "travelling", "arrived", "returned",
    ]  # fmt: skip
    again = services.order_deployment(
        actor=hq, from_site="TC-A1", to_site="TC-A2", staff_numbers=["N00"], reason="again"
    )
    assert again.pk != order.pk  # returned: free for another order


def test_a_dead_person_cannot_be_deployed_and_add_staff_refuses_a_duplicate(hq, centres, staff):
    services.record_death(actor=hq, staff_number="N02", died_on=today() - DAY)
    with pytest.raises(Exception, match="deceased"):
        services.order_deployment(
            actor=hq, from_site="TC-A1", to_site="TC-A2", staff_numbers=["N02"], reason="x"
        )
    make_staff("X1", centres["TC-A2"])
    with pytest.raises(Exception, match="already on the roster"):
        services.add_staff(
            actor=hq, staff_number="X1", name="X", qualification="nurse", home_area="XX-A-2",
            post="TC-A2",
        )  # fmt: skip
