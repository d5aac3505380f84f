"""Scoped reads of model runs and of the treatment protocol.

Runs belong to their area: a user reads the runs of the areas in their scope, and a run
outside it answers 404 like a missing one (``core.scope``). Every read of runs takes the
actor; the protocol table is national reference data, the same for everyone.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from epicommand.core import scope
from epicommand.geo.tree import AreaNode
from epicommand.modelling.enums import RunKind, Via
from epicommand.modelling.models import ModelRun, ProtocolLine


def runs(*, actor, area_code: str | None = None, kind: str | None = None) -> QuerySet[ModelRun]:
    """Runs in the actor's scope, newest first; optionally of one area and kind."""
    found = scope.restrict(ModelRun.objects.select_related("area", "created_by"), actor)
    if area_code:
        found = found.filter(area__code=area_code)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("-created_at", "-pk")


def get_run(*, actor, run_id: int) -> ModelRun:
    return scope.get_for(actor, ModelRun.objects.select_related("area", "created_by"), pk=run_id)


def latest_run(
    *, actor, area_code: str, kind: str, as_of: dt.date | None = None
) -> ModelRun | None:
    """The newest run of a kind for an area (on an as-of day when given)."""
    found = runs(actor=actor, area_code=area_code, kind=kind)
    if as_of is not None:
        found = found.filter(as_of=as_of)
    return found.first()


def find_current(
    *,
    actor,
    node: AreaNode,
    kind: str,
    as_of: dt.date,
    inputs_digest: str,
    known_at: dt.datetime | None,
) -> ModelRun | None:
    """A stored run of the same area, day and inputs, for reuse; the area must lie in the
    actor's scope (NotFound otherwise).

    Looking back "as known at" a moment, a run counts if it existed then, or if it is one the
    situation report computed on demand (default parameters: what it would have shown)."""
    scope.require_area(actor, node)
    found = ModelRun.objects.filter(
        area_id=node.id, kind=kind, as_of=as_of, inputs_digest=inputs_digest
    )
    if known_at is not None:
        found = found.filter(Q(created_at__lte=known_at) | Q(requested_via=Via.SITREP))
    return found.order_by("-created_at", "-pk").first()


def latest_scenario(
    *, actor, node: AreaNode, as_of: dt.date, known_at: dt.datetime | None
) -> ModelRun | None:
    """The newest scenario of an area from on or before the as-of day (and, looking back,
    made by then), for the situation report; the area must lie in the actor's scope."""
    scope.require_area(actor, node)
    found = ModelRun.objects.filter(area_id=node.id, kind=RunKind.SCENARIO, as_of__lte=as_of)
    if known_at is not None:
        found = found.filter(created_at__lte=known_at)
    return found.order_by("-as_of", "-created_at", "-pk").first()


def protocol_lines(*, active_only: bool = False) -> QuerySet[ProtocolLine]:
    """The treatment protocol table: national reference data, not scoped by area."""
    lines = ProtocolLine.objects.all()
    return lines.filter(is_active=True) if active_only else lines


def demand_rows(run: ModelRun) -> list[dict]:
    """A demand run as flat rows (area, item, day): what an allocation reads. ``run`` is
    one the actor was handed (``get_run``, ``latest_run``, or ``services.run_demand`` that
    made it), so it is in their scope; this reads nothing more."""
    s = run.summary
    rows = []
    for a, area in enumerate(s["areas"]):
        for i, item in enumerate(s["items"]):
            for d, day in enumerate(s["dates"]):
                rows.append(
                    {
                        "area_code": area,
                        "item_code": item["code"],
                        "date": day,
                        "expected": s["expected"][a][i][d],
                        "median": s["median"][a][i][d],
                        "lower_90": s["lower_90"][a][i][d],
                        "upper_90": s["upper_90"][a][i][d],
                    }
                )
    return rows
