"""Staffing and staff health of an area on a day, per area and per centre.

**What is counted, how it is dated.** Staff are the persons posted in the area (deployed
persons are counted where they work on the day, under "deployed in"). Infected per 1,000
staff: infections detected in the period among the area's staff over its staff. Staff-days
lost: days of sick leave and quarantine inside the period. Balance: patients (census of the
day, by bed type) per doctor and per nurse working at the centre that day, against HQ's
minimum ratios; a centre is below its minimum staffing when fewer work there than its
patients need at those ratios, and "because of sickness" when those sick or in quarantine
would have made up the difference. Per-person health data is not shown here: these are
counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from epicommand.care import records, rules
from epicommand.care.models import Absence, Infection
from epicommand.care.norms import current_norms
from epicommand.care.selectors.centres import centre_days, centres_in_scope, require_view
from epicommand.core import scope
from epicommand.geo.tree import AreaNode, AreaTree

PERIOD_DAYS = 28
BALANCED = ("doctor", "nurse")
ABSENT = {"sick", "quarantine"}


@dataclass
class StaffCounts:
    """Persons of an area on a day by status (and deployed into it from elsewhere)."""

    code: str
    name: str
    by_status: Counter = field(default_factory=Counter)
    deployed_in: int = 0
    infections: int = 0
    confirmed: int = 0
    days_lost: int = 0

    @property
    def staff(self) -> int:
        return sum(v for k, v in self.by_status.items() if k != "deceased")

    @property
    def infected_per_1000(self) -> float | None:
        return self.infections * 1000 / self.staff if self.staff else None

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "staff": self.staff,
            "on_duty": self.by_status["on_duty"],
            "deployed_out": self.by_status["deployed"],
            "deployed_in": self.deployed_in,
            "sick": self.by_status["sick"],
            "quarantine": self.by_status["quarantine"],
            "off": self.by_status["off"],
            "deceased": self.by_status["deceased"],
            "infections": self.infections,
            "confirmed": self.confirmed,
            "infected_per_1000": self.infected_per_1000,
            "staff_days_lost": self.days_lost,
        }


@dataclass
class CentreBalance:
    code: str
    name: str
    patients: int | None
    working: dict[str, int]
    away_sick: dict[str, int]
    needed: dict[str, float]

    def ratio(self, q: str) -> float | None:
        return rules.ratio(self.patients or 0, self.working.get(q, 0)) if self.patients else None

    def below(self, q: str) -> bool:
        return rules.below_minimum(self.needed.get(q, 0), self.working.get(q, 0))

    def because_of_sickness(self, q: str) -> bool:
        return self.below(q) and not rules.below_minimum(
            self.needed.get(q, 0), self.working.get(q, 0) + self.away_sick.get(q, 0)
        )

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "patients": self.patients,
            "qualifications": {
                q: {
                    "working": self.working.get(q, 0),
                    "needed_at_norms": round(self.needed.get(q, 0), 2),
                    "patients_per_staff": self.ratio(q),
                    "below_minimum": self.below(q),
                    "because_of_sickness": self.because_of_sickness(q),
                    "sick_or_quarantined": self.away_sick.get(q, 0),
                }
                for q in BALANCED
            },
        }


@dataclass
class Staffing:
    area: StaffCounts
    as_of: dt.date
    start: dt.date
    children: list[StaffCounts]
    centres: list[CentreBalance]

    @property
    def alerts(self) -> list[tuple[CentreBalance, str]]:
        return [(c, q) for c in self.centres for q in BALANCED if c.because_of_sickness(q)]

    def as_json(self) -> dict:
        return {
            "area": self.area.as_json(),
            "date": self.as_of.isoformat(),
            "period": {"start": self.start.isoformat(), "end": self.as_of.isoformat()},
            "children": [c.as_json() for c in self.children],
            "centres": [c.as_json() for c in self.centres],
            "minimum_staffing_alerts": [
                {
                    "centre": c.code,
                    "qualification": q,
                    "working": c.working.get(q, 0),
                    "needed_at_norms": round(c.needed.get(q, 0), 2),
                }
                for c, q in self.alerts
            ],  # fmt: skip
        }


def _group(node: AreaNode, path: str, tree: AreaTree) -> AreaNode | None:
    """The area just below ``node`` that ``path`` (a post's or centre's node) lies in."""
    prefix = path[: len(node.path) + 4]
    return tree.by_path.get(prefix) if len(prefix) > len(node.path) else None


def _counts(node: AreaNode, tree: AreaTree, day: dt.date, start: dt.date, people) -> tuple:
    totals = StaffCounts(node.code, node.name)
    children: dict[str, StaffCounts] = {}

    def bucket(path: str) -> list[StaffCounts]:
        child = _group(node, path, tree)
        if child is None:
            return [totals]
        children.setdefault(child.code, StaffCounts(child.code, child.name))
        return [totals, children[child.code]]

    for person in people:
        if person.post_path.startswith(node.path):
            for counts in bucket(person.post_path):
                counts.by_status[person.status] += 1
        elif person.status == "deployed":
            totals.deployed_in += 1
    _health(node, start, day, bucket)
    return totals, [children[k] for k in sorted(children, key=lambda c: tree.by_code[c].path)]


def _health(node: AreaNode, start: dt.date, day: dt.date, bucket) -> None:
    infections = Infection.objects.filter(
        scope.subtree(node.path, "area_path"), detected_on__gte=start, detected_on__lte=day
    ).values_list("area_path", "status")
    for path, status in infections:
        for counts in bucket(path):
            counts.infections += 1
            counts.confirmed += status == "confirmed"
    absences = Absence.objects.filter(
        scope.subtree(node.path, "area_path"), kind__in=ABSENT, start_on__lte=day
    ).exclude(end_on__lt=start)
    for path, first, last in absences.values_list("area_path", "start_on", "end_on"):
        days = (min(last or day, day) - max(first, start)).days + 1
        for counts in bucket(path):
            counts.days_lost += max(days, 0)


def _balance(actor, node: AreaNode, day: dt.date, people) -> list[CentreBalance]:
    centres = list(centres_in_scope(actor, area=node))
    norms = current_norms()
    working: dict[int, Counter] = defaultdict(Counter)
    sick: dict[int, Counter] = defaultdict(Counter)
    for person in people:
        if person.status in ("on_duty", "deployed"):
            working[person.site_id][person.qualification] += 1
        elif person.status in ABSENT:
            sick[person.site_id][person.qualification] += 1
    found = []
    for item in centre_days(centres, day):
        census = item.census
        by_type = (
            rules.patients_by_bed_type({f: getattr(census, f) for f in rules.FIGURES})
            if census
            else {}
        )
        needed = {q: rules.staff_needed(by_type, norms.get(q, {})) for q in BALANCED}
        site = item.centre.site_id
        found.append(
            CentreBalance(
                item.code, item.centre.name, item.patients, dict(working[site]),
                dict(sick[site]), needed,
            )
        )  # fmt: skip
    return found


def staffing(actor, *, area: AreaNode, tree: AreaTree, day: dt.date) -> Staffing:
    """Staff by status, health rates and the balance of every centre of ``area`` (a node
    the scoped getter handed out) on ``day``."""
    require_view(actor)
    scope.require_area(actor, area)
    start = day - dt.timedelta(days=PERIOD_DAYS - 1)
    people = records.staffing(day, area.path)
    totals, children = _counts(area, tree, day, start, people)
    return Staffing(totals, day, start, children, _balance(actor, area, day, people))
