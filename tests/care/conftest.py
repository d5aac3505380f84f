"""Care fixtures: the small test country with treatment centres, staff and users."""

from __future__ import annotations

import pytest
from django.utils import translation

from epicommand.accounts.roles import Role
from epicommand.care.roles import HEALTH_OFFICER
from tests.care.factories import make_centre, make_staff
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def centres(country):
    """A district centre in XX-A-1 commanding a second one there; one in XX-A-2 and one in
    XX-B-1."""
    district = make_centre("TC-A1", country["XX-A-1"], district=True)
    return {
        "TC-A1": district,
        "TC-A1-2": make_centre("TC-A1-2", country["XX-A-1"], commanded_by=district),
        "TC-A2": make_centre("TC-A2", country["XX-A-2"]),
        "TC-B1": make_centre("TC-B1", country["XX-B-1"], general=40),
    }


@pytest.fixture
def staff(centres):
    """Four nurses and a doctor at each centre."""
    people = {}
    for n, centre in enumerate(centres.values()):
        for i in range(4):
            number = f"N{n}{i}"
            people[number] = make_staff(number, centre)
        people[f"D{n}"] = make_staff(f"D{n}", centre, "doctor")
    return people


@pytest.fixture
def hq(country):
    return make_user("hq", Role.HQ_COMMANDER, country["XX"])


@pytest.fixture
def officer_a(country):
    return make_user("officer-a", Role.AREA_OFFICER, country["XX-A"])


@pytest.fixture
def operator(centres):
    return make_user("operator", Role.SITE_OPERATOR, centres["TC-A1"].site.area)


@pytest.fixture
def health_officer(country):
    return make_user("health", HEALTH_OFFICER, country["XX-A"])
