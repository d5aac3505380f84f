"""The demo outbreak: daily reports of every county, modelled on the 2022 scenario.

Reports start on 2022-05-12 (the first acknowledged fever cases), rise to about 400,000 new
fever cases a day nationally within a week, and fall over about three months. Provinces
peak at different heights and a few days apart; counties follow their province with noise.
A few reports arrive late, a few are corrected two days later, and a few counties fall
silent. Everything comes from one seed, and goes in through the normal report service with
the clock set to each report's time, so completeness and "as known at" work on it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings

from epicommand.clock import frozen
from epicommand.core.contract import DemoRun
from epicommand.surveillance.enums import Source
from epicommand.surveillance.models import ReportRevision
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.services import set_alert_rule, submit_reports

SEED = 20220512
FIRST_DAY = dt.date(2022, 5, 12)
DAYS = 91  # to 2022-08-10
PEAK_NATIONAL = 400_000
DAY = dt.timedelta(days=1)
SILENT_FROM_END = 6  # the silent counties stop reporting this many days before the end

ALERT_RULES = [
    ("county", "incidence", 3000.0),  # new fever cases per 100,000 in a day
    ("province", "growth", 50.0),  # week-on-week growth, per cent
    ("county", "deaths", 0.0),
    ("province", "completeness", 90.0),  # per cent of counties reporting
]


def national_curve(days: int) -> np.ndarray:
    """Share of the peak per day: up in 4 days, then down by about 9 % a day, so that three
    months on a few dozen cases a day remain (the 2022 reports fell from about 390,000 on
    day 4 to about 4,000 on day 50)."""
    t = np.arange(days, dtype=float)
    rise = np.minimum(1.0, 0.045 * np.exp(0.78 * t))
    fall = np.exp(-0.09 * np.maximum(t - 4, 0))
    return rise * fall


def county_cases(tree: ReportingTree, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """New fever cases per county and day, scaled so the national peak is PEAK_NATIONAL."""
    curve = national_curve(DAYS + 10)
    counties = [n for n in tree.nodes if tree.is_reporting(n)]
    provinces = {n.path[:8] for n in counties}
    lag = {p: int(rng.integers(0, 3)) for p in sorted(provinces)}
    height = {p: float(rng.lognormal(0.0, 0.35)) for p in sorted(provinces)}
    raw = {}
    for node in counties:
        province = node.path[:8]
        shifted = np.concatenate([np.zeros(lag[province]), curve])[:DAYS]
        noise = rng.lognormal(0.0, 0.15, size=DAYS)
        raw[node.code] = shifted * node.population * height[province] * noise
    total = sum(raw.values())
    scale = PEAK_NATIONAL / total.max()
    return {code: np.rint(series * scale).astype(np.int64) for code, series in raw.items()}


def figures(cases: np.ndarray, day: int, rng: np.random.Generator) -> dict[str, int]:
    """The other figures follow the day's fever cases (recovery after about six days)."""
    fever = int(cases[day])
    recovered = int(cases[day - 6]) if day >= 6 else 0
    cumulative = int(cases[: day + 1].sum())
    gone = int(cases[: max(day - 5, 0)].sum())
    return {
        "new_fever": fever,
        "new_confirmed": int(rng.binomial(fever, 0.012)),
        "new_recovered": recovered,
        "new_deaths": int(rng.binomial(fever, 0.00002)),
        "under_treatment": max(cumulative - gone, 0),
        "tests_done": int(rng.binomial(fever, 0.05)),
        "in_quarantine": int(fever * 2.5),
    }


def _filed_at(day: dt.date, late: bool) -> dt.datetime:
    local = ZoneInfo(settings.TIME_ZONE)
    hour = dt.time(11, 30) if late else dt.time(21, 0)
    return dt.datetime.combine(day + DAY if late else day, hour, tzinfo=local)


def _day_rows(counties: dict, day: int, silent: set[str], rng) -> tuple[list, list]:
    on_time, late = [], []
    for code, cases in counties.items():
        if code in silent and day >= DAYS - SILENT_FROM_END:
            continue
        row = {"area_code": code, "date": (FIRST_DAY + day * DAY).isoformat()}
        row.update(figures(cases, day, rng))
        (late if rng.random() < 0.03 else on_time).append(row)
    return on_time, late


def build_outbreak(run: DemoRun) -> None:
    """The demo step (``AppContract.demo``): the outbreak's daily reports, filed once."""
    if ReportRevision.objects.filter(source=Source.DEMO).exists():
        run.console.print("[green]✓[/green] outbreak: already there")
        return
    with run.console.status("Filing the demo outbreak's daily reports..."):
        county_count = _file_reports()
    run.console.print(
        f"[green]✓[/green] outbreak: {DAYS} days of reports from {county_count} counties "
        f"({FIRST_DAY} to {FIRST_DAY + (DAYS - 1) * DAY}), 4 counties silent at the end"
    )


def _file_reports() -> int:
    """File every day's reports, late ones and corrections; the number of counties."""
    rng = np.random.default_rng(SEED)
    tree = ReportingTree()
    counties = county_cases(tree, rng)
    silent = set(rng.choice(sorted(counties), size=4, replace=False).tolist())
    for level, kind, threshold in ALERT_RULES:
        set_alert_rule(actor=None, level=level, kind=kind, threshold=threshold)
    corrections: dict[int, list[dict]] = {}
    for day in range(DAYS):
        on = FIRST_DAY + day * DAY
        on_time, late = _day_rows(counties, day, silent, rng)
        with frozen(_filed_at(on, late=False)):
            submit_reports(actor=None, rows=on_time, source=Source.DEMO)
        if late:
            with frozen(_filed_at(on, late=True)):
                submit_reports(actor=None, rows=late, source=Source.DEMO)
        for row in on_time[:: max(len(on_time) // 2, 1)][:2]:
            fixed = {**row, "new_fever": int(row["new_fever"] * 1.1) + 1}
            corrections.setdefault(day + 2, []).append(fixed)
        if day in corrections:
            with frozen(_filed_at(on, late=False) + dt.timedelta(hours=1)):
                submit_reports(actor=None, rows=corrections.pop(day), source=Source.DEMO)
    return len(counties)
