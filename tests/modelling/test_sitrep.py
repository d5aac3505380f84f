"""The situation report's modelling blocks: Rt and the forecast in the page, Markdown and
JSON; the forecast only beside its backtest score; runs stored on demand and reused while
the inputs stay the same; the latest scenario of the area."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from epicommand.audit.models import AuditEvent
from epicommand.modelling import services
from epicommand.modelling.enums import Via
from epicommand.modelling.models import ModelRun
from epicommand.reports.render import render_document
from epicommand.reports.selectors import situation_report
from epicommand.surveillance.services import submit_reports
from tests.modelling.factories import AS_OF, START

pytestmark = pytest.mark.django_db
DAY = AS_OF.isoformat()


def sitrep_json(client, code: str = "XX", day: str = DAY) -> dict:
    answer = client.get(f"/api/reports/sitrep/{code}", {"as_of": day})
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_json_has_rt_and_the_forecast_with_its_backtest(client, analyst, outbreak):
    client.force_login(analyst)
    blocks = sitrep_json(client)["blocks"]
    rt, forecast = blocks["rt"], blocks["forecast"]
    assert rt["available"] and rt["latest"]["end"] == DAY
    assert rt["latest"]["lower_95"] <= rt["latest"]["median"] <= rt["latest"]["upper_95"]
    assert forecast["available"] and len(forecast["dates"]) == 28
    assert set(forecast["backtest"]["mean_wis"]) == {"renewal", "baseline_mean", "baseline_last"}
    assert forecast["backtest_run"]["kind"] == "backtest"
    assert forecast["run"]["requested_via"] == Via.SITREP == rt["run"]["requested_via"]
    assert "scenario" not in blocks


def test_without_a_backtest_there_is_no_forecast_and_the_reason_says_why(client, analyst, outbreak):
    client.force_login(analyst)
    blocks = sitrep_json(client, day=(START + dt.timedelta(days=12)).isoformat())["blocks"]
    assert blocks["rt"]["available"]
    assert blocks["forecast"] == {
        "available": False,
        "reason": "XX: a backtest of 14-day forecasts needs at least 28 days of data (14 before "
        "the first forecast, 14 after it); the series has 13 (2022-03-01 to 2022-03-13)",
        "backtest": None,
    }
    assert not ModelRun.objects.filter(kind="forecast").exists()


def test_runs_made_on_demand_are_reused_until_a_report_changes(client, analyst, outbreak):
    client.force_login(analyst)
    first = sitrep_json(client)["blocks"]
    assert ModelRun.objects.count() == 3  # rt, backtest, forecast
    event = AuditEvent.objects.filter(action="modelling.run_rt").get()
    assert event.actor is None and event.after["requested_by"] == "analyst"
    again = sitrep_json(client)["blocks"]
    assert ModelRun.objects.count() == 3 and again["rt"]["run"]["id"] == first["rt"]["run"]["id"]
    submit_reports(actor=None, rows=[{"area_code": "XX-A-1", "date": DAY, "new_fever": 1}])
    after = sitrep_json(client)["blocks"]
    assert ModelRun.objects.count() == 6 and after["rt"]["run"]["id"] != first["rt"]["run"]["id"]


def test_an_analysts_run_of_the_same_inputs_is_the_one_shown(client, analyst, outbreak):
    mine = services.run_rt(actor=analyst, area_code="XX", as_of=AS_OF, parameters={"window": 14})
    client.force_login(analyst)
    rt = sitrep_json(client)["blocks"]["rt"]
    assert rt["run"]["id"] == mine.pk and rt["run"]["parameters"]["window"] == 14


def test_markdown_and_page_show_rt_forecast_and_backtest(client, analyst, outbreak):
    client.force_login(analyst)
    text = client.get("/sitrep/XX.md", {"as_of": DAY}).content.decode()
    assert "## Reproduction number (Rt)" in text and "## Forecast" in text
    assert "| Renewal equation (Rt) |" in text and "| Last week's average |" in text
    page = client.get("/sitrep/XX/", {"as_of": DAY}).content.decode()
    assert 'id="chart-rt"' in page and 'id="chart-forecast"' in page
    assert "Backtest score" in page and 'class="data backtest"' in page


def test_the_page_in_korean(client, analyst, outbreak):
    client.force_login(analyst)
    page = client.get("/sitrep/XX/", {"as_of": DAY}, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "재생산수 (Rt)" in page and "백테스트 점수" in page and "90 % 구간" in page


def test_the_latest_scenario_of_the_area_is_shown(client, analyst, outbreak):
    services.run_scenario(
        actor=analyst, area_code="XX", as_of=AS_OF, parameters={"runs": 5, "days": 10, "r0": 1.5}
    )
    client.force_login(analyst)
    scenario = sitrep_json(client)["blocks"]["scenario"]
    assert scenario["available"] and len(scenario["dates"]) == 10
    assert set(scenario["a"]["national"]) == {"new_cases", "under_treatment", "deaths"}
    assert "## Scenario comparison" in client.get("/sitrep/XX.md", {"as_of": DAY}).content.decode()
    earlier = sitrep_json(client, day=(AS_OF - dt.timedelta(days=1)).isoformat())["blocks"]
    assert "scenario" not in earlier  # made from a later day


def test_the_pdf_document_draws_the_modelling_charts(outbreak):
    report = situation_report(actor=None, area_code="XX", as_of=AS_OF)
    with translation.override("en"):
        html = render_document(report, "en")
    for name in ("rt", "forecast"):
        start = html.index(f'id="chart-{name}"')
        assert "<svg" in html[start : start + 400]


def test_an_area_without_reports_says_so(client, analyst, outbreak):
    client.force_login(analyst)
    blocks = sitrep_json(client, day="2023-01-01")["blocks"]
    assert not blocks["rt"]["available"] and "no report in the 120 days" in blocks["rt"]["reason"]
