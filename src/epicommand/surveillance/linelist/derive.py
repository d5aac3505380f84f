"""The daily counts of line-list areas, derived from their cases by aggregate SQL.

For an area and a day:

- ``new_fever``: cases reported that day (every status: a fever case is counted when reported);
- ``new_confirmed``: cases with that confirmed date;
- ``new_recovered`` / ``new_deaths``: cases recovered / died with that outcome date;
- ``under_treatment``: cases reported by that day and not negative, recovered or died by it;
- ``tests_done`` and ``in_quarantine``: not in a line list, so not reported (empty).

An import re-derives every touched area from the earliest day it touched there (old dates of
updated cases included) to the import's latest day, or to the area's latest line-list report
when that is later: ``under_treatment`` moves on every day a case stays open, and an outcome
that moved earlier changes days after the import's latest one. The work is three ``GROUP BY``
queries (by report, confirmed and outcome day) and a walk over (area, day) pairs, never a
loop over cases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Max

from epicommand.surveillance.linelist.rules import ENDED
from epicommand.surveillance.models import Case, ReportRevision
from epicommand.surveillance.reporting import ReportingTree

DAY = dt.timedelta(days=1)
Counts = dict[int, dict[dt.date, int]]


def _grouped(queryset, day_field: str) -> Counts:
    rows = queryset.order_by().values_list("area_id", day_field).annotate(n=Count("id"))
    counts: Counts = defaultdict(dict)
    for area, day, n in rows:
        counts[area][day] = n
    return counts


def _outcomes(queryset) -> dict[str, Counts]:
    """Cases that ended, per area and outcome day: all of them, and the recovered and died."""
    rows = (
        queryset.filter(status__in=ENDED)
        .order_by()
        .values_list("area_id", "outcome_on", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[str, Counts] = {key: defaultdict(dict) for key in ("ended", *ENDED)}
    for area, day, status, n in rows:
        counts[status][area][day] = n
        counts["ended"][area][day] = counts["ended"][area].get(day, 0) + n
    return counts


def _latest_reports(areas: list[int]) -> dict[int, dt.date]:
    rows = (
        ReportRevision.objects.filter(area_id__in=areas, superseded_at__isnull=True)
        .values("area_id")
        .annotate(last=Max("reported_on"))
        .values_list("area_id", "last")
    )
    return dict(rows)


def _series(area: int, start: dt.date, end: dt.date, counts: dict[str, Counts]) -> list[dict]:
    """One area's figures for each day in [start, end]."""
    reported, ended = counts["reported"][area], counts["ended"][area]
    open_cases = sum(n for day, n in reported.items() if day < start)
    open_cases -= sum(n for day, n in ended.items() if day < start)
    rows = []
    day = start
    while day <= end:
        open_cases += reported.get(day, 0) - ended.get(day, 0)
        rows.append(
            {
                "date": day.isoformat(),
                "new_fever": reported.get(day, 0),
                "new_confirmed": counts["confirmed"][area].get(day, 0),
                "new_recovered": counts["recovered"][area].get(day, 0),
                "new_deaths": counts["died"][area].get(day, 0),
                "under_treatment": open_cases,
                "tests_done": None,
                "in_quarantine": None,
            }
        )
        day += DAY
    return rows


def daily_rows(
    *, starts: dict[int, str], last_day: str, tree: ReportingTree
) -> list[tuple[int, dict[str, object]]]:
    """Numbered daily-report rows (for ``check_rows``) of every touched area and day.

    Only areas that keep a line list now: a case moved out of an area that has since gone
    back to counting leaves that area's reports as they are."""
    areas = sorted(a for a in starts if a in tree.line_list_ids and a in tree.by_id)
    if not areas:
        return []
    cases = Case.objects.filter(area_id__in=areas)
    counts = {
        "reported": _grouped(cases, "reported_on"),
        "confirmed": _grouped(cases.filter(confirmed_on__isnull=False), "confirmed_on"),
        **_outcomes(cases),
    }
    latest = _latest_reports(areas)
    last = dt.date.fromisoformat(last_day)
    rows: list[dict[str, object]] = []
    for area in areas:
        end = max(last, latest.get(area, last))
        code = tree.by_id[area].code
        for row in _series(area, dt.date.fromisoformat(starts[area]), end, counts):
            rows.append({"area_code": code, **row})
    return list(enumerate(rows, start=1))
