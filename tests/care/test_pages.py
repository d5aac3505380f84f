"""The care pages, the situation-report blocks and the timeline events."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.care import services
from epicommand.care.models import CensusRevision, Deployment, Proposal
from epicommand.clock import now, today
from epicommand.core.timeline import TimelineQuery, timeline
from epicommand.geo.tree import AreaTree
from tests.care.factories import census_row

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def full(code="TC-B1", patients=45):
    beds = {"occupied_general": min(patients, 40), "occupied_isolation": max(0, patients - 40)}
    return census_row(code, today(), admissions=patients, patients_fevered=patients, **beds)


def test_home_centre_and_census_form_pages(client, operator, centres):
    client.force_login(operator)
    assert client.get("/").url == "/care/centres/TC-A1/"  # the centre's operator lands here
    home = client.get("/care/")
    assert home.status_code == 200 and b"Centre TC-A1" in home.content
    page = client.get("/care/centres/TC-A1/")
    assert page.status_code == 200 and b"File the census" in page.content
    url = f"/care/centres/TC-A1/census/{today()}/"
    form = client.get(url)
    assert b"No census of the day before" in form.content
    posted = client.post(url, {**census_row("TC-A1", today(), admissions=4, patients_fevered=4,
                                           occupied_general=4)})  # fmt: skip
    assert posted.status_code == 302 and CensusRevision.objects.get().admissions == 4
    bad = client.post(
        url, {**census_row("TC-A1", today(), patients_fevered=30, occupied_general=25)}
    )
    assert (
        bad.status_code == 200 and b"25 general beds occupied but the centre has 20" in bad.content
    )
    assert client.get("/care/centres/TC-B1/").status_code == 404
    assert client.get(f"/care/centres/TC-A1/census/{today() - 30 * DAY}/").status_code == 404


def test_roster_person_deployment_and_health_pages_hide_health_from_other_roles(
    client, hq, officer_a, centres, staff
):
    services.record_absence(actor=hq, staff_number="N00", kind="sick", start_on=today())
    client.force_login(officer_a)
    roster = client.get("/care/staff/?area=XX-A-1")
    assert (
        roster.status_code == 200 and b"N00" in roster.content and b"unavailable" in roster.content
    )
    person = client.get("/care/staff/N00/")
    assert b"Health records" not in person.content
    client.force_login(hq)
    assert b"Health records" in client.get("/care/staff/N00/").content
    order = services.order_deployment(
        actor=hq, from_site="TC-A1", to_site="TC-B1", staff_numbers=["N01"], reason="help"
    )
    page = client.get(f"/care/deployments/{order.pk}/")
    assert page.status_code == 200 and b"Travelling" in page.content
    client.post(f"/care/deployments/{order.pk}/step", {"state": "arrived"})
    assert Deployment.objects.get().state == "arrived"
    assert client.get("/care/deployments/").status_code == 200
    health = client.get("/care/health/?area=XX")
    assert health.status_code == 200 and b"Balance" in health.content


def test_proposal_pages_run_edit_and_approve(client, hq, centres, staff):
    services.submit_census(actor=None, rows=[full()])
    client.force_login(hq)
    form = {"as_of": str(today()), "qualification": "nurse", "patients": "census",
            "max_send_share": "0.5", "must_stay": "N00"}  # fmt: skip
    created = client.post("/care/proposals/", form)
    proposal = Proposal.objects.get()
    assert created.url == f"/care/proposals/{proposal.pk}/"
    moves = list(proposal.moves.values_list("staff__staff_number", flat=True))
    assert moves and "N00" not in moves
    page = client.get(created.url)
    assert page.status_code == 200 and b"Worst ratio after" in page.content
    client.post(f"/care/proposals/{proposal.pk}/edit", {"drop": [moves[0]]})
    assert proposal.moves.filter(is_dropped=True).count() == 1
    client.post(f"/care/proposals/{proposal.pk}/decide", {"decision": "approve"})
    proposal.refresh_from_db()
    assert proposal.state == "approved"
    moved = Deployment.objects.filter(proposal=proposal).values_list(
        "members__staff__staff_number", flat=True
    )
    assert sorted(moved) == sorted(moves[1:])


def test_sitrep_blocks_and_timeline_events(client, hq, officer_a, centres, staff):
    services.submit_census(actor=None, rows=[full()])
    services.record_infection(actor=hq, staff_number="N30", status="suspected",
                              detected_on=today(), absence="quarantine")  # fmt: skip
    order = services.order_deployment(
        actor=hq, from_site="TC-A1", to_site="TC-B1", staff_numbers=["N01"], reason="help"
    )
    services.advance_deployment(actor=hq, deployment_id=order.pk, state="arrived")
    client.force_login(hq)
    report = client.get(f"/api/reports/sitrep/XX?as_of={today()}").json()
    beds = report["blocks"]["beds"]
    assert beds["area"]["beds"] == 27 * 3 + 47 and beds["alerts"][0]["code"] == "TC-B1"
    people = report["blocks"]["staff"]["area"]
    assert people["staff"] == 20 and people["quarantine"] == 1 and people["infections"] == 1
    page = client.get(f"/sitrep/XX/?as_of={today()}")
    assert b"Beds and occupancy in Testland" in page.content
    assert b"Medical staff in Testland" in page.content
    markdown = client.get(f"/sitrep/XX.md?as_of={today()}").content.decode()
    assert "## Beds and occupancy" in markdown and "## Medical staff" in markdown
    tree = AreaTree()
    found = timeline(TimelineQuery(hq, tree.by_code["XX"], now() - 2 * DAY, now() + 2 * DAY))
    kinds = {e.kind for e in found.events}
    assert {"care.deployment_ordered", "care.deployment_arrived", "care.capacity_alert",
            "care.staff_infections"} <= kinds  # fmt: skip
    [infections] = [e for e in found.events if e.kind == "care.staff_infections"]
    assert "1 medical workers" in infections.title and "N30" not in infections.detail
    mine = timeline(
        TimelineQuery(officer_a, tree.by_code["XX-A"], now() - 2 * DAY, now() + 2 * DAY)
    )
    assert not any(e.kind == "care.capacity_alert" for e in mine.events)  # TC-B1 is in XX-B


def test_pages_speak_korean(client, hq, centres):
    client.force_login(hq)
    page = client.get("/care/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "병상과 점유" in page.content.decode()
