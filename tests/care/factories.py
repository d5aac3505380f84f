"""Care factories: plain functions with defaults. They write directly (fixtures, not
behaviour under test)."""

from __future__ import annotations

import datetime as dt

from epicommand.care.models import StaffMember, TreatmentCentre
from epicommand.clock import now
from epicommand.geo.models import Area
from tests.supply.factories import make_site

FIGURES = {
    "admissions": 0, "discharges": 0, "deaths": 0, "transfers_in": 0, "transfers_out": 0,
    "patients_fevered": 0, "patients_positive": 0, "occupied_general": 0,
    "occupied_isolation": 0, "occupied_intensive": 0,
}  # fmt: skip


def make_centre(
    code: str,
    county: Area,
    *,
    general: int = 20,
    isolation: int = 5,
    intensive: int = 2,
    district: bool = False,
    commanded_by: TreatmentCentre | None = None,
) -> TreatmentCentre:
    site = make_site(code, county, "treatment_centre", name=f"Centre {code}")
    return TreatmentCentre.objects.create(
        site=site,
        located_in=county,
        area_path=site.area.path,
        is_district=district,
        commanded_by=commanded_by,
        beds_general=general,
        beds_isolation=isolation,
        beds_intensive=intensive,
    )


def make_staff(
    number: str, centre: TreatmentCentre, qualification: str = "nurse", **fields
) -> StaffMember:
    return StaffMember.objects.create(
        staff_number=number,
        name=fields.pop("name", f"Person {number}"),
        qualification=qualification,
        home_area=centre.located_in,
        post=centre.site,
        area_path=centre.area_path,
        created_at=now(),
        **fields,
    )


def census_row(code: str, day: dt.date, **figures) -> dict:
    return {"centre_code": code, "date": day.isoformat(), **FIGURES, **figures}
