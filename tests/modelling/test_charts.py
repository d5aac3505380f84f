"""The modelling charts are valid Vega-Lite, the same for the same run, and translated."""

from __future__ import annotations

import json

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v5.schema.core import load_schema
from django.utils import translation

from epicommand.modelling import charts, services
from tests.modelling.factories import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def summaries(outbreak):
    common = {"actor": None, "area_code": "XX", "as_of": AS_OF}
    small = {"runs": 5, "days": 12, "r0": 1.4}
    return {
        "rt": services.run_rt(**common).summary,
        "forecast": services.run_forecast(**common, parameters={"paths": 30}).summary,
        "scenario": services.run_scenario(**common, parameters=small).summary,
    }


def test_specs_are_valid_vega_lite_and_repeatable(summaries):
    makers = {
        "rt": charts.rt_chart,
        "forecast": charts.fan_chart,
        "scenario": charts.scenario_chart,
    }
    for name, make in makers.items():
        with translation.override("ko"):
            spec = make(summaries[name])
        validate_jsonschema(spec, load_schema())  # raises on any error
        with translation.override("ko"):
            assert json.dumps(make(summaries[name]), sort_keys=True) == json.dumps(
                spec, sort_keys=True
            )


def test_nowcast_chart_is_valid_with_unknown_days():
    summary = {
        "dates": ["2022-04-01", "2022-04-02"],
        "observed": [3.0, 1.0],
        "median": [3.0, None],
        "lower_90": [3.0, None],
        "upper_90": [4.0, None],
    }
    validate_jsonschema(charts.nowcast_chart(summary), load_schema())


def test_titles_follow_the_language(summaries):
    with translation.override("ko"):
        korean = json.dumps(charts.rt_chart(summaries["rt"]), ensure_ascii=False)
    with translation.override("en"):
        english = json.dumps(charts.rt_chart(summaries["rt"]))
    assert "재생산수 Rt" in korean and "Reproduction number Rt" in english
    names = charts.scenario_names(summaries["scenario"])
    assert names == {"a": "No intervention", "b": "With interventions"}
