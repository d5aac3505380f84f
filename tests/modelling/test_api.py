"""The modelling API: runs started and read back, 422 with reasons, scope, scenarios that
compare, medicine demand arithmetic, and nowcasts of a line-list area."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from epicommand.accounts.roles import Role
from epicommand.modelling.models import ModelRun
from epicommand.modelling.services import save_protocol_line
from epicommand.surveillance.models import Case, ReportingSetting
from tests.factories import make_user
from tests.modelling.conftest import Api
from tests.modelling.factories import AS_OF

pytestmark = pytest.mark.django_db
DAY = AS_OF.isoformat()


def test_rt_run_answers_201_with_its_trace(api, outbreak):
    answer = api.post("/runs/rt", {"area": "XX", "as_of": DAY, "window": 7})
    assert answer.status_code == 201
    body = answer.json()
    assert body["kind"] == "rt" and body["area_code"] == "XX" and body["as_of"] == DAY
    assert body["parameters"]["si_sd"] == 2.4 and body["created_by"] == "analyst"
    assert body["summary"]["latest"]["end"] == DAY
    assert api.get(f"/runs/{body['id']}").json()["summary"] == body["summary"]
    assert api.get("/areas/XX/rt").json()["id"] == body["id"]


@pytest.mark.parametrize(
    ("path", "body", "field", "reason"),
    [
        ("/runs/rt", {"si_mean": 1.0}, "si_mean", "must be > 1, got 1"),
        ("/runs/rt", {"si_sd": -1}, "si_sd", "must be > 0, got -1"),
        ("/runs/rt", {"window": 0}, "window", "must be >= 1, got 0"),
        ("/runs/forecast", {"horizon": 29}, "horizon", "must be <= 28, got 29"),
        ("/runs/forecast", {"horizon": 0}, "horizon", "must be >= 1, got 0"),
        ("/runs/scenario", {"runs": 5001}, "runs", "must be <= 5000, got 5001"),
        ("/runs/backtest", {"figure": "deaths"}, "figure", "must be one of"),
    ],
)
def test_bad_parameters_answer_422_with_the_reason(api, outbreak, path, body, field, reason):
    answer = api.post(path, {"area": "XX", "as_of": DAY, **body})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "modelling.invalid_parameter"
    assert error["details"][0]["field"] == field and error["details"][0]["reason"].startswith(
        reason
    )
    assert ModelRun.objects.count() == 0


def test_a_window_that_is_not_a_whole_number_is_a_422_too(api, outbreak):
    answer = api.post("/runs/rt", {"area": "XX", "as_of": DAY, "window": 2.5})
    assert answer.status_code == 422 and answer.json()["error"]["details"][0]["field"].endswith(
        "window"
    )


def test_an_officer_runs_models_for_their_province_only(client, outbreak):
    client.force_login(make_user("officer", Role.AREA_OFFICER, outbreak["XX-A"]))
    api = Api(client)
    assert api.post("/runs/rt", {"area": "XX-A", "as_of": DAY}).status_code == 201
    other = api.post("/runs/rt", {"area": "XX-B", "as_of": DAY})
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    theirs = ModelRun.objects.get().pk
    forecast = api.post("/runs/forecast", {"area": "XX-A", "as_of": DAY, "paths": 20})
    assert forecast.status_code == 201
    assert api.get(f"/runs/{theirs}").status_code == 200
    outside = ModelRun.objects.create(**_copy(ModelRun.objects.get(pk=theirs), "XX-B"))
    assert api.get(f"/runs/{outside.pk}").status_code == 404
    assert api.post("/runs/demand", {"run": outside.pk}).status_code == 404
    assert {r["area_code"] for r in api.get("/runs").json()} == {"XX-A"}


def _copy(run: ModelRun, code: str) -> dict:
    from epicommand.geo.models import Area

    fields = {f.name: getattr(run, f.name) for f in run._meta.fields if f.name not in ("id",)}
    return fields | {"area": Area.objects.get(code=code)}


def test_a_gap_in_the_last_week_is_a_422_with_the_day(api, country):
    from tests.modelling.factories import DAYS, file_outbreak, set_places

    set_places()
    file_outbreak(skip={("XX-B-1", DAYS - 2)})
    answer = api.post("/runs/rt", {"area": "XX-B-1", "as_of": DAY})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "modelling.series_gap"
    assert "2022-04-28" in answer.json()["error"]["message"]


def test_latest_forecast_is_404_until_there_is_one(api, outbreak):
    assert api.get("/areas/XX/forecast").status_code == 404
    made = api.post("/runs/forecast", {"area": "XX", "as_of": DAY, "paths": 30}).json()
    assert api.get("/areas/XX/forecast").json()["id"] == made["id"]


def test_a_lockdown_lowers_median_cases_against_no_intervention(api, outbreak):
    body = {
        "area": "XX",
        "as_of": DAY,
        "days": 40,
        "runs": 20,
        "r0": 2.0,
        "lockdowns": [{"areas": ["XX-A", "XX-B"], "day": 0, "transmission": 60, "movement": 50}],
        "beds_per_100k": 20,
    }
    answer = api.post("/runs/scenario", body)
    assert answer.status_code == 201, answer.content
    compared = api.get(f"/runs/{answer.json()['id']}/comparison").json()
    a, b = compared["a"], compared["b"]
    assert b["total_cases"]["median"] < a["total_cases"]["median"]
    assert sum(b["national"]["new_cases"]["median"]) < sum(a["national"]["new_cases"]["median"])
    assert compared["comparison"]["probability_fewer_cases"] > 0.9
    assert a["interventions"]["lockdowns"] == [] and b["interventions"]["beds_per_100k"] == 20
    assert set(a["areas"]) == {"XX-A-1", "XX-A-2", "XX-B-1"}
    assert compared["seeded"]["infectious"] > 0 and len(compared["dates"]) == 40


def test_a_lockdown_of_an_area_outside_the_scenario_is_refused(api, outbreak):
    body = {"area": "XX-A", "as_of": DAY, "runs": 5, "days": 5}
    body["lockdowns"] = [{"areas": ["XX-B-1"], "day": 0, "transmission": 50}]
    answer = api.post("/runs/scenario", body)
    assert answer.status_code == 422
    assert answer.json()["error"]["details"][0] == {
        "field": "lockdowns",
        "reason": "no area 'XX-B-1' in XX-A",
    }


def _protocol() -> None:
    save_protocol_line(
        actor=None, item_code="ONCE", case_category="all", share=1.0, units_per_new_case=2
    )
    save_protocol_line(
        actor=None, item_code="HALF", case_category="some", share=0.5, units_per_new_case=1
    )
    save_protocol_line(
        actor=None, item_code="DAILY", case_category="all", share=1.0, units_per_patient_day=1
    )


def test_demand_of_a_forecast_follows_the_protocol_arithmetic(api, outbreak):
    _protocol()
    forecast = api.post("/runs/forecast", {"area": "XX", "as_of": DAY, "paths": 40, "horizon": 7})
    answer = api.post("/runs/demand", {"run": forecast.json()["id"], "treatment_days": 1})
    assert answer.status_code == 201, answer.content
    s = answer.json()["summary"]
    items = [i["code"] for i in s["items"]]
    assert items == ["DAILY", "HALF", "ONCE"] and s["areas"][0] == "XX" and len(s["dates"]) == 7
    median = np.array(s["median"])  # (areas, items, days)
    once, half, daily = median[:, 2], median[:, 1], median[:, 0]
    np.testing.assert_allclose(half, once / 4, atol=0.06)  # 0.5 x 1 against 1 x 2 a case
    np.testing.assert_allclose(daily, once / 2, atol=0.06)  # one treatment day per case
    own = forecast.json()["summary"]["own"]["median"]
    np.testing.assert_allclose(once[0], 2 * np.array(own), atol=0.25)
    rows = api.get("/demand", area="XX").json()["rows"]
    assert len(rows) == 4 * 3 * 7
    assert rows[0] | {"expected": 0} == {
        "area_code": "XX",
        "item_code": "DAILY",
        "date": (AS_OF + dt.timedelta(days=1)).isoformat(),
        "expected": 0,
        "median": rows[0]["median"],
        "lower_90": rows[0]["lower_90"],
        "upper_90": rows[0]["upper_90"],
    }


def test_demand_of_a_scenario_counts_its_patients(api, outbreak):
    _protocol()
    scenario = api.post(
        "/runs/scenario", {"area": "XX", "as_of": DAY, "days": 10, "runs": 10, "r0": 1.5}
    )
    answer = api.post("/runs/demand", {"run": scenario.json()["id"], "days": 5})
    assert answer.status_code == 201, answer.content
    s = answer.json()["summary"]
    assert s["areas"] == ["XX", "XX-A-1", "XX-A-2", "XX-B-1"] and len(s["dates"]) == 5
    assert np.array(s["median"])[0, 0].sum() > 0  # patients under treatment in the model


def test_demand_needs_a_protocol_and_a_forecast_or_scenario(api, outbreak):
    forecast = api.post("/runs/forecast", {"area": "XX", "as_of": DAY, "paths": 20}).json()
    missing = api.post("/runs/demand", {"run": forecast["id"]})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "modelling.no_protocol"
    _protocol()
    rt = api.post("/runs/rt", {"area": "XX", "as_of": DAY}).json()
    answer = api.post("/runs/demand", {"run": rt["id"]})
    assert answer.status_code == 422
    assert "demand needs a forecast or scenario" in answer.json()["error"]["message"]
    assert api.post("/runs/demand", {"run": 999999}).status_code == 404


def test_nowcast_of_a_line_list_area(api, outbreak):
    assert api.post("/runs/nowcast", {"area": "XX-A-1", "as_of": DAY}).json()["error"]["code"] == (
        "modelling.no_line_list"
    )
    ReportingSetting.objects.create(area=outbreak["XX-A-1"], keeps_line_list=True)
    rng = np.random.default_rng(1)
    cases = []
    for i in range(600):
        onset = AS_OF - dt.timedelta(days=int(rng.integers(0, 50)))
        report = onset + dt.timedelta(days=int(rng.integers(0, 5)))
        if report <= AS_OF + dt.timedelta(days=3):
            cases.append(
                Case(
                    case_id=f"C{i}",
                    area=outbreak["XX-A-1"],
                    onset_on=onset,
                    reported_on=report,
                    status="suspected",
                )
            )
    Case.objects.bulk_create(cases)
    answer = api.post("/runs/nowcast", {"area": "XX-A", "as_of": DAY, "samples": 50})
    assert answer.status_code == 201, answer.content
    s = answer.json()["summary"]
    assert s["dates"][-1] == DAY and s["observed"][-1] <= s["median"][-1]
    assert s["cases"] == sum(1 for c in cases if c.reported_on <= AS_OF)
