"""Scoped reads of surveillance data: series, completeness, alerts.

"Now" reads use the roll-ups (``DailyTotal``); a read "as known at" a past timestamp sums
the revisions that were current then, so an old report can be reproduced exactly.

Every read of an area's figures takes the actor. An area named by code comes from the
scoped getter (``geo.tree.get_node``); nodes handed in (an area and the areas below it, from
the caller's tree) are checked against the actor's scope in memory
(``core.scope.require_area``), so a node outside it raises the same NotFound as a missing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, Q, Sum

from epicommand import clock
from epicommand.core import scope
from epicommand.geo.tree import AreaNode, get_node
from epicommand.surveillance import rollup
from epicommand.surveillance.figures import FIGURE_NAMES, FLOWS
from epicommand.surveillance.models import Alert, DailyTotal, ReportRevision
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.situation import Completeness, Series, SilentArea

DAY = dt.timedelta(days=1)
Totals = dict[tuple[int, dt.date], dict[str, int]]


def _require(actor, nodes: list[AreaNode]) -> None:
    """NotFound unless every node lies in the actor's scope (in memory, no query)."""
    for node in nodes:
        scope.require_area(actor, node)


def _known_revisions(known_at: dt.datetime, nodes: list[AreaNode]):
    """Revisions of the nodes' subtrees that were the current ones at ``known_at``: one
    indexed range on the path per outermost node."""
    subtrees = scope.subtrees((n.path for n in nodes), "area__path")
    return ReportRevision.objects.filter(subtrees, submitted_at__lte=known_at).filter(
        Q(superseded_at__isnull=True) | Q(superseded_at__gt=known_at)
    )


def totals(
    *,
    actor,
    tree: ReportingTree,
    nodes: Iterable[AreaNode],
    start: dt.date,
    end: dt.date,
    known_at: dt.datetime | None = None,
) -> Totals:
    """Figures of each node per day in [start, end]; a missing key means no report."""
    nodes = list(nodes)
    _require(actor, nodes)
    if known_at is None:
        rows = DailyTotal.objects.filter(
            area_id__in=[n.id for n in nodes], on__gte=start, on__lte=end
        ).values("area_id", "on", "reports", *FIGURE_NAMES)
        return {(r.pop("area_id"), r.pop("on")): r for r in rows}
    revisions = _known_revisions(known_at, nodes).filter(
        reported_on__gte=start, reported_on__lte=end
    )
    wanted = {n.id for n in nodes}
    summed = rollup.aggregate(revisions.values("area_id", "reported_on", *FIGURE_NAMES), tree)
    return {k: v for k, v in summed.items() if k[0] in wanted}


def cumulative(
    *,
    actor,
    tree: ReportingTree,
    nodes: Iterable[AreaNode],
    end: dt.date,
    known_at: dt.datetime | None = None,
) -> dict[int, dict[str, int]]:
    """Sums of the flows from the first report up to ``end``, per node."""
    nodes = list(nodes)
    _require(actor, nodes)
    if known_at is None:
        rows = (
            DailyTotal.objects.filter(area_id__in=[n.id for n in nodes], on__lte=end)
            .values("area_id")
            .annotate(**{f: Sum(f) for f in FLOWS})
        )
        found = {r.pop("area_id"): r for r in rows}
    else:
        found = {}
        daily = totals(
            actor=actor, tree=tree, nodes=nodes, start=dt.date.min, end=end, known_at=known_at
        )
        for (area_id, _day), values in daily.items():
            bucket = found.setdefault(area_id, dict.fromkeys(FLOWS, 0))
            for f in FLOWS:
                bucket[f] += values[f]
    return {n.id: found.get(n.id, dict.fromkeys(FLOWS, 0)) for n in nodes}


def series(
    *, actor, area_code: str, start: dt.date, end: dt.date, known_at: dt.datetime | None = None
) -> Series:
    tree = ReportingTree()
    node = get_node(actor=actor, code=area_code, tree=tree)
    found = totals(actor=actor, tree=tree, nodes=[node], start=start, end=end, known_at=known_at)
    days = [start + i * DAY for i in range((end - start).days + 1)]
    values = {
        name: [found[(node.id, d)][name] if (node.id, d) in found else None for d in days]
        for name in FIGURE_NAMES
    }
    return Series(dates=days, values=values)


def deadline(day: dt.date) -> dt.datetime:
    """When the report for ``day`` becomes late (local time zone)."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    start = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return start + dt.timedelta(hours=settings.REPORT_DEADLINE_HOURS)


def completeness(
    *,
    actor,
    tree: ReportingTree,
    node: AreaNode,
    on: dt.date,
    known_at: dt.datetime | None = None,
) -> Completeness:
    """Which reporting areas under ``node`` sent the report for ``on`` on time, late, or not."""
    scope.require_area(actor, node)
    expected = tree.reporting_under(node.path)
    firsts = ReportRevision.objects.filter(
        area_id__in=[n.id for n in expected], reported_on=on, revision=1
    )
    if known_at is not None:
        firsts = firsts.filter(submitted_at__lte=known_at)
    sent = dict(firsts.values_list("area_id", "submitted_at"))
    due = deadline(on)
    on_time = sum(1 for at in sent.values() if at <= due)
    silent_nodes = [n for n in expected if n.id not in sent]
    last = _last_reports([n.id for n in silent_nodes], on, known_at)
    silent = [SilentArea(n.code, n.name, n.name_local, last.get(n.id)) for n in silent_nodes]
    return Completeness(
        on=on,
        expected=len(expected),
        on_time=on_time,
        late=len(sent) - on_time,
        missing=len(silent),
        silent=silent,
    )


def _last_reports(area_ids: list[int], before: dt.date, known_at) -> dict[int, dt.date]:
    revisions = ReportRevision.objects.filter(area_id__in=area_ids, reported_on__lt=before)
    if known_at is not None:
        revisions = revisions.filter(submitted_at__lte=known_at)
    return dict(
        revisions.values("area_id").annotate(last=Max("reported_on")).values_list("area_id", "last")
    )


def alerts_for(*, actor, node: AreaNode, on: dt.date, active_only: bool = True):
    """Alerts raised in ``node``'s subtree for ``on`` (by default those still active)."""
    scope.require_area(actor, node)
    found = scope.restrict(Alert.objects.select_related("rule", "area"), actor).filter(
        scope.subtree(node.path, "area__path"), on=on
    )
    if active_only:
        found = found.filter(cleared_at__isnull=True)
    return found.order_by("area__path", "rule_id")


def latest_report_day(on_or_before: dt.date) -> dt.date | None:
    """The last day up to ``on_or_before`` for which any report arrived. No actor, on
    purpose: the reporting calendar is the country's (one default day for every report and
    run), and a day shows no figure of any area."""
    return DailyTotal.objects.filter(on__lte=on_or_before, reports__gt=0).aggregate(last=Max("on"))[
        "last"
    ]


def default_as_of() -> dt.date:
    """Today, or the last day with reports when none has arrived yet today (a morning
    before the counties report, or a country between outbreaks): never an empty report."""
    today = clock.today()
    return latest_report_day(today) or today
