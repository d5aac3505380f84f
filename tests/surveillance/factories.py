"""Report rows with defaults, for tests."""

from __future__ import annotations

import datetime as dt

DAY = dt.date(2022, 5, 15)


def report(area_code: str = "XX-A-1", on: dt.date = DAY, **figures) -> dict:
    row = {"area_code": area_code, "date": on.isoformat()}
    row.update(
        {
            "new_fever": 10,
            "new_confirmed": 2,
            "new_recovered": 1,
            "new_deaths": 0,
            "under_treatment": 30,
            "tests_done": 5,
            "in_quarantine": 100,
        }
    )
    row.update(figures)
    return row
