"""The situation report's modelling blocks: Rt, the forecast with its backtest, the scenario.

A block is what ``SituationReport.blocks`` holds by name; the reports app renders any block
through four members: ``as_json()`` (the API and ``--format json``), ``markdown()``,
``charts()`` (Vega-Lite specs by name) and ``template`` (the page and PDF body, given
``block`` and ``block_charts``). A block that cannot be shown says why (``reason``): a
forecast without a backtest is never shown.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from epicommand.modelling import charts
from epicommand.modelling.models import ModelRun
from epicommand.surveillance.figures import LABELS
from epicommand.web.formatting import number

RT_DAYS = charts.RT_WEEKS * 7
FORECAST_DAYS = (1, 7, 14, 21, 28)


#: Chart specs by (chart, run, language). A stored run never changes, so its chart is built
#: once per language: building a spec costs ~0.1 s, and the national report shows three.
_SPECS: OrderedDict[tuple, dict] = OrderedDict()
_SPECS_LOCK = threading.Lock()  # the server answers on several threads
SPEC_CACHE_SIZE = 256


def cached_spec(name: str, run: dict, make: Callable[[dict], dict], summary: dict) -> dict:
    """``make(summary)``, built once per run and language (least recently used dropped)."""
    key = (name, run["id"], run["created_at"], run["inputs_digest"], get_language())
    with _SPECS_LOCK:
        if key in _SPECS:
            _SPECS.move_to_end(key)
            return _SPECS[key]
    spec = make(summary)
    with _SPECS_LOCK:
        _SPECS[key] = spec
        while len(_SPECS) > SPEC_CACHE_SIZE:
            _SPECS.popitem(last=False)
    return spec


def run_meta(run: ModelRun) -> dict:
    """What traces a number to its inputs: the run, its day, when its inputs were read, how
    it was asked for, and every parameter (seed included)."""
    return {
        "id": run.pk,
        "kind": run.kind,
        "as_of": run.as_of.isoformat(),
        "inputs_known_at": run.inputs_known_at.isoformat(),
        "inputs_digest": run.inputs_digest,
        "created_at": run.created_at.isoformat(),
        "requested_via": run.requested_via,
        "parameters": run.parameters,
        "warnings": run.warnings,
    }


def method_label(method: str) -> str:
    return {
        "renewal": _("Renewal equation (Rt)"),
        "baseline_mean": _("Last week's average"),
        "baseline_last": _("Last value"),
    }.get(method, method)


def _trace(meta: dict) -> str:
    return _("run %(id)s, inputs as known at %(at)s") % {
        "id": meta["id"],
        "at": meta["inputs_known_at"][:16].replace("T", " "),
    }


def interval(low: float, high: float, digits: int = 0) -> str:
    if digits:
        return f"{low:.{digits}f}–{high:.{digits}f}"
    return f"{number(round(low))}–{number(round(high))}"


@dataclass
class RtBlock:
    run: dict | None = None
    summary: dict | None = None
    reason: str = ""
    template: ClassVar[str] = "modelling/blocks/rt.html"

    @property
    def available(self) -> bool:
        return self.summary is not None

    def as_json(self) -> dict:
        if not self.available:
            return {"available": False, "reason": self.reason}
        return {
            "available": True,
            "run": self.run,
            "figure": self.summary["figure"],
            "latest": self.summary["latest"],
            "windows": self.summary["windows"][-RT_DAYS:],
        }

    def charts(self) -> dict[str, dict]:
        if not self.available:
            return {}
        return {"rt": cached_spec("rt", self.run, charts.rt_chart, self.summary)}

    def trace(self) -> str:
        return _trace(self.run)

    def headline(self) -> str:
        latest = self.summary["latest"]
        return _("Rt %(median).2f (95 %% interval %(range)s), window %(start)s to %(end)s") % {
            "median": latest["median"],
            "range": interval(latest["lower_95"], latest["upper_95"], 2),
            "start": latest["start"],
            "end": latest["end"],
        }

    def markdown(self) -> list[str]:
        lines = ["## " + _("Reproduction number (Rt)"), ""]
        if not self.available:
            return [*lines, _("Not estimated: %(reason)s") % {"reason": self.reason}, ""]
        return [*lines, self.headline(), "", f"_{_trace(self.run)}_", ""]


@dataclass
class ForecastBlock:
    run: dict | None = None
    summary: dict | None = None
    backtest_run: dict | None = None
    backtest: dict | None = None
    reason: str = ""
    without_backtest: bool = False  # the reason is why no backtest could be made
    template: ClassVar[str] = "modelling/blocks/forecast.html"

    @property
    def available(self) -> bool:
        return self.summary is not None and self.backtest is not None

    def as_json(self) -> dict:
        if not self.available:
            return {"available": False, "reason": self.reason, "backtest": None}
        keys = (
            "methods",
            "origins",
            "horizon",
            "mean_wis",
            "relative_wis",
            "coverage_50",
            "coverage_90",
            "best",
        )
        return {
            "available": True,
            "run": self.run,
            "figure": self.summary["figure"],
            "dates": self.summary["dates"],
            **self.summary["own"],
            "rt": self.summary["rt"],
            "backtest_run": self.backtest_run,
            "backtest": {k: self.backtest[k] for k in keys},
        }

    def charts(self) -> dict[str, dict]:
        if not self.available:
            return {}
        return {"forecast": cached_spec("forecast", self.run, charts.fan_chart, self.summary)}

    def trace(self) -> str:
        return _trace(self.run) + " · " + _("backtest") + " " + _trace(self.backtest_run)

    def figure_label(self) -> str:
        return str(LABELS.get(self.summary["figure"], self.summary["figure"]))

    def rows(self) -> list[dict]:
        """Days 1, 7, 14, 21 and 28 ahead (those within the horizon)."""
        own, dates = self.summary["own"], self.summary["dates"]
        return [
            {
                "ahead": day,
                "date": dates[day - 1],
                "median": number(round(own["median"][day - 1])),
                "interval_50": interval(own["lower_50"][day - 1], own["upper_50"][day - 1]),
                "interval_90": interval(own["lower_90"][day - 1], own["upper_90"][day - 1]),
            }
            for day in FORECAST_DAYS
            if day <= len(dates)
        ]

    def scores(self) -> list[dict]:
        b = self.backtest
        return [
            {
                "method": method_label(m),
                "wis": number(b["mean_wis"][m]),
                "relative": f"{b['relative_wis'][m]:.2f}",
                "coverage_50": f"{b['coverage_50'][m] * 100:.0f} %",
                "coverage_90": f"{b['coverage_90'][m] * 100:.0f} %",
                "best": m == b["best"],
            }
            for m in b["methods"]
        ]

    def backtest_note(self) -> str:
        b = self.backtest
        return _(
            "Backtest: %(count)s forecasts of %(horizon)s days, made from %(first)s to %(last)s "
            "with only the data known up to each; weighted interval score (lower is better) "
            "and how often the 50 %% and 90 %% intervals held the reported count."
        ) % {
            "count": len(b["origins"]),
            "horizon": b["horizon"],
            "first": b["origins"][0],
            "last": b["origins"][-1],
        }

    def missing(self) -> str:
        """Why there is no forecast; without a backtest there is none to show."""
        if self.without_backtest:
            lead = _(
                "No forecast is shown without its backtest score, and no backtest was possible"
            )
        else:
            lead = _("No forecast")
        return f"{lead}: {self.reason}"

    def markdown(self) -> list[str]:
        lines = ["## " + _("Forecast"), ""]
        if not self.available:
            return [*lines, self.missing(), ""]
        head = [_("Days ahead"), _("Date"), _("Median"), _("50 % interval"), _("90 % interval")]
        table = [
            [r["ahead"], r["date"], r["median"], r["interval_50"], r["interval_90"]]
            for r in self.rows()
        ]
        scores = [
            [s["method"], s["wis"], s["relative"], s["coverage_50"], s["coverage_90"]]
            for s in self.scores()
        ]
        score_head = [_("Method"), _("WIS"), _("relative"), _("50 % coverage"), _("90 % coverage")]
        return [
            *lines,
            f"{self.figure_label()} · _{self.trace()}_",
            "",
            *md_table(head, table),
            "",
            self.backtest_note(),
            "",
            *md_table(score_head, scores),
            "",
        ]


@dataclass
class ScenarioBlock:
    run: dict
    summary: dict
    template: ClassVar[str] = "modelling/blocks/scenario.html"
    available: ClassVar[bool] = True

    def as_json(self) -> dict:
        keys = ("dates", "r0", "rt", "areas_modelled", "seeded", "comparison")
        return {
            "available": True,
            "run": self.run,
            **{k: self.summary[k] for k in keys},
            **{s: {k: v for k, v in self.summary[s].items() if k != "areas"} for s in ("a", "b")},
        }

    def charts(self) -> dict[str, dict]:
        return {"scenario": cached_spec("scenario", self.run, charts.scenario_chart, self.summary)}

    def trace(self) -> str:
        return _trace(self.run)

    def days(self) -> int:
        return len(self.summary["dates"])

    def totals(self) -> list[dict]:
        names = charts.scenario_names(self.summary)
        rows = []
        for key in ("a", "b"):
            s = self.summary[key]
            rows.append(
                {
                    "name": names[key],
                    "cases": number(round(s["total_cases"]["median"])),
                    "cases_90": interval(
                        s["total_cases"]["lower_90"], s["total_cases"]["upper_90"]
                    ),
                    "deaths": number(round(s["total_deaths"]["median"])),
                    "deaths_90": interval(
                        s["total_deaths"]["lower_90"], s["total_deaths"]["upper_90"]
                    ),
                }
            )
        return rows

    def chance(self) -> str:
        c = self.summary["comparison"]
        return _(
            "In %(cases)s of the paired runs the interventions give fewer cases, in "
            "%(deaths)s fewer deaths."
        ) % {
            "cases": f"{c['probability_fewer_cases'] * 100:.0f} %",
            "deaths": f"{c['probability_fewer_deaths'] * 100:.0f} %",
        }

    def markdown(self) -> list[str]:
        head = [
            _("Scenario"),
            _("Cases (median)"),
            _("90 % interval"),
            _("Deaths (median)"),
            _("90 % interval"),
        ]
        rows = [
            [r["name"], r["cases"], r["cases_90"], r["deaths"], r["deaths_90"]]
            for r in self.totals()
        ]
        days = len(self.summary["dates"])
        return [
            "## " + _("Scenario comparison"),
            "",
            _("%(days)s days from %(day)s · %(trace)s")
            % {"days": days, "day": self.run["as_of"], "trace": self.trace()},
            "",
            *md_table(head, rows),
            "",
            self.chance(),
            "",
        ]


@dataclass
class NowcastBlock:
    """The analytics page's nowcast of a line-list area (not part of the situation report)."""

    run: dict | None = None
    summary: dict | None = None
    reason: str = ""
    template: ClassVar[str] = "modelling/blocks/nowcast.html"

    @property
    def available(self) -> bool:
        return self.summary is not None

    def as_json(self) -> dict:
        if not self.available:
            return {"available": False, "reason": self.reason}
        return {"available": True, "run": self.run, **self.summary}

    def charts(self) -> dict[str, dict]:
        if not self.available:
            return {}
        return {"nowcast": cached_spec("nowcast", self.run, charts.nowcast_chart, self.summary)}

    def trace(self) -> str:
        return _trace(self.run)

    def markdown(self) -> list[str]:
        return []


def md_table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "| --- " + "| ---: " * (len(header) - 1) + "|"]
    return lines + ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
