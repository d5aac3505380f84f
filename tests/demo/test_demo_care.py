"""The demo's treatment centres, census, staff, first-week deployment and staff infections
(at test size: settings.DEMO_SUPPLY_SITES scales the roster)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from epicommand.care import rules
from epicommand.care.models import (
    CapacityAlert,
    CensusRevision,
    Deployment,
    Infection,
    StaffMember,
    TreatmentCentre,
)
from epicommand.cli import main
from epicommand.geo.models import Area
from epicommand.surveillance.models import DailyTotal

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the demo once for the module, keep what it printed, empty the database after."""
    patch = pytest.MonkeyPatch()
    patch.setenv("EPICOMMAND_DEMO_PASSWORD", "demo-password-for-tests")
    with django_db_blocker.unblock():
        from rich.console import Console

        from epicommand.demo.build import build_demo

        capture = tmp_path_factory.mktemp("demo-care") / "out.txt"
        with capture.open("w") as handle:
            build_demo(Console(file=handle, width=200))
        yield capture.read_text()
        call_command("flush", interactive=False, verbosity=0)
    patch.undo()


def test_every_county_has_a_district_centre_with_beds_by_population(built):
    counties = Area.objects.filter(depth=3).exclude(level="site")
    districts = TreatmentCentre.objects.filter(is_district=True)
    assert districts.count() == counties.count()
    assert not TreatmentCentre.objects.filter(is_district=False, commanded_by__isnull=True).exists()
    beds = {c.located_in_id: 0 for c in districts}
    for centre in TreatmentCentre.objects.all():
        beds[centre.located_in_id] += centre.total_beds
    big, small = counties.order_by("-population").first(), counties.order_by("population").first()
    assert beds[big.pk] > beds[small.pk]
    assert "treatment centres: " in built and "centre" in built


def test_census_arithmetic_holds_and_patients_stay_within_those_under_treatment(built):
    county = Area.objects.get(code="KP-01-001")
    rows = CensusRevision.objects.filter(centre__located_in=county).order_by(
        "centre", "reported_on"
    )
    previous: dict = {}
    for row in rows:
        figures = {f: getattr(row, f) for f in rules.FIGURES}
        assert rules.census_problems(figures, row.centre.beds) == []
        if row.centre_id in previous:
            assert rules.census_warnings(figures, previous[row.centre_id]) == [] or (
                rules.occupied(figures) < rules.patients(figures)
            )
        previous[row.centre_id] = row.patients
    per_day = rows.values("reported_on").annotate(
        p=Sum("patients_fevered") + Sum("patients_positive")
    )
    treated = dict(DailyTotal.objects.filter(area=county).values_list("on", "under_treatment"))
    assert all(d["p"] <= treated[d["reported_on"]] for d in per_day)
    assert max(d["p"] for d in per_day) > 0
    assert CapacityAlert.objects.exists()


def test_staff_a_first_week_deployment_and_infections(built, settings, client):
    staff = StaffMember.objects.count()
    assert staff == pytest.approx(40_000 * settings.DEMO_SUPPLY_SITES / 5000, rel=0.1)
    orders = Deployment.objects.all()
    assert orders.exists() and all(o.state == "arrived" for o in orders)
    assert all(o.start_on <= dt.date(2022, 5, 18) for o in orders)
    assert Infection.objects.count() > 0
    by_province = (
        Infection.objects.values("staff__home_area__path").annotate(n=Count("id")).order_by()
    )
    assert len(by_province) > 10
    from epicommand.accounts.models import User

    client.force_login(User.objects.get(username="centre"))
    assert client.get("/care/").status_code == 200
    assert client.get("/api/care/staff/MS-000001/health").status_code == 403
    client.force_login(User.objects.get(username="staff-health"))
    assert client.get("/api/care/staff/MS-000001/health").status_code == 200


def test_a_second_run_keeps_everything(built, capsys):
    counts = (TreatmentCentre.objects.count(), StaffMember.objects.count(),
              CensusRevision.objects.count())  # fmt: skip
    main(["demo", "--no-serve"])
    assert "treatment centres and staff: already there" in capsys.readouterr().out
    assert counts == (TreatmentCentre.objects.count(), StaffMember.objects.count(),
                      CensusRevision.objects.count())  # fmt: skip
