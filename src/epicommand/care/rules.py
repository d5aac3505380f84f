"""The rules of the census, occupancy, staff status and staffing ratios: pure functions.

Nothing here reads the database: services and selectors gather the figures and call these,
so the same arithmetic holds on a form, in a file, in the roll-ups and in the optimiser.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

BED_TYPES = ("general", "isolation", "intensive")
FLOWS = ("admissions", "discharges", "deaths", "transfers_in", "transfers_out")
PATIENTS = ("patients_fevered", "patients_positive")
OCCUPIED = tuple(f"occupied_{t}" for t in BED_TYPES)
FIGURES = FLOWS + PATIENTS + OCCUPIED
#: Figures a census must give; the others (transfers, beds of a type a centre has none of)
#: are 0 when left empty.
REQUIRED = ("admissions", "discharges", "deaths", *PATIENTS)

#: Occupancy (per cent of beds) at which a centre raises an alert, unless HQ set others.
DEFAULT_WARNING_PERCENT = 85.0
DEFAULT_CRITICAL_PERCENT = 95.0
TREND_DAYS = 7  # days of census the admission trend (days until full) is taken over

#: Most patients per person at HQ's minimum ratios, by bed type and qualification, until HQ
#: sets its own (``care.services.set_staffing_norms``). Illustrative planning figures in the
#: range ward staffing guides use (one nurse for one or two intensive-care patients, for
#: four to eight on a general ward), not clinical guidance.
DEFAULT_NORMS: dict[tuple[str, str], float] = {
    ("general", "doctor"): 20.0,
    ("isolation", "doctor"): 10.0,
    ("intensive", "doctor"): 4.0,
    ("general", "nurse"): 8.0,
    ("isolation", "nurse"): 4.0,
    ("intensive", "nurse"): 1.5,
}


def patients(figures: Mapping[str, int]) -> int:
    """Patients at midnight: fevered (suspected) and tested positive."""
    return figures["patients_fevered"] + figures["patients_positive"]


def occupied(figures: Mapping[str, int]) -> int:
    return sum(figures[f"occupied_{t}"] for t in BED_TYPES)


def expected_patients(yesterday: int, figures: Mapping[str, int]) -> int:
    """Yesterday's patients + admissions - discharges - deaths + transfers in - out."""
    return (
        yesterday
        + figures["admissions"]
        - figures["discharges"]
        - figures["deaths"]
        + figures["transfers_in"]
        - figures["transfers_out"]
    )


def census_problems(figures: Mapping[str, int], beds: Mapping[str, int]) -> list[tuple[str, str]]:
    """(column, reason) for figures that contradict themselves or the centre: more beds of
    a type occupied than it has, more beds occupied than patients."""
    problems = []
    for bed_type in BED_TYPES:
        column = f"occupied_{bed_type}"
        if figures[column] > beds.get(bed_type, 0):
            problems.append(
                (
                    column,
                    f"{figures[column]} {bed_type} beds occupied but the centre has "
                    f"{beds.get(bed_type, 0)}",
                )
            )
    if occupied(figures) > patients(figures):
        problems.append(
            (
                "occupied_general",
                f"{occupied(figures)} beds occupied but {patients(figures)} patients",
            )
        )
    return problems


def census_warnings(figures: Mapping[str, int], yesterday: int | None) -> list[tuple[str, str]]:
    """(column, reason) for figures that may be right but need a look: the patients do not
    follow from yesterday's and the day's movements (both numbers given), or patients
    without a bed."""
    warnings = []
    if yesterday is not None:
        expected = expected_patients(yesterday, figures)
        if expected != patients(figures):
            warnings.append(
                (
                    "patients_fevered",
                    f"{patients(figures)} patients at midnight, but yesterday's {yesterday} "
                    f"and the day's movements give {expected}",
                )
            )
    if occupied(figures) < patients(figures):
        warnings.append(
            (
                "occupied_general",
                f"{patients(figures) - occupied(figures)} patients without a bed",
            )
        )
    return warnings


