"""The analytics page, its scenario form and demand button, the admin's protocol table, and
the navigation link."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from epicommand.audit.models import AuditEvent
from epicommand.modelling.enums import Via
from epicommand.modelling.models import ModelRun, ProtocolLine
from epicommand.modelling.services import save_protocol_line
from tests.factories import make_user
from tests.modelling.factories import AS_OF

pytestmark = pytest.mark.django_db
DAY = AS_OF.isoformat()


def test_the_analytics_page_shows_rt_forecast_backtest_and_the_scenario_form(
    client, analyst, outbreak
):
    client.force_login(analyst)
    page = client.get("/modelling/XX/", {"as_of": DAY}).content.decode()
    for marker in (
        'id="chart-rt"',
        'id="chart-forecast"',
        'class="data backtest"',
        'id="scenario-form"',
        'value="XX-A"',
        "No demand computed yet",
    ):
        assert marker in page
    assert 'id="block-nowcast"' not in page
    assert client.get("/modelling/").url == "/modelling/XX/"


def test_the_scenario_form_runs_and_shows_the_comparison(client, analyst, outbreak):
    client.force_login(analyst)
    form = {
        "as_of": DAY,
        "lockdown_areas": ["XX-A"],
        "lockdown_day": 3,
        "transmission": 50,
        "movement": 40,
        "days": 15,
        "runs": 8,
        "beds_per_100k": 25,
    }
    answer = client.post("/modelling/XX/scenario/", form)
    run = ModelRun.objects.get(kind="scenario")
    assert answer.status_code == 302 and answer.url.endswith(f"scenario={run.pk}")
    assert run.requested_via == Via.PAGE and run.created_by == analyst
    assert run.parameters["lockdowns"] == [
        {"areas": ["XX-A"], "day": 3, "transmission": 50.0, "movement": 40.0}
    ]
    page = client.get(answer.url).content.decode()
    assert 'id="chart-scenario"' in page and "No intervention" in page


def test_a_bad_form_comes_back_with_the_reason(client, analyst, outbreak):
    client.force_login(analyst)
    form = {
        "as_of": DAY,
        "lockdown_day": 0,
        "transmission": 150,
        "movement": 0,
        "days": 5,
        "runs": 5,
    }
    answer = client.post("/modelling/XX/scenario/", form, follow=True)
    assert "transmission" in answer.content.decode() and not ModelRun.objects.filter(
        kind="scenario"
    )


def test_demand_button_computes_from_the_forecast_shown(client, analyst, outbreak):
    save_protocol_line(
        actor=None,
        item_code="MASK",
        item_name="Medical mask",
        case_category="all",
        share=1.0,
        units_per_patient_day=2,
    )
    client.force_login(analyst)
    client.get("/modelling/XX/", {"as_of": DAY})
    forecast = ModelRun.objects.get(kind="forecast")
    answer = client.post("/modelling/XX/demand/", {"as_of": DAY, "run": forecast.pk})
    demand = ModelRun.objects.get(kind="demand")
    assert answer.url.endswith(f"demand={demand.pk}") and demand.based_on == forecast
    page = client.get(answer.url).content.decode()
    assert "Medical mask" in page and "MASK" in page


def test_an_officer_sees_no_other_province_and_no_nav_link(client, outbreak):
    officer = make_user("officer", Role.AREA_OFFICER, outbreak["XX-A"])
    client.force_login(officer)
    assert client.get("/modelling/XX-B/", {"as_of": DAY}).status_code == 404
    page = client.get("/modelling/XX-A/", {"as_of": DAY}).content.decode()
    assert 'href="/modelling/"' not in page
    assert client.post("/modelling/XX-B/scenario/", {"as_of": DAY}).status_code == 404


def test_analysts_get_the_nav_link(client, analyst, outbreak):
    client.force_login(analyst)
    assert 'href="/modelling/"' in client.get("/areas/XX/").content.decode()


def test_protocol_lines_are_edited_in_the_admin_and_audited(client, outbreak):
    client.force_login(make_user("root", Role.ADMIN, outbreak["XX"]))
    assert client.get("/admin/modelling/modelrun/").status_code == 200
    form = {
        "item_code": "PARA-500",
        "item_name": "Paracetamol",
        "case_category": "fever",
        "share": "1",
        "units_per_new_case": "0",
        "units_per_patient_day": "3",
        "is_active": "on",
    }
    assert client.post("/admin/modelling/protocolline/add/", form).status_code == 302
    line = ProtocolLine.objects.get()
    event = AuditEvent.objects.get(action="modelling.save_protocol_line")
    assert event.object_id == str(line.pk) and event.after["units_per_patient_day"] == 3
    form["share"] = "0.5"
    client.post(f"/admin/modelling/protocolline/{line.pk}/change/", form)
    changed = AuditEvent.objects.filter(action="modelling.save_protocol_line").first()
    assert changed.before["share"] == 1 and changed.after["share"] == 0.5
    assert ProtocolLine.objects.count() == 1
