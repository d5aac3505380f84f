"""Services store each run with its parameters, as-of day and inputs; a number can be traced
back to them; bad parameters and roles are refused with reasons."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from epicommand.accounts.roles import Role
from epicommand.analytics.rt import estimate_rt_parametric
from epicommand.audit.models import AuditEvent
from epicommand.errors import PermissionDenied
from epicommand.modelling import params, services
from epicommand.modelling.enums import RunKind, Via
from epicommand.modelling.errors import InvalidParameter, NotEnoughData
from epicommand.modelling.models import ModelRun
from epicommand.modelling.series import read_series
from epicommand.surveillance.reporting import ReportingTree
from tests.factories import make_user
from tests.modelling.factories import AS_OF, DAYS, fever, file_outbreak, set_places

SMALL = {"paths": 50}
pytestmark = pytest.mark.django_db


def test_rt_run_stores_parameters_as_of_inputs_and_one_audit_event(outbreak, analyst):
    run = services.run_rt(actor=analyst, area_code="XX", as_of=AS_OF, parameters={"window": 14})
    stored = ModelRun.objects.get()
    assert stored.kind == RunKind.RT and stored.area.code == "XX" and stored.as_of == AS_OF
    assert stored.parameters["window"] == 14 and stored.parameters["si_mean"] == 3.5
    assert stored.created_by == analyst and stored.requested_via == Via.API
    assert stored.inputs_known_at <= stored.created_at
    event = AuditEvent.objects.get(action="modelling.run_rt")
    assert event.object_id == str(run.pk) and event.after["parameters"]["window"] == 14
    latest = run.summary["latest"]
    assert latest["end"] == AS_OF.isoformat() and latest["lower_95"] < latest["median"]


def test_rt_from_the_database_is_the_csv_command_s_estimate(outbreak):
    run = services.run_rt(actor=None, area_code="XX-B-1", as_of=AS_OF)
    values = [fever("XX-B-1", d) for d in range(DAYS)]
    est = estimate_rt_parametric(np.array(values, float), 3.5, 2.4, window=7)
    assert run.summary["latest"]["mean"] == pytest.approx(est.mean[-1], abs=1e-4)
    assert len(run.summary["windows"]) == est.mean.size


def test_a_stored_forecast_is_traced_to_its_inputs_and_drawn_again_the_same(outbreak):
    run = services.run_forecast(actor=None, area_code="XX", as_of=AS_OF, parameters=SMALL)
    p = params.parse(RunKind.FORECAST, run.parameters)
    tree = ReportingTree()
    node = tree.by_code["XX"]
    again = read_series(
        actor=None, tree=tree, node=node, as_of=AS_OF, p=p, known_at=run.inputs_known_at
    )
    assert again.digest() == run.inputs_digest
    twin = services.run_forecast(actor=None, area_code="XX", as_of=AS_OF, parameters=SMALL)
    assert twin.summary == run.summary  # same inputs and seed: same numbers


def test_forecast_covers_the_area_and_every_reporting_area_with_baselines(outbreak):
    run = services.run_forecast(
        actor=None, area_code="XX", as_of=AS_OF, parameters=SMALL | {"horizon": 14}
    )
    s = run.summary
    assert set(s["areas"]) == {"XX-A-1", "XX-A-2", "XX-B-1"}
    assert len(s["dates"]) == 14 and s["dates"][0] == (AS_OF + dt.timedelta(days=1)).isoformat()
    own = s["own"]
    assert all(
        a <= b <= c for a, b, c in zip(own["lower_90"], own["median"], own["upper_90"], strict=True)
    )
    assert set(s["baselines"]) == {"baseline_mean", "baseline_last"}


def test_backtest_scores_the_renewal_method_against_both_baselines(outbreak):
    run = services.run_backtest(actor=None, area_code="XX", as_of=AS_OF, parameters=SMALL)
    s = run.summary
    assert s["methods"] == ["renewal", "baseline_mean", "baseline_last"]
    assert len(s["origins"]) >= 2 and s["relative_wis"]["baseline_mean"] == 1.0
    assert all(0 <= s["coverage_90"][m] <= 1 for m in s["methods"])


def test_backtest_needs_enough_days_and_says_how_many(outbreak):
    with pytest.raises(NotEnoughData, match="needs at least 28 days of data"):
        services.run_backtest(
            actor=None, area_code="XX", as_of=AS_OF - dt.timedelta(days=40), parameters=SMALL
        )


def test_every_bad_parameter_is_listed_with_its_reason(outbreak):
    with pytest.raises(InvalidParameter) as caught:
        services.run_forecast(
            actor=None,
            area_code="XX",
            as_of=AS_OF,
            parameters={"si_mean": 1, "window": 0, "horizon": 29, "paths": 6000, "tau": 1},
        )
    reasons = {d["field"]: d["reason"] for d in caught.value.details}
    assert reasons == {
        "tau": "unknown parameter",
        "si_mean": "must be > 1, got 1",
        "window": "must be >= 1, got 0",
        "horizon": "must be <= 28, got 29",
        "paths": "must be <= 5000, got 6000",
    }
    assert ModelRun.objects.count() == 0


def test_an_all_zero_series_is_refused_not_estimated(country):
    set_places()
    file_outbreak(zero=True)
    with pytest.raises(NotEnoughData, match="Rt is not identifiable from zeros"):
        services.run_rt(actor=None, area_code="XX", as_of=AS_OF)


def test_fewer_days_than_a_window_are_refused(outbreak):
    with pytest.raises(NotEnoughData, match="a 14-day window needs at least 15"):
        services.run_rt(
            actor=None,
            area_code="XX",
            as_of=AS_OF - dt.timedelta(days=DAYS - 10),
            parameters={"window": 14},
        )


def test_an_observer_may_not_run_models(outbreak):
    observer = make_user("obs", Role.OBSERVER, outbreak["XX"])
    with pytest.raises(PermissionDenied):
        services.run_rt(actor=observer, area_code="XX", as_of=AS_OF)


def test_an_as_of_day_after_today_is_refused(outbreak):
    with pytest.raises(InvalidParameter, match="as_of"):
        services.run_rt(actor=None, area_code="XX", as_of=dt.date(2999, 1, 1))
