"""Roll-ups: every area's daily totals as sums of its reporting areas' current revisions.

Recomputed for the touched days inside the writing transaction (no nightly batch), so the
totals can never drift from the revisions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from epicommand.surveillance.figures import FIGURE_NAMES
from epicommand.surveillance.models import DailyTotal, ReportRevision
from epicommand.surveillance.reporting import ReportingTree

Totals = dict[tuple[int, dt.date], dict[str, int]]


def aggregate(revisions: Iterable[dict], tree: ReportingTree) -> Totals:
    """Sum revision figures (dicts with area_id, reported_on, figures) into every ancestor."""
    totals: Totals = defaultdict(lambda: dict.fromkeys((*FIGURE_NAMES, "reports"), 0))
    for rev in revisions:
        node = tree.by_id.get(rev["area_id"])
        if node is None:
            continue
        for target in tree.ancestors_and_self(node.path):
            bucket = totals[(target.id, rev["reported_on"])]
            bucket["reports"] += 1
            for name in FIGURE_NAMES:
                bucket[name] += rev[name] or 0
    return totals


def refresh_days(days: set[dt.date], tree: ReportingTree) -> None:
    """Recompute all areas' totals for ``days`` from the current revisions."""
    days = sorted(days)
    for start in range(0, len(days), 200):
        chunk = days[start : start + 200]
        current = ReportRevision.objects.filter(
            reported_on__in=chunk, superseded_at__isnull=True
        ).values("area_id", "reported_on", *FIGURE_NAMES)
        totals = aggregate(current.iterator(chunk_size=5000), tree)
        DailyTotal.objects.filter(on__in=chunk).delete()
        _insert(totals)


COLUMNS = ("area_id", "on", *FIGURE_NAMES, "reports")


def _insert(totals: Totals) -> None:
    """Plain executemany: Django's bulk_create spends most of its time building SQL here."""
    table = connection.ops.quote_name(DailyTotal._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    rows = [
        (area_id, day, *(values[n] for n in FIGURE_NAMES), values["reports"])
        for (area_id, day), values in totals.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
