"""Nowcasting from the case line list: onset and report days in, corrected counts out.

Only areas that keep a line list (``ReportingSetting.keeps_line_list``, the area or one below
it) have one. A case counts when it has an onset day and was reported on or before the as-of
day; the line list keeps no revisions, so "as known at" a past moment is not offered: a
case reported after the as-of day is simply not known then (Lawless 1994's right truncation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from epicommand.analytics.nowcast import nowcast_cases
from epicommand.core import scope
from epicommand.geo.tree import AreaNode
from epicommand.modelling.compute import rounded
from epicommand.modelling.errors import NoLineList, NotEnoughData
from epicommand.modelling.params import digest
from epicommand.surveillance.models import Case
from epicommand.surveillance.reporting import ReportingTree


def keeps_line_list(tree: ReportingTree, node: AreaNode) -> bool:
    return any(n.id in tree.line_list_ids for n in tree.ancestors_and_self(node.path)) or any(
        n.id in tree.line_list_ids for n in tree.under(node.path)
    )


def read_cases(
    *, actor, tree: ReportingTree, node: AreaNode, as_of: dt.date, p: dict
) -> tuple[np.ndarray, np.ndarray, int, dt.date]:
    """Onset and report days (day numbers from the earliest onset) of the cases known on
    ``as_of``: reported in the last ``history_days + max_delay`` days, onset given. The area
    must lie in the actor's scope (NotFound otherwise)."""
    scope.require_area(actor, node)
    if not keeps_line_list(tree, node):
        raise NoLineList(f"{node.code} keeps no case line list: a nowcast needs onset days")
    since = as_of - dt.timedelta(days=p["history_days"] + p["max_delay"])
    rows = Case.objects.filter(
        scope.subtree(node.path, "area__path"),
        onset_on__isnull=False,
        reported_on__gte=since,
        reported_on__lte=as_of,
    ).values_list("onset_on", "reported_on")
    pairs = sorted((o, r) for o, r in rows if o <= r)
    if not pairs:
        raise NotEnoughData(f"{node.code}: no case with an onset day reported by {as_of}")
    base = pairs[0][0]
    onset = np.array([(o - base).days for o, _ in pairs])
    report = np.array([(r - base).days for _, r in pairs])
    return onset, report, (as_of - base).days, base


def _none_for_nan(values: np.ndarray) -> list[float | None]:
    return [None if np.isnan(v) else v for v in rounded(values)]


@dataclass(frozen=True)
class LineListInputs:
    """The cases a nowcast reads: day numbers from ``first`` (the earliest onset)."""

    onset: np.ndarray
    report: np.ndarray
    asof: int
    first: dt.date
    digest: str


def nowcast_inputs(
    *, actor, tree: ReportingTree, node: AreaNode, as_of: dt.date, p: dict
) -> LineListInputs:
    onset, report, asof, first = read_cases(actor=actor, tree=tree, node=node, as_of=as_of, p=p)
    inputs = digest([node.code, first, onset.tolist(), report.tolist()])
    return LineListInputs(onset, report, asof, first, inputs)


def nowcast_summary(inputs: LineListInputs, p: dict[str, Any]) -> tuple[dict, list[str]]:
    """Cases by onset day for the last ``history_days``, corrected for those not reported yet,
    with the 90 % interval, and the estimated delay distribution."""
    result = nowcast_cases(
        inputs.onset,
        inputs.report,
        asof=inputs.asof,
        max_delay=p["max_delay"],
        method=p["method"],
        n_samples=p["samples"],
        min_complete=p["min_complete"],
        seed=p["seed"],
    )
    keep = slice(-p["history_days"], None)
    first = inputs.first
    days = [(first + dt.timedelta(days=int(d))).isoformat() for d in result.days[keep]]
    summary = {
        "dates": days,
        "observed": rounded(result.observed[keep], 0),
        "expected": _none_for_nan(result.expected[keep]),
        "median": _none_for_nan(result.median[keep]),
        "lower_90": _none_for_nan(result.lower_90[keep]),
        "upper_90": _none_for_nan(result.upper_90[keep]),
        "delay_pmf": rounded(result.delay_pmf, 4),
        "cases": int(inputs.onset.size),
    }
    return summary, []
