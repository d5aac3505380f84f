"""The day totals every surveillance block of one report reads, fetched once per report.

"Now" reads use the roll-ups (``DailyTotal``); "as known at" a past moment sums the revisions
that were current then, so an old report can be reproduced exactly (``selectors.totals``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from epicommand.core.blocks import BlockContext
from epicommand.geo.tree import AreaNode
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.selectors import DAY, Totals, cumulative, totals

TREND_DAYS = 28


@dataclass(frozen=True)
class ReportFigures:
    tree: ReportingTree
    node: AreaNode
    children: list[AreaNode]
    daily: Totals  # (area id, day) -> figures, for the area and its children
    cum_now: dict[int, dict[str, int]]  # cumulative flows up to the as-of day per area


def reporting_tree(ctx: BlockContext) -> ReportingTree:
    """The report's area snapshot with the reporting settings, made once per report."""
    return ctx.shared("surveillance.tree", lambda: ReportingTree(ctx.tree))


def _read(ctx: BlockContext) -> ReportFigures:
    tree = reporting_tree(ctx)
    node = tree.by_id[ctx.area.id]
    children = tree.children(node.path)
    nodes = [node, *children]
    start = min(ctx.as_of - (TREND_DAYS - 1) * DAY, ctx.as_of - 14 * DAY)
    actor, known_at = ctx.actor, ctx.known_at
    daily = totals(
        actor=actor, tree=tree, nodes=nodes, start=start, end=ctx.as_of, known_at=known_at
    )
    cum_now = cumulative(actor=actor, tree=tree, nodes=nodes, end=ctx.as_of, known_at=known_at)
    return ReportFigures(tree, node, children, daily, cum_now)


def report_figures(ctx: BlockContext) -> ReportFigures:
    return ctx.shared("surveillance.figures", lambda: _read(ctx))


def days_back(as_of: dt.date, count: int) -> list[dt.date]:
    """``count`` days ending on ``as_of``, oldest first."""
    return [as_of - (count - 1 - i) * DAY for i in range(count)]
