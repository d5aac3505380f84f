"""The Django side of the balanced deployment: gather what the optimiser needs, hand it to
the pure core (``allocation.staff``, solved in its worker process), and lay out its answer.

Inputs for an as-of day and an area (the country by default):

- each centre's patients from its latest census in the week up to the day (or those
  patients scaled by the stored forecast of new cases, ``patients="forecast"``), by bed type;
- HQ's minimum ratios, which weigh the bed types (``rules.patient_equivalents``);
- who is on duty where on the day (``records``): persons absent that day do not count,
  persons deployed count where they are and do not move again, nor do those with an order
  not yet returned, nor those who must stay (the roster's flag, or named for this run);
- the most a centre may send of each qualification: its own ``max_send``, else a share of
  those on duty (``max_send_share``);
- travel times between the centres' areas (``travel``), in whole minutes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from epicommand.allocation.staff import CentreInput, StaffPlan, StaffProblem
from epicommand.care import records, rules, travel
from epicommand.care.models import CensusRevision, StaffMember, TreatmentCentre
from epicommand.care.norms import current_norms
from epicommand.core import scope
from epicommand.errors import ValidationFailed
from epicommand.geo.tree import AreaNode, AreaTree

CENSUS_DAYS = 7  # a centre's latest census counts for this many days
FORECAST_DAYS = 7  # the forecast's next week against the last week observed
DEFAULT_SHARE = 0.2


@dataclass
class CentreState:
    id: int
    code: str
    name: str
    name_local: str
    area: str
    province: str
    patients: int
    census_on: str | None
    by_type: dict[str, int]
    equivalents: dict[str, float] = field(default_factory=dict)
    staff: dict[str, int] = field(default_factory=dict)
    movable: dict[str, list[int]] = field(default_factory=dict)
    max_send: dict[str, int] = field(default_factory=dict)


@dataclass
class Inputs:
    as_of: dt.date
    area: AreaNode
    centres: list[CentreState]
    norms: dict[str, dict[str, float]]
    qualifications: list[str]
    areas: list[AreaNode]
    minutes: list[list[int]]
    pairs_from_table: int
    forecast_run: int | None = None
    numbers: dict[int, str] = field(default_factory=dict)


def _latest_census(centre_ids: list[int], as_of: dt.date) -> dict[int, CensusRevision]:
    found = CensusRevision.objects.filter(
        centre_id__in=centre_ids,
        reported_on__lte=as_of,
        reported_on__gt=as_of - dt.timedelta(days=CENSUS_DAYS),
        superseded_at__isnull=True,
    ).order_by("centre_id", "reported_on")
    return {r.centre_id: r for r in found}


def _centre_states(root: AreaNode, as_of: dt.date, tree: AreaTree) -> list[CentreState]:
    centres = list(
        TreatmentCentre.objects.filter(scope.subtree(root.path, "area_path"))
        .select_related("site__area")
        .order_by("area_path")
    )
    census = _latest_census([c.pk for c in centres], as_of)
    states = []
    for centre in centres:
        row = census.get(centre.pk)
        figures = {f: getattr(row, f) for f in rules.FIGURES} if row else None
        county = tree.by_id.get(centre.located_in_id)
        province = (
            tree.ancestors_and_self(county.path)[1] if county and len(county.path) > 4 else county
        )
        states.append(
            CentreState(
                id=centre.site_id,
                code=centre.code,
                name=centre.name,
                name_local=centre.name_local,
                area=county.code if county else "",
                province=province.code if province else "",
                patients=rules.patients(figures) if figures else 0,
                census_on=row.reported_on.isoformat() if row else None,
                by_type=rules.patients_by_bed_type(figures) if figures else {},
                max_send={"_": centre.max_send} if centre.max_send is not None else {},
            )
        )
    return states


def _staffing(states: list[CentreState], quals: list[str], as_of: dt.date, keep: set[str]):
    """On duty and movable persons of each centre by qualification; staff numbers by id."""
    at = {s.id: s for s in states}
    absent = records.absences_on(as_of)
    posted = records.postings_on(as_of)
    busy = records.committed()
    rows = (
        StaffMember.objects.filter(qualification__in=quals)
        .filter(Q(died_on__isnull=True) | Q(died_on__gt=as_of))
        .order_by("staff_number")
        .values_list("id", "staff_number", "qualification", "post_id", "must_stay")
    )
    numbers = {}
    for pk, number, qualification, post_id, must_stay in rows:
        if pk in absent:
            continue
        site = posted[pk][0] if pk in posted else post_id
        state = at.get(site)
        if state is None:
            continue
        numbers[pk] = number
        state.staff[qualification] = state.staff.get(qualification, 0) + 1
        if pk not in posted and pk not in busy and not must_stay and number not in keep:
            state.movable.setdefault(qualification, []).append(pk)
    return numbers


def _forecast_factors(root: AreaNode, as_of: dt.date, states: list[CentreState]):
    """Next week's forecast new cases over last week's observed, per centre area, from the
    latest stored forecast of ``root`` made on or before ``as_of``."""
    from epicommand.modelling.models import ModelRun
    from epicommand.surveillance.models import DailyTotal

    run = (
        ModelRun.objects.filter(area_id=root.id, kind="forecast", as_of__lte=as_of)
        .order_by("-as_of", "-created_at")
        .first()
    )
    if run is None:
        raise ValidationFailed(
            f"no stored forecast of {root.code} on or before {as_of}: run "
            f"`epicommand forecast --area {root.code} --as-of {as_of}` first, or use the census"
        )
    codes = {s.area for s in states}
    start = run.as_of - dt.timedelta(days=FORECAST_DAYS - 1)
    observed: dict[str, float] = defaultdict(float)
    for code, fever in DailyTotal.objects.filter(
        area__code__in=codes | {root.code}, on__gte=start, on__lte=run.as_of
    ).values_list("area__code", "new_fever"):
        observed[code] += fever
    factors = {}
    for code in codes:
        bands = run.summary.get("areas", {}).get(code)
        base = code if bands else root.code
        median = (bands or run.summary["own"])["median"][:FORECAST_DAYS]
        factors[code] = sum(median) / observed[base] if observed[base] else 1.0
    return run.pk, factors


def _weigh(states: list[CentreState], norms: dict, quals: list[str], share: float, factors):
    for state in states:
        factor = factors.get(state.area, 1.0) if factors else 1.0
        by_type = {t: n * factor for t, n in state.by_type.items()}
        override = state.max_send.pop("_", None)
        for q in quals:
            state.equivalents[q] = round(rules.patient_equivalents(by_type, norms[q]), 2)
            on_duty = state.staff.get(q, 0)
            limit = override if override is not None else math.floor(share * on_duty)
            state.max_send[q] = min(limit, len(state.movable.get(q, [])))


def gather(
    *,
    area: AreaNode,
    tree: AreaTree,
    as_of: dt.date,
    qualifications: list[str] | None = None,
    patients: str = "census",
    max_send_share: float = DEFAULT_SHARE,
    must_stay: set[str] | None = None,
) -> Inputs:
    norms = current_norms()
    quals = qualifications or sorted(norms)
    unknown = [q for q in quals if q not in norms]
    if unknown:
        raise ValidationFailed(
            f"HQ has set no minimum ratio for {', '.join(unknown)}: set them first"
        )
    if not 0 <= max_send_share <= 1:
        raise ValidationFailed("max_send_share must be between 0 and 1")
    if patients not in ("census", "forecast"):
        raise ValidationFailed("patients must be census or forecast")
    states = _centre_states(area, as_of, tree)
    if not states:
        raise ValidationFailed(f"no treatment centres under {area.code}")
    numbers = _staffing(states, quals, as_of, must_stay or set())
    run, factors = _forecast_factors(area, as_of, states) if patients == "forecast" else (None, {})
    _weigh(states, norms, quals, max_send_share, factors)
    areas = sorted({tree.by_code[s.area] for s in states if s.area}, key=lambda a: a.path)
    hours, from_table = travel.hours_matrix(areas, tree)
    minutes = [[round(h * 60) for h in row] for row in hours]
    return Inputs(as_of, area, states, norms, quals, areas, minutes, from_table, run, numbers)


def problems(inputs: Inputs, *, time_limit_s: float = 20.0) -> list[StaffProblem]:
    index = {a.code: i for i, a in enumerate(inputs.areas)}
    travel_table = tuple(tuple(row) for row in inputs.minutes)
    found = []
    for q in inputs.qualifications:
        centres = tuple(
            CentreInput(
                id=s.id,
                area=index[s.area],
                patients=s.equivalents[q],
                staff=s.staff.get(q, 0),
                movable=tuple(s.movable.get(q, [])),
                max_send=s.max_send[q],
            )
            for s in inputs.centres
        )
        found.append(
            StaffProblem(
                qualification=q,
                centres=centres,
                travel_minutes=travel_table,
                norm=rules.reference_norm(inputs.norms[q]),
                time_limit_s=time_limit_s,
            )
        )
    return found


def solve(inputs: Inputs, *, time_limit_s: float = 20.0) -> list[StaffPlan]:
    from epicommand.allocation import staff_worker

    return staff_worker.solve(problems(inputs, time_limit_s=time_limit_s))
