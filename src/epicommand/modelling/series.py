"""Daily series for the models, read from the roll-ups (or "as known at" a past moment).

Each series runs from the area's first report in the last ``history_days`` days up to the
as-of day, one value a day: the figure (``new_fever`` by default) summed over the reporting
areas that reported that day. Values are never negative: stored reports hold counts >= 0,
and a correction is a new revision, not a negative entry.

**Days without a report (the one treatment, never silent).** A day after the area's first
report with no report at all is a *gap*:

- a gap in the last ``window`` days before the as-of day refuses the series
  (``modelling.series_gap``): Rt, forecasts and scenarios start from those days, and any
  fill there would be a guess that drives every number after it;
- a run of more than ``MAX_FILLED_GAP`` consecutive missing days refuses it too;
- any other gap (at most 3 days in a row, before the last window) is filled by linear
  interpolation between the reported days on either side, rounded to whole cases, and
  named in the result's warnings. Interpolation, not zero: a missing report means the count
  is unknown, and a zero would pull Rt down by about one window-day in seven.

For an area above the reporting level a day counts as reported when any reporting area
below it reported; how many did is the situation report's completeness, not corrected here.
In a run over many areas (a forecast of every reporting area), an area whose series is
refused is left out and named in the warnings; the run's own area must pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from epicommand import clock
from epicommand.geo.tree import AreaNode
from epicommand.modelling.errors import NotEnoughData, SeriesGap
from epicommand.modelling.params import digest
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.selectors import totals

DAY = dt.timedelta(days=1)
#: The longest run of missing days that is filled (see the module's docstring).
MAX_FILLED_GAP = 3


@dataclass(frozen=True)
class DailySeries:
    """Rows of daily values ``(areas, days)`` on shared consecutive ``dates``; row 0 is the
    run's own area. ``known_at`` is the moment the inputs were read."""

    figure: str
    codes: tuple[str, ...]
    dates: tuple[dt.date, ...]
    values: np.ndarray
    known_at: dt.datetime
    filled: dict[str, list[dt.date]] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def digest(self) -> str:
        """Digest of the run's own area's series: equal inputs, equal digests."""
        own = [int(v) for v in self.values[0]]
        return digest([self.figure, self.codes[0], self.dates[0], self.dates[-1], own])


def _gap_runs(missing: list[dt.date]) -> list[list[dt.date]]:
    """Consecutive missing days grouped into runs."""
    runs: list[list[dt.date]] = []
    for day in missing:
        if runs and runs[-1][-1] + DAY == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _check_gaps(code: str, missing: list[dt.date], as_of: dt.date, window: int) -> None:
    recent = [d for d in missing if d > as_of - window * DAY]
    if recent:
        shown = ", ".join(d.isoformat() for d in recent[:5])
        raise SeriesGap(
            f"{code}: no report on {shown}: within the last {window} days before {as_of}, "
            "which the models start from; no fill there would be honest"
        )
    for run in _gap_runs(missing):
        if len(run) > MAX_FILLED_GAP:
            raise SeriesGap(
                f"{code}: {len(run)} days in a row without a report ({run[0]} to {run[-1]}); "
                f"at most {MAX_FILLED_GAP} are filled by interpolation"
            )


def _row(
    found: dict, node: AreaNode, dates: list[dt.date], figure: str, window: int
) -> tuple[np.ndarray, list[dt.date], int]:
    """One area's values on ``dates`` (gaps interpolated), its filled days, and how many
    leading days came before its first report (counted as 0)."""
    reported = [(node.id, d) in found for d in dates]
    if not any(reported):
        raise NotEnoughData(f"{node.code}: no report between {dates[0]} and {dates[-1]}")
    first = reported.index(True)
    missing = [d for d, ok in zip(dates[first:], reported[first:], strict=True) if not ok]
    _check_gaps(node.code, missing, dates[-1], window)
    values = np.array(
        [
            found[(node.id, d)][figure] if ok else np.nan
            for d, ok in zip(dates, reported, strict=True)
        ],
        dtype=float,
    )
    values[:first] = 0.0
    if missing:
        index = np.arange(len(dates))
        known = ~np.isnan(values)
        values[~known] = np.rint(np.interp(index[~known], index[known], values[known]))
    return values, missing, first


def _span(found: dict, node: AreaNode, start: dt.date, as_of: dt.date) -> list[dt.date]:
    """Days from the area's first report since ``start`` to ``as_of``."""
    days = [start + i * DAY for i in range((as_of - start).days + 1)]
    first = next((d for d in days if (node.id, d) in found), None)
    if first is None:
        raise NotEnoughData(
            f"{node.code}: no report in the {len(days)} days up to {as_of}; nothing to model"
        )
    return [d for d in days if d >= first]


def _rows(found: dict, nodes: list[AreaNode], dates: list[dt.date], figure: str, window: int):
    """Each node's row; the first must pass, the others are left out with their reason."""
    rows, codes, filled, excluded, warnings = [], [], {}, {}, []
    for position, node in enumerate(nodes):
        try:
            values, missing, leading = _row(found, node, dates, figure, window)
        except (SeriesGap, NotEnoughData) as exc:
            if position == 0:
                raise
            excluded[node.code] = exc.message
            continue
        rows.append(values)
        codes.append(node.code)
        if missing:
            filled[node.code] = missing
            shown = ", ".join(d.isoformat() for d in missing[:5])
            warnings.append(
                f"{node.code}: no report on {shown}: filled by linear interpolation "
                "between the reported days on either side"
            )
        if leading and position:
            warnings.append(
                f"{node.code}: first report on {dates[leading]}; earlier days counted as 0"
            )
    if excluded:
        reasons = "; ".join(list(excluded.values())[:5])
        warnings.append(f"{len(excluded)} area(s) left out: {reasons}")
    return rows, codes, filled, excluded, warnings


def gather(
    *,
    actor,
    tree: ReportingTree,
    nodes: list[AreaNode],
    as_of: dt.date,
    figure: str,
    history_days: int,
    window: int,
    known_at: dt.datetime | None = None,
) -> DailySeries:
    """The daily series of ``nodes[0]`` (the run's area: refused if bad) and of the other
    nodes on the same days (each left out, with a warning, if bad). Every node must lie in
    the actor's scope (``surveillance.selectors.totals`` checks it)."""
    read_at = known_at or clock.now()
    start = as_of - (history_days - 1) * DAY
    found = totals(actor=actor, tree=tree, nodes=nodes, start=start, end=as_of, known_at=known_at)
    dates = _span(found, nodes[0], start, as_of)
    rows, codes, filled, excluded, warnings = _rows(found, nodes, dates, figure, window)
    return DailySeries(
        figure, tuple(codes), tuple(dates), np.vstack(rows), read_at, filled, excluded, warnings
    )


def read_series(
    *,
    actor,
    tree: ReportingTree,
    node: AreaNode,
    as_of: dt.date,
    p: dict,
    known_at: dt.datetime | None = None,
    all_areas: bool = False,
) -> DailySeries:
    """The run's area's series (and, with ``all_areas``, its reporting areas' too)."""
    nodes = [node]
    if all_areas:
        nodes += [n for n in tree.reporting_under(node.path) if n.id != node.id]
    return gather(
        actor=actor,
        tree=tree,
        nodes=nodes,
        as_of=as_of,
        figure=p["figure"],
        history_days=p["history_days"],
        window=p["window"],
        known_at=known_at,
    )
