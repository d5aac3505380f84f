"""Markdown and JSON: the stable headline keys, their values and changes, None kept None."""

from __future__ import annotations

import json

from django.utils import translation

from epicommand.reports.render import render_markdown, report_json
from epicommand.surveillance.situation import HEADLINE_KEYS, Headline
from tests.reports.factories import HEADLINE, make_situation_report


def test_json_has_every_headline_key_with_value_and_changes():
    data = report_json(make_situation_report())
    assert list(data["headline"]) == list(HEADLINE_KEYS)
    assert data["headline"]["new_fever"] == {
        "value": 219_030,
        "day_before": 263_370,
        "week_before": 174_440,
        "change_day": 219_030 - 263_370,
        "change_week": 219_030 - 174_440,
    }
    for key, figure in HEADLINE.items():
        out = data["headline"][key]
        assert out["change_day"] == figure.value - figure.day_before


def test_json_changes_are_none_where_a_figure_is_missing():
    headline = {**HEADLINE, "new_deaths": Headline(None, 3, 4)}
    del headline["cum_deaths"]
    data = report_json(make_situation_report(headline=headline))
    assert data["headline"]["new_confirmed"]["week_before"] is None
    assert data["headline"]["new_confirmed"]["change_week"] is None
    assert data["headline"]["new_confirmed"]["change_day"] == -11
    assert data["headline"]["new_deaths"]["change_day"] is None
    assert data["headline"]["cum_deaths"] == dict.fromkeys(
        ("value", "day_before", "week_before", "change_day", "change_week")
    )


def test_json_dates_are_iso_and_the_whole_report_serialises():
    report = make_situation_report(with_geometry=True)
    data = json.loads(json.dumps(report_json(report)))
    assert data["as_of"] == "2022-05-20" and data["known_at"] is None
    assert data["generated_at"] == "2022-05-21T00:30:00+00:00"
    assert data["area"] == {
        "code": "KP",
        "name": "Democratic People's Republic of Korea",
        "name_local": "조선민주주의인민공화국",
        "level": "country",
        "population": 25_936_002,
    }
    assert abs(data["case_fatality"] - 63 / 627) < 1e-12
    assert data["trend"]["dates"][0] == "2022-04-23" and len(data["trend"]["dates"]) == 28
    assert data["trend"]["values"]["new_fever"][-1] == 219_030
    assert data["trend"]["values"]["new_fever"][8] is None
    assert data["trend"]["mean7"]["new_fever"][:6] == [None] * 6


def test_json_children_completeness_and_alerts():
    data = report_json(make_situation_report(with_geometry=True))
    rason = next(c for c in data["children"] if c["code"] == "KP-13")
    assert rason["incidence_per_100k"] is None and rason["new_fever"] is None
    assert rason["name_local"] == "라선특별시" and rason["has_geometry"] is True
    assert "geometry" not in rason
    completeness = data["completeness"]
    assert completeness["expected"] == 212 and completeness["received"] == 205
    assert (completeness["on_time"], completeness["late"], completeness["missing"]) == (196, 9, 7)
    assert abs(completeness["rate"] - 205 / 212) < 1e-12
    assert completeness["silent"][0] == {
        "code": "KP-13-001",
        "name": "Rajin District",
        "name_local": "라진구역",
        "last_report_on": "2022-05-17",
    }
    assert completeness["silent"][1]["last_report_on"] is None
    assert [a["id"] for a in data["alerts"]] == [41, 37]
    assert data["alerts"][0]["on"] == "2022-05-20" and data["alerts"][0]["acknowledged"] is False


def test_markdown_names_the_stable_keys_with_their_values():
    with translation.override("en"):
        text = render_markdown(make_situation_report())
    assert text.startswith("# Situation report: Democratic People's Republic of Korea")
    for key in HEADLINE_KEYS:
        assert f"(`{key}`)" in text
    assert "| New fever cases (`new_fever`) | 219,030 | ▼ -44,340 | ▲ +44,590 |" in text
    assert "| New confirmed (`new_confirmed`) | 104 | ▼ -11 | – |" in text
    assert "Case fatality (`case_fatality`): 10.048 %" in text
    assert "205 of 212 reports received (96.7 %)" in text
    assert "| Pyongyang 평양시 | KP-01 | 9,691.4 |" in text
    assert "- Musan County 무산군 (KP-09-014): no report yet" in text
    assert "(acknowledged)" in text and text.endswith("\n")


def test_markdown_areas_run_from_the_highest_incidence_with_unknown_last():
    with translation.override("en"):
        text = render_markdown(make_situation_report())
    rows = [line for line in text.splitlines() if line.startswith("| ") and "| KP-" in line]
    assert rows[0].startswith("| Pyongyang") and rows[-1].startswith("| Rason")


def test_markdown_in_korean_and_with_known_at():
    import datetime as dt

    known_at = dt.datetime(2022, 5, 20, 15, 0, tzinfo=dt.UTC)
    with translation.override("ko"):
        text = render_markdown(make_situation_report(known_at=known_at))
    assert text.startswith("# 상황 보고서: ")
    assert "2022-05-21T00:00+09:00 시점 자료" in text
    assert "신규 발열자 (`new_fever`)" in text
