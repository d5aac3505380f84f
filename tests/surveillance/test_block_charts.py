"""The surveillance blocks' Vega-Lite specs: deterministic, translated, the as-of day marked,
the right kind of map."""

from __future__ import annotations

import json

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v5.schema.core import load_schema
from django.utils import translation

from epicommand.surveillance.blocks.trend import trailing_mean
from tests.reports.factories import AS_OF, make_situation_report


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def layers(spec: dict) -> list[dict]:
    """Every unit spec (one with a mark) inside a spec."""
    if "mark" in spec:
        return [spec]
    found = []
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            found += layers(child)
    if "spec" in spec:
        found += layers(spec["spec"])
    return found


def chart_specs(report) -> dict[str, dict]:
    """Every chart of the report's blocks by name."""
    specs: dict[str, dict] = {}
    for block in report.blocks.values():
        if hasattr(block, "charts"):
            specs.update(block.charts())
    return specs


def map_chart(report) -> dict | None:
    block = report.blocks.get("map")
    return block.charts().get("map") if block is not None else None


def children(report):
    return report.blocks["children"].children


def mark_types(spec: dict) -> set[str]:
    return {(u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"]) for u in layers(spec)}


@pytest.mark.parametrize("with_geometry", [False, True], ids=["tiles", "boundaries"])
def test_specs_are_valid_vega_lite(with_geometry):
    report = make_situation_report(with_geometry=with_geometry)
    with translation.override("ko"):
        specs = chart_specs(report)
    for spec in specs.values():
        validate_jsonschema(spec, load_schema())  # raises on any error


def test_specs_are_the_same_for_the_same_report_and_carry_no_generated_names():
    report = make_situation_report()
    first = json.dumps(chart_specs(report), sort_keys=True)
    assert first == json.dumps(chart_specs(make_situation_report()), sort_keys=True)
    assert "param_" not in first and '"data-' not in first and "view_" not in first
    assert json.loads(first)["trend"]["$schema"].startswith(
        "https://vega.github.io/schema/vega-lite/v5"
    )


def test_trend_has_bars_and_a_seven_day_mean_per_figure_and_marks_the_as_of_day():
    spec = make_situation_report().blocks["trend"].charts()["trend"]
    panels = spec["vconcat"]
    assert [p["title"] for p in panels] == ["New fever cases", "New confirmed"]
    assert mark_types(spec) == {"bar", "line"}
    fever = panels[0]["data"]["values"]
    assert len(fever) == 28 and fever[-1]["date"] == AS_OF.isoformat()
    assert [row["date"] for row in fever if row["as_of"]] == [AS_OF.isoformat()]
    assert fever[-1]["value"] == 219_030
    assert fever[-1]["mean7"] == round(
        sum([296_180, 392_920, 269_510, 232_880, 262_270, 263_370, 219_030]) / 7, 1
    )
    bar = next(u for u in layers(spec) if u["mark"]["type"] == "bar")
    assert bar["encoding"]["color"]["condition"]["test"] == "datum.as_of"
    ticks = bar["encoding"]["x"]["axis"]["values"]
    assert ticks[-1] == AS_OF.isoformat() and len(ticks) == 4


def test_trailing_mean_waits_for_a_full_week_and_skips_days_without_report():
    values = [7, 7, 7, 7, 7, 7, 14, None, 0]
    assert trailing_mean(values) == [None] * 6 + [8.0, 8.2, 7.0]
    assert trailing_mean([None] * 8) == [None] * 8
    assert trailing_mean([]) == []


def test_titles_and_labels_follow_the_language():
    report = make_situation_report()
    with translation.override("ko"):
        text = json.dumps(chart_specs(report), ensure_ascii=False)
    assert "최근 28일" in text and "신규 발열자" in text and "10만 명당" in text
    assert "평양시" in text  # tiles labelled with the local name in Korean
    assert "Last 28 days" not in text


def test_without_boundaries_the_map_is_a_tile_map_with_one_tile_per_area():
    spec = map_chart(make_situation_report())
    assert mark_types(spec) == {"rect", "text"}
    rows = spec["data"]["values"]
    assert sorted(r["code"] for r in rows) == sorted(
        c.code for c in children(make_situation_report())
    )
    assert len({(r["row"], r["col"]) for r in rows}) == 13
    rason = next(r for r in rows if r["code"] == "KP-13")
    assert rason["value"] is None and rason["shown"] == "–"
    rect = next(u for u in layers(spec) if u["mark"]["type"] == "rect")
    assert rect["mark"]["invalid"] is None  # areas without a figure are drawn, in grey
    assert rect["encoding"]["color"]["field"] == "value"


def test_with_boundaries_the_map_is_a_choropleth_of_incidence():
    spec = map_chart(make_situation_report(with_geometry=True))
    assert mark_types(spec) == {"geoshape"}
    assert spec["projection"]["type"] == "mercator"
    assert spec["encoding"]["color"]["field"] == "properties.value"
    features = spec["data"]["values"]
    assert len(features) == 13 and {f["type"] for f in features} == {"Feature"}
    pyongyang = next(f for f in features if f["properties"]["code"] == "KP-01")
    assert pyongyang["properties"]["value"] == 9691.4


def test_one_area_without_boundary_falls_back_to_tiles_and_no_children_to_no_map():
    report = make_situation_report(with_geometry=True)
    rows = [*children(report)[:-1], children(make_situation_report())[-1]]
    partial = make_situation_report(with_geometry=True, children=rows)
    assert mark_types(map_chart(partial)) == {"rect", "text"}
    empty = make_situation_report(children=[])
    assert map_chart(empty) is None
    assert set(chart_specs(empty)) == {"trend"}
