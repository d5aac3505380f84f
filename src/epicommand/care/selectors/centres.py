"""Scoped reads of treatment centres: their beds and census, and occupancy rolled up the area
tree with capacity alerts and days until full.

**How the figures are dated.** A centre's occupancy on a day is its census of that day
(beds occupied at midnight over its beds); a centre that filed none that day is counted in
the beds but not in the occupancy, and the figures say how many reported. Days until full
take the mean net inflow (admissions and transfers in, less discharges, deaths and transfers
out) over the centre's census of the last ``rules.TREND_DAYS`` days up to the day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery

from epicommand.care import rules
from epicommand.care.models import CensusRevision, TreatmentCentre
from epicommand.care.norms import thresholds
from epicommand.care.services.lookups import centres as all_centres
from epicommand.care.services.lookups import get_centre as _get_centre
from epicommand.clock import today
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound
from epicommand.geo.models import Area
from epicommand.geo.tree import AreaNode, AreaTree, get_node


def require_view(actor) -> None:
    require_permission(actor, "care.view_care")


def centres_in_scope(actor, *, area: AreaNode | None = None) -> QuerySet[TreatmentCentre]:
    """Centres the actor sees (their own node's scope, or their district centre's), in tree
    order, optionally under ``area``."""
    require_view(actor)
    paths = scope.scope_paths(actor)
    found = all_centres()
    if paths is not scope.ALL:
        found = found.filter(
            scope.area_filter(actor, path_field="area_path")
            | scope.area_filter(actor, path_field="commanded_by__area_path")
        )
    if area is not None:
        found = found.filter(scope.subtree(area.path, "area_path"))
    return found.order_by("area_path")


def get_centre(actor, code: str) -> TreatmentCentre:
    require_view(actor)
    return _get_centre(actor, code, commanded=True)


def default_day() -> dt.date:
    """Today, or the last day with a census when none has come in yet today."""
    day = today()
    last = (
        CensusRevision.objects.filter(reported_on__lte=day, superseded_at__isnull=True)
        .order_by("-reported_on")
        .values_list("reported_on", flat=True)
        .first()
    )
    return day if last is None or last == day else last


@dataclass
class CentreDay:
    """A centre on a day. ``census`` is None when it filed none that day."""

    centre: TreatmentCentre
    census: CensusRevision | None
    inflows: list[int] = field(default_factory=list)
    severity: str | None = None

    @property
    def code(self) -> str:
        return self.centre.code

    @property
    def beds(self) -> int:
        return self.centre.total_beds

    @property
    def occupied(self) -> int | None:
        return None if self.census is None else self.census.occupied

    @property
    def patients(self) -> int | None:
        return None if self.census is None else self.census.patients

    @property
    def occupancy(self) -> float | None:
        return None if self.census is None else rules.occupancy(self.census.occupied, self.beds)

    @property
    def days_until_full(self) -> float | None:
        if self.census is None:
            return None
        return rules.days_until_full(self.beds - self.census.occupied, self.inflows)

    def as_json(self) -> dict:
        census = self.census
        return {
            "code": self.code,
            "name": self.centre.name,
            "area": self.centre.located_in.code,
            "beds": self.centre.beds,
            "census_on": census.reported_on.isoformat() if census else None,
            "occupied": {t: getattr(census, f"occupied_{t}") for t in rules.BED_TYPES}
            if census
            else None,
            "patients": self.patients,
            "occupancy": self.occupancy,
            "severity": self.severity,
            "days_until_full": self.days_until_full,
        }


@dataclass
class AreaTotals:
    code: str
    name: str
    name_local: str
    centres: int = 0
    reporting: int = 0
    beds: int = 0
    beds_reporting: int = 0
    occupied: int = 0
    patients: int = 0
    inflow: float = 0.0
    warnings: int = 0
    critical: int = 0

    def add(self, day: CentreDay) -> None:
        self.centres += 1
        self.beds += day.beds
        if day.census is not None:
            self.reporting += 1
            self.beds_reporting += day.beds
            self.occupied += day.census.occupied
            self.patients += day.census.patients
            if day.inflows:
                self.inflow += sum(day.inflows) / len(day.inflows)
        self.warnings += day.severity == "warning"
        self.critical += day.severity == "critical"

    @property
    def occupancy(self) -> float | None:
        return rules.occupancy(self.occupied, self.beds_reporting)

    @property
    def days_until_full(self) -> float | None:
        if not self.reporting:
            return None
        return rules.days_until_full(self.beds_reporting - self.occupied, [self.inflow])

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "centres": self.centres,
            "reporting": self.reporting,
            "beds": self.beds,
            "beds_reporting": self.beds_reporting,
            "occupied": self.occupied,
            "patients": self.patients,
            "occupancy": self.occupancy,
            "days_until_full": self.days_until_full,
            "alerts_warning": self.warnings,
            "alerts_critical": self.critical,
        }


@dataclass
class Occupancy:
    area: AreaTotals
    as_of: dt.date
    children: list[AreaTotals]
    centres: list[CentreDay]
    warning_percent: float
    critical_percent: float

    @property
    def alerts(self) -> list[CentreDay]:
        found = [c for c in self.centres if c.severity]
        return sorted(found, key=lambda c: (c.severity != "critical", -(c.occupancy or 0)))

    def as_json(self) -> dict:
        return {
            "area": self.area.as_json(),
            "date": self.as_of.isoformat(),
            "thresholds": {"warning": self.warning_percent, "critical": self.critical_percent},
            "children": [c.as_json() for c in self.children],
            "alerts": [c.as_json() for c in self.alerts],
            "counts": "beds occupied at midnight (census of the day) over the beds of the "
            "centres that filed it; days until full at the mean net inflow of the last "
            f"{rules.TREND_DAYS} days",
        }


def known(rows: QuerySet[CensusRevision], known_at: dt.datetime | None):
    """The revisions current at ``known_at`` (None: now)."""
    if known_at is None:
        return rows.filter(superseded_at__isnull=True)
    return rows.filter(submitted_at__lte=known_at).filter(
        Q(superseded_at__isnull=True) | Q(superseded_at__gt=known_at)
    )


def centre_days(
    centres: list[TreatmentCentre], day: dt.date, known_at: dt.datetime | None = None
) -> list[CentreDay]:
    """Each centre's census of ``day`` (as known at ``known_at``), its net inflows of the
    trend window and severity."""
    start = day - dt.timedelta(days=rules.TREND_DAYS - 1)
    rows = known(
        CensusRevision.objects.filter(
            centre_id__in=[c.pk for c in centres], reported_on__gte=start, reported_on__lte=day
        ),
        known_at,
    )
    on_day: dict[int, CensusRevision] = {}
    inflows: dict[int, list[int]] = defaultdict(list)
    for row in rows.order_by("reported_on"):
        inflows[row.centre_id].append(rules.net_inflow({f: getattr(row, f) for f in rules.FIGURES}))
        if row.reported_on == day:
            on_day[row.centre_id] = row
    warning, critical = thresholds()
    found = []
    for centre in centres:
        item = CentreDay(centre, on_day.get(centre.pk), inflows.get(centre.pk, []))
        item.severity = rules.severity(item.occupancy, warning, critical)
        found.append(item)
    return found


def _child_of(node: AreaNode, located: AreaNode, tree: AreaTree) -> AreaNode | None:
    chain = tree.ancestors_and_self(located.path)
    below = [n for n in chain if len(n.path) == len(node.path) + len(chain[0].path)]
    return below[0] if below else None


def occupancy(
    actor,
    *,
    area: str | None = None,
    day: dt.date | None = None,
    known_at: dt.datetime | None = None,
    tree: AreaTree | None = None,
) -> Occupancy:
    """Beds, occupancy, alerts and days until full of an area (the actor's own top area by
    default), with the areas just below it; ``known_at``: the census as filed by then."""
    require_view(actor)
    tree = tree or AreaTree()
    node = get_node(actor=actor, code=area, tree=tree) if area else default_area(actor, tree)
    day = day or default_day()
    centres = list(centres_in_scope(actor, area=node))
    days = centre_days(centres, day, known_at)
    totals = AreaTotals(node.code, node.name, node.name_local)
    children: dict[str, AreaTotals] = {}
    for item in days:
        totals.add(item)
        located = tree.by_id.get(item.centre.located_in_id)
        child = _child_of(node, located, tree) if located else None
        if child is not None:
            children.setdefault(child.code, AreaTotals(child.code, child.name, child.name_local))
            children[child.code].add(item)
    warning, critical = thresholds()
    ordered = sorted(children.values(), key=lambda a: tree.by_code[a.code].path)
    return Occupancy(totals, day, ordered, days, warning, critical)


def default_area(actor, tree: AreaTree) -> AreaNode:
    """The actor's first scope area; for an operator of a site, the area the site is in
    (only the centres in their scope are counted under it)."""
    from epicommand.geo.selectors import scope_roots

    roots = scope_roots(actor=actor)
    if not roots:
        raise NotFound("your account has no scope area")
    first = roots[0]
    if first.level == "site":
        return tree.by_id[Area.objects.get_parent(first).pk]
    return tree.by_code[first.code]


def census_history(actor, centre: TreatmentCentre, *, days: int = 28, end: dt.date | None = None):
    """The centre's current census of each of the last ``days`` days, oldest first."""
    require_view(actor)
    end = end or default_day()
    return list(
        CensusRevision.objects.filter(
            centre=centre,
            reported_on__gt=end - dt.timedelta(days=days),
            reported_on__lte=end,
            superseded_at__isnull=True,
        ).order_by("reported_on")
    )


def revisions(actor, code: str, day: dt.date) -> list[CensusRevision]:
    centre = get_centre(actor, code)
    return list(
        CensusRevision.objects.filter(centre=centre, reported_on=day)
        .select_related("submitted_by")
        .order_by("revision")
    )


def current_census(centre: TreatmentCentre, day: dt.date) -> CensusRevision | None:
    return CensusRevision.objects.filter(
        centre=centre, reported_on=day, superseded_at__isnull=True
    ).first()


def latest_census(centre_ids: list[int]) -> dict[int, CensusRevision]:
    """Each centre's most recent current census (any day)."""
    newest = CensusRevision.objects.filter(
        centre=OuterRef("centre"), superseded_at__isnull=True
    ).order_by("-reported_on")
    rows = CensusRevision.objects.filter(
        centre_id__in=centre_ids, superseded_at__isnull=True, pk=Subquery(newest.values("pk")[:1])
    )
    return {r.centre_id: r for r in rows}
