"""The balanced deployment through the API and the CLI: a proposal, its edits, approval
creating exactly its orders, and what it says when the target cannot be met."""

from __future__ import annotations

import json
import re

import pytest

from epicommand.audit.models import AuditEvent
from epicommand.care import services
from epicommand.care.models import Deployment, Proposal
from epicommand.clock import today
from tests.care.factories import census_row, make_staff
from tests.cli_helpers import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(centres, staff):
    """TC-B1 full of patients, the others empty: nurses should go to Beta."""
    for number in range(8):
        make_staff(f"X{number}", centres["TC-A2"])
    services.submit_census(
        actor=None,
        rows=[census_row("TC-B1", today(), admissions=40, patients_fevered=40,
                         occupied_general=40)],
    )  # fmt: skip
    return centres


def propose(client, **body):
    return client.post(
        "/api/care/proposals",
        {"as_of": str(today()), "qualifications": ["nurse"], "max_send_share": 0.5, **body},
        content_type="application/json",
    )


def test_a_proposal_moves_staff_to_the_crowded_centre_and_approval_creates_its_orders(
    client, hq, crowded
):
    client.force_login(hq)
    answer = propose(client)
    assert answer.status_code == 201
    proposal = answer.json()
    figures = proposal["figures"]["qualifications"]["nurse"]
    assert figures["worst_ratio_before"] == 10.0  # 40 patients, 4 nurses
    assert figures["worst_ratio_after"] < 10.0
    assert proposal["solver"]["nurse"]["status"] == "optimal"
    assert proposal["solver"]["nurse"]["gap"] == 0
    moves = proposal["moves"]
    assert moves and all(m["to_site"] == "TC-B1" for m in moves)
    # each centre sends at most half of its nurses on duty
    for code, count in {"TC-A1": 4, "TC-A1-2": 4, "TC-A2": 12}.items():
        assert sum(m["from_site"] == code for m in moves) <= count // 2
    approved = client.post(
        f"/api/care/proposals/{proposal['id']}/approve", {"decision_ref": "HQ order 7"},
        content_type="application/json",
    ).json()  # fmt: skip
    orders = approved["orders"]
    expected = {(m["from_site"], m["to_site"]) for m in moves}
    assert {(o["from_site"], o["to_site"]) for o in orders} == expected
    persons = sorted(p["staff_number"] for o in orders for p in
                     client.get(f"/api/care/deployments/{o['id']}").json()["staff"])  # fmt: skip
    assert persons == sorted(m["staff_number"] for m in moves)
    assert Deployment.objects.filter(proposal_id=proposal["id"]).count() == len(orders)
    assert all(o["decision_ref"] == "HQ order 7" for o in orders)
    again = client.post(f"/api/care/proposals/{proposal['id']}/approve", {},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 409


def test_hq_edits_a_proposal_and_the_figures_follow(client, hq, crowded):
    client.force_login(hq)
    proposal = propose(client).json()
    [first, *rest] = proposal["moves"]
    edited = client.patch(
        f"/api/care/proposals/{proposal['id']}",
        {"drop": [first["staff_number"]]},
        content_type="application/json",
    ).json()
    assert edited["is_edited"]
    assert edited["figures"]["qualifications"]["nurse"]["moves"] == len(rest)
    assert [
        m["dropped"] for m in edited["moves"] if m["staff_number"] == first["staff_number"]
    ] == [True]
    after = edited["figures"]["qualifications"]["nurse"]["worst_ratio_after"]
    assert after == pytest.approx(40 / (4 + len(rest)), abs=1e-3)
    unknown = client.patch(f"/api/care/proposals/{proposal['id']}", {"drop": ["nobody"]},
                           content_type="application/json")  # fmt: skip
    assert unknown.status_code == 422
    approved = client.post(f"/api/care/proposals/{proposal['id']}/approve", {},
                           content_type="application/json").json()  # fmt: skip
    moved = sum(len(client.get(f"/api/care/deployments/{o['id']}").json()["staff"])
                for o in approved["orders"])  # fmt: skip
    assert moved == len(rest)


def test_an_unreachable_target_is_named_not_refused(client, hq, centres, staff):
    services.submit_census(
        actor=None,
        rows=[census_row("TC-B1", today(), admissions=47, patients_fevered=47,
                         occupied_general=40, occupied_isolation=5, occupied_intensive=2)],
    )  # fmt: skip
    client.force_login(hq)
    proposal = propose(client, max_send_share=0.25).json()
    [unreachable] = proposal["figures"]["qualifications"]["nurse"]["unreachable"]
    assert unreachable["code"] == "TC-B1" and unreachable["needed"] > unreachable["staff"]


def test_bad_proposal_input_is_refused_and_only_hq_may_approve(client, officer_a, hq, crowded):
    client.force_login(officer_a)
    assert propose(client).status_code == 403
    client.force_login(hq)
    assert propose(client, qualifications=["driver"]).status_code == 422
    assert propose(client, max_send_share=2).status_code == 422
    forecast = propose(client, patients="forecast")
    assert (
        forecast.status_code == 422 and "no stored forecast" in forecast.json()["error"]["message"]
    )
    dry = propose(client, dry_run=True)
    assert dry.status_code == 200 and dry.json()["moves"] and not Proposal.objects.exists()


def test_cli_deploy_staff_dry_run_json_and_a_real_run_table(capsys, crowded):
    args = ["deploy-staff", "--as-of", str(today()), "--qualification", "nurse"]
    code, out, err = run(capsys, *args, "--max-send-share", "0.5", "--dry-run", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["moves"] and data["solver"]["nurse"]["status"] == "optimal"
    assert not Proposal.objects.exists() and not Deployment.objects.exists()
    code, out, err = run(capsys, "deploy-staff", "--as-of", str(today()), "--qualification",
                         "nurse", "--max-send-share", "0.5")  # fmt: skip
    assert code == 0, err
    assert re.search(r"approved: \d+ deployment orders, \d+ persons", out)
    assert Deployment.objects.exists()
    assert AuditEvent.objects.filter(action="care.approve_proposal").exists()
    code, _out, err = run(capsys, "deploy-staff", "--as-of", "2022-13-01")
    assert code != 0 and err.startswith("error:") and len(err.strip().splitlines()) == 1
