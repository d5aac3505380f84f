"""What the surveillance blocks of the situation report hold. Plain dataclasses, no
database.

Headline keys are stable (the JSON API and files promise them): ``new_fever``,
``new_confirmed``, ``new_recovered``, ``new_deaths``, ``under_treatment``, ``cum_fever``,
``cum_confirmed``, ``cum_recovered``, ``cum_deaths``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

HEADLINE_KEYS = (
    "new_fever",
    "new_confirmed",
    "new_recovered",
    "new_deaths",
    "under_treatment",
    "cum_fever",
    "cum_confirmed",
    "cum_recovered",
    "cum_deaths",
)


@dataclass(frozen=True)
class Headline:
    """A figure on the as-of day, the day before and seven days before, and the changes."""

    value: int | None
    day_before: int | None
    week_before: int | None

    @property
    def change_day(self) -> int | None:
        if self.value is None or self.day_before is None:
            return None
        return self.value - self.day_before

    @property
    def change_week(self) -> int | None:
        if self.value is None or self.week_before is None:
            return None
        return self.value - self.week_before


@dataclass(frozen=True)
class Series:
    """Daily figures of one area, oldest first; None where no report covered the day."""

    dates: list[dt.date]
    values: dict[str, list[int | None]]


@dataclass(frozen=True)
class ChildRow:
    """One area directly below the report's area, for the table and the map."""

    code: str
    name: str
    name_local: str
    population: int
    new_fever: int | None
    new_confirmed: int | None
    new_deaths: int | None
    under_treatment: int | None
    cum_fever: int
    cum_deaths: int
    week_fever: int
    incidence_per_100k: float | None  # new fever cases of the last 7 days per 100,000
    reporting_expected: int
    reporting_received: int
    lat: float | None = None
    lon: float | None = None
    geometry: dict | None = None


@dataclass(frozen=True)
class SilentArea:
    code: str
    name: str
    name_local: str
    last_report_on: dt.date | None


@dataclass(frozen=True)
class Completeness:
    """Reporting areas under the report's area on the as-of day."""

    on: dt.date
    expected: int
    on_time: int
    late: int
    missing: int
    silent: list[SilentArea] = field(default_factory=list)

    @property
    def received(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return None if self.expected == 0 else self.received / self.expected


@dataclass(frozen=True)
class AlertView:
    id: int
    rule: str
    area_code: str
    area_name: str
    on: dt.date
    message: str
    severity: str
    acknowledged: bool
