"""A small outbreak in the test country, filed through the report service.

Three counties report ``new_fever`` for 60 days from 2022-03-01: a rise, a peak around day
35 and a fall, each county on its own scale. Populations and centroids are set so that the
scenario model has people and distances to work with.
"""

from __future__ import annotations

import datetime as dt
import math

from epicommand.geo.models import Area
from epicommand.surveillance.services import submit_reports

START = dt.date(2022, 3, 1)
DAYS = 60
AS_OF = START + dt.timedelta(days=DAYS - 1)
ONE = dt.timedelta(days=1)

COUNTIES = {
    # code: (scale, population, lat, lon)
    "XX-A-1": (40.0, 400_000, 39.0, 125.7),
    "XX-A-2": (60.0, 600_000, 39.3, 126.1),
    "XX-B-1": (90.0, 1_000_000, 40.1, 127.5),
}


def fever(code: str, day: int) -> int:
    """A smooth epidemic curve: growth 8 % a day to day 35, then a 5 % daily fall."""
    scale = COUNTIES[code][0]
    level = math.exp(0.08 * min(day, 35)) * math.exp(-0.05 * max(day - 35, 0))
    return round(scale * level * (1 + 0.05 * math.sin(day)))


def set_places() -> None:
    for code, (_scale, population, lat, lon) in COUNTIES.items():
        Area.objects.filter(code=code).update(
            population=population, centroid_lat=lat, centroid_lon=lon
        )
    Area.objects.filter(code="XX-A").update(
        population=1_000_000, centroid_lat=39.1, centroid_lon=125.9
    )
    Area.objects.filter(code="XX-B").update(
        population=1_000_000, centroid_lat=40.1, centroid_lon=127.5
    )
    Area.objects.filter(code="XX").update(
        population=2_000_000, centroid_lat=39.5, centroid_lon=126.5
    )


def file_outbreak(
    days: int = DAYS,
    *,
    skip: set[tuple[str, int]] = frozenset(),
    zero: bool = False,
    codes: tuple[str, ...] = tuple(COUNTIES),
) -> None:
    """Daily reports of every county for ``days`` days from START (``skip``: (code, day)
    pairs that are never filed)."""
    rows = [
        {
            "area_code": code,
            "date": (START + day * ONE).isoformat(),
            "new_fever": 0 if zero else fever(code, day),
            "new_confirmed": 0,
            "new_deaths": 0,
        }
        for day in range(days)
        for code in codes
        if (code, day) not in skip
    ]
    submit_reports(actor=None, rows=rows)
