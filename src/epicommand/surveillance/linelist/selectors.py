"""Scoped reads for the exports: the line list, and the daily series of reporting areas.

Both return row iterators read from the database in chunks (``iterator(chunk_size=...)``, a
server-side cursor on PostgreSQL), so a million rows never sit in memory. The database does
the formatting that would otherwise be a Python step per row (area code, yes/no).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import models
from django.db.models import QuerySet

from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.geo import selectors as geo_selectors
from epicommand.surveillance.figures import FIGURE_NAMES
from epicommand.surveillance.linelist.rules import COLUMNS
from epicommand.surveillance.models import Case, ReportRevision
from epicommand.surveillance.validation import TEMPLATE_COLUMNS

CASE_COLUMNS = COLUMNS  # an export reads back in as an import that changes nothing
SERIES_COLUMNS = TEMPLATE_COLUMNS
CHUNK = 5000


def _under(actor, queryset: QuerySet, area_code: str | None) -> QuerySet:
    """The actor's scope, narrowed to one area's subtree when a code is given (missing and
    out of scope: the same NotFound)."""
    queryset = scope.restrict(queryset, actor)
    if area_code:
        area = geo_selectors.get_area(actor=actor, code=area_code)
        queryset = queryset.filter(scope.subtree(area.path, "area__path"))
    return queryset


def cases(*, actor, area_code: str | None = None) -> QuerySet[Case]:
    """Cases in the actor's scope (under ``area_code`` when given), oldest first."""
    require_permission(actor, "surveillance.view_case")
    return _under(actor, Case.objects.all(), area_code).order_by("id")


def case_rows(*, actor, area_code: str | None = None) -> Iterator[tuple]:
    """The line list in the import's columns, one tuple per case (dates as dates)."""
    worker = models.Case(
        models.When(is_medical_worker=True, then=models.Value("yes")), default=models.Value("no")
    )
    return (
        cases(actor=actor, area_code=area_code)
        .annotate(worker=worker)
        .values_list(
            "case_id",
            "area__code",
            "onset_on",
            "reported_on",
            "status",
            "confirmed_on",
            "outcome_on",
            "age_group",
            "sex",
            "worker",
            "treatment_centre",
        )
        .iterator(chunk_size=CHUNK)
    )


def series_rows(
    *, actor, area_code: str, start: dt.date | None = None, end: dt.date | None = None
) -> Iterator[tuple]:
    """Current figures of every reporting area under ``area_code``, one row per area and
    day, in the daily-report template's columns (an empty figure was not reported)."""
    require_permission(actor, "surveillance.view_reportrevision")
    revisions = _under(actor, ReportRevision.objects.filter(superseded_at__isnull=True), area_code)
    if start is not None:
        revisions = revisions.filter(reported_on__gte=start)
    if end is not None:
        revisions = revisions.filter(reported_on__lte=end)
    return (
        revisions.order_by("area__code", "reported_on")
        .values_list("area__code", "reported_on", *FIGURE_NAMES)
        .iterator(chunk_size=CHUNK)
    )