def occupancy(occupied_beds: int, beds: int) -> float | None:
    """Share of beds occupied; None without beds."""
    return occupied_beds / beds if beds else None


def severity(share: float | None, warning_percent: float, critical_percent: float) -> str | None:
    """``critical``, ``warning`` or None for an occupancy share (above the percentages)."""
    if share is None:
        return None
    if share * 100 > critical_percent:
        return "critical"
    if share * 100 > warning_percent:
        return "warning"
    return None


def net_inflow(figures: Mapping[str, int]) -> int:
    return expected_patients(0, figures)


def days_until_full(free_beds: int, inflows: Iterable[int]) -> float | None:
    """Days until the free beds are taken at the mean net inflow of the last days (patients
    in minus patients out); None when the centre is not filling (or no days are known)."""
    values = list(inflows)
    if not values:
        return None
    mean = sum(values) / len(values)
    if mean <= 0:
        return None
    return max(free_beds, 0) / mean


# --- staff status on a day ----------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A stretch of days from ``start`` up to and including ``end`` (None: open)."""

    kind: str
    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Posting:
    """A deployment as the status rule sees it: at ``site`` from ``start``, until the day
    before ``returned`` (None: still there); cancelled ones are left out by the caller."""

    site: int
    start: dt.date
    returned: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.returned is None or day < self.returned)


ABSENCE_ORDER = ("sick", "quarantine", "off")


def status_on(
    day: dt.date,
    *,
    died_on: dt.date | None,
    absences: Iterable[Period],
    postings: Iterable[Posting],
) -> str:
    """A person's status on ``day``: deceased, then sick, in quarantine, off (an absence
    covering the day), then deployed (a deployment covering it), else on duty."""
    if died_on is not None and died_on <= day:
        return "deceased"
    kinds = {a.kind for a in absences if a.covers(day)}
    for kind in ABSENCE_ORDER:
        if kind in kinds:
            return kind
    if any(p.covers(day) for p in postings):
        return "deployed"
    return "on_duty"


def site_on(day: dt.date, post: int | None, postings: Iterable[Posting]) -> int | None:
    """Where a person is on ``day``: the deployment's site, else their post."""
    for posting in postings:
        if posting.covers(day):
            return posting.site
    return post


# --- staffing ratios ----------------------------------------------------------------------


def patients_by_bed_type(figures: Mapping[str, int]) -> dict[str, int]:
    """Patients per bed type; patients without a bed are counted as general."""
    counts = {t: figures[f"occupied_{t}"] for t in BED_TYPES}
    counts["general"] += max(patients(figures) - occupied(figures), 0)
    return counts


def staff_needed(by_type: Mapping[str, int], norms: Mapping[str, float]) -> float:
    """Persons of one qualification the patients need at the minimum ratios (``norms``: most
    patients per person, by bed type); a bed type without a norm needs none."""
    return sum(n / norms[t] for t, n in by_type.items() if n and t in norms)


def reference_norm(norms: Mapping[str, float]) -> float | None:
    """The norm patients are weighed against: the general ward's, else the loosest."""
    if not norms:
        return None
    return norms.get("general", max(norms.values()))


def patient_equivalents(by_type: Mapping[str, int], norms: Mapping[str, float]) -> float:
    """Patients weighed by bed type against the reference norm: with 20 general and 4
    intensive-care patients per doctor, one intensive-care patient counts as five. Their
    ratio to the staff is then compared with the reference norm alone."""
    ref = reference_norm(norms)
    return 0.0 if ref is None else staff_needed(by_type, norms) * ref


def ratio(patients_count: float, staff: int) -> float | None:
    """Patients per person; None when nobody is there to treat them (or no patients)."""
    if staff <= 0:
        return None
    return patients_count / staff


def below_minimum(needed: float, on_duty: int) -> bool:
    return on_duty < math.ceil(needed - 1e-9)
