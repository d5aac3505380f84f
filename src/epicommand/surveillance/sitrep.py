"""Assemble the situation report of an area for a day from the roll-ups (or, "as known at"
a past timestamp, from the revisions current then)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from epicommand.clock import now
from epicommand.surveillance.figures import FLOWS
from epicommand.surveillance.reporting import Tree, TreeNode
from epicommand.surveillance.selectors import (
    DAY,
    alerts_for,
    completeness,
    cumulative,
    get_node,
    totals,
)
from epicommand.surveillance.situation import (
    AlertView,
    ChildRow,
    Headline,
    Series,
    SituationReport,
)

TREND_DAYS = 28
CUMULATIVE = {
    "cum_fever": "new_fever",
    "cum_confirmed": "new_confirmed",
    "cum_recovered": "new_recovered",
    "cum_deaths": "new_deaths",
}
DAILY = ("new_fever", "new_confirmed", "new_recovered", "new_deaths", "under_treatment")

#: Functions that add blocks to every report, called after it is built as
#: ``provider(actor=, report=, tree=, node=)`` and returning ``{name: block}``. Apps register
#: theirs in ``AppConfig.ready`` (modelling adds Rt, forecast and scenario); this module
#: imports none of them, so the dependency points from those apps to surveillance.
BlockProvider = Callable[..., dict[str, object]]
_BLOCK_PROVIDERS: list[BlockProvider] = []


def register_block_provider(provider: BlockProvider) -> None:
    """Add ``provider`` to every situation report (once, whatever the number of calls)."""
    if provider not in _BLOCK_PROVIDERS:
        _BLOCK_PROVIDERS.append(provider)


def _headline(daily: dict, cum: dict[dt.date, dict], node_id: int, as_of: dt.date) -> dict:
    days = (as_of, as_of - DAY, as_of - 7 * DAY)
    out: dict[str, Headline] = {}
    for name in DAILY:
        values = [daily[(node_id, d)][name] if (node_id, d) in daily else None for d in days]
        out[name] = Headline(*values)
    for key, flow in CUMULATIVE.items():
        out[key] = Headline(*(cum[d][flow] for d in days))
    return out


def _cumulative_at(daily: dict, base: dict[str, int], node_id: int, as_of: dt.date) -> dict:
    """Cumulative flows at as_of, the day before and 7 days before, from one base sum."""
    result = {as_of: dict(base)}
    running = dict(base)
    for offset in range(0, 7):
        day = as_of - offset * DAY
        for f in FLOWS:
            running[f] -= daily.get((node_id, day), {}).get(f, 0)
        result[day - DAY] = dict(running)
    return result


def _children(tree, node, as_of, daily, cum) -> list[ChildRow]:
    rows = []
    for child in tree.children(node.path):
        today = daily.get((child.id, as_of))
        week = sum(daily.get((child.id, as_of - i * DAY), {}).get("new_fever", 0) for i in range(7))
        expected = tree.reporting_counts[child.id]
        rows.append(
            ChildRow(
                code=child.code,
                name=child.name,
                name_local=child.name_local,
                population=child.population,
                new_fever=today["new_fever"] if today else None,
                new_confirmed=today["new_confirmed"] if today else None,
                new_deaths=today["new_deaths"] if today else None,
                under_treatment=today["under_treatment"] if today else None,
                cum_fever=cum[child.id]["new_fever"],
                cum_deaths=cum[child.id]["new_deaths"],
                week_fever=week,
                incidence_per_100k=(week * 100_000 / child.population)
                if child.population
                else None,
                reporting_expected=expected,
                reporting_received=today["reports"] if today else 0,
                lat=child.lat,
                lon=child.lon,
            )
        )
    return rows


def _trend(daily: dict, node: TreeNode, as_of: dt.date) -> Series:
    days = [as_of - (TREND_DAYS - 1 - i) * DAY for i in range(TREND_DAYS)]
    values = {
        name: [daily[(node.id, d)][name] if (node.id, d) in daily else None for d in days]
        for name in DAILY
    }
    return Series(dates=days, values=values)


def _alerts(actor, node: TreeNode, as_of: dt.date) -> list[AlertView]:
    return [
        AlertView(
            id=a.pk,
            rule=a.rule.get_kind_display(),
            area_code=a.area.code,
            area_name=a.area.name,
            on=a.on,
            message=f"{a.rule} = {a.value:,.1f}",
            severity="high" if a.rule.kind in ("deaths", "incidence") else "medium",
            acknowledged=a.acknowledged_at is not None,
        )
        for a in alerts_for(actor, node, as_of)
    ]


def build(*, actor, area_code: str, as_of: dt.date, known_at: dt.datetime | None = None):
    tree = Tree()
    node = get_node(actor, area_code, tree)
    nodes = [node, *tree.children(node.path)]
    start = as_of - (TREND_DAYS - 1) * DAY
    daily = totals(tree, nodes, min(start, as_of - 14 * DAY), as_of, known_at)
    cum_now = cumulative(tree, nodes, as_of, known_at)
    own_cum = _cumulative_at(daily, cum_now[node.id], node.id, as_of)
    headline = _headline(daily, own_cum, node.id, as_of)
    # Case fatality over all reported (fever) cases: most cases are never tested.
    cases, deaths = headline["cum_fever"].value, headline["cum_deaths"].value
    report = SituationReport(
        area_code=node.code,
        area_name=node.name,
        area_name_local=node.name_local,
        level=node.level,
        population=node.population,
        as_of=as_of,
        known_at=known_at,
        generated_at=now(),
        headline=headline,
        case_fatality=(deaths / cases) if cases else None,
        trend=_trend(daily, node, as_of),
        children=_children(tree, node, as_of, daily, cum_now),
        completeness=completeness(tree, node, as_of, known_at),
        alerts=_alerts(actor, node, as_of),
    )
    for provider in _BLOCK_PROVIDERS:
        report.blocks.update(provider(actor=actor, report=report, tree=tree, node=node))
    return report
