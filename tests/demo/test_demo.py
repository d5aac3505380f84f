"""The demo country: the scenario's shape, its users, and a second run that reuses it."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from epicommand.accounts.models import User
from epicommand.cli import main
from epicommand.geo.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(capsys, monkeypatch):
    monkeypatch.setenv("EPICOMMAND_DEMO_PASSWORD", "demo-password-for-tests")
    main(["demo", "--no-serve"])
    return capsys.readouterr().out


def test_demo_country_has_the_scenarios_shape(built):
    country = Area.objects.get(code="KP")
    provinces = Area.objects.filter(depth=2).exclude(level="site")  # sites are leaves too
    counties = Area.objects.filter(depth=3).exclude(level="site")
    assert 12 <= provinces.count() <= 14
    assert 180 <= counties.count() <= 220
    assert 25_000_000 <= country.population <= 27_000_000
    assert provinces.aggregate(total=Sum("population"))["total"] == country.population
    assert all(a.name_local and a.centroid_lat for a in Area.objects.all())
    assert Area.objects.get(code="KP-01").name_local == "평양시"


def test_demo_users_have_fixed_names_and_the_given_password(built):
    hq = User.objects.get(username="hq")
    assert hq.check_password("demo-password-for-tests") and hq.roles == ["hq_commander"]
    officer = User.objects.get(username="officer-kp-01-001")
    assert list(officer.scope_areas.values_list("code", flat=True)) == ["KP-01-001"]
    assert User.objects.filter(username__startswith="officer-kp-").count() == 13 + 20
    assert "demo-password-for-tests" in built and "officer-kp-02" in built


def test_second_run_reuses_what_exists(built, capsys):
    areas, users = Area.objects.count(), User.objects.count()
    main(["demo", "--no-serve"])
    out = capsys.readouterr().out
    assert (Area.objects.count(), User.objects.count()) == (areas, users)
    assert "0 created" in out


def test_generated_password_is_kept_between_runs(capsys, monkeypatch, tmp_path, settings):
    monkeypatch.delenv("EPICOMMAND_DEMO_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    main(["demo", "--no-serve"])
    first = capsys.readouterr().out.split("Password for every demo user: ")[1].split()[0]
    main(["demo", "--no-serve"])
    second = capsys.readouterr().out.split("Password for every demo user: ")[1].split()[0]
    assert first == second and User.objects.get(username="analyst").check_password(first)
