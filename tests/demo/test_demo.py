"""The demo country: the scenario's shape, its users, its outbreak, and a second run that
reuses it. The demo is built once for the module (it files three months of reports)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Max, Sum

from epicommand.accounts.models import User
from epicommand.cli import main
from epicommand.geo.models import Area
from epicommand.reports.selectors import situation_report
from epicommand.surveillance import selectors
from epicommand.surveillance.models import Alert, DailyTotal, ReportRevision
from epicommand.surveillance.reporting import ReportingTree

PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the demo once, keep what it printed, and empty the database afterwards."""
    patch = pytest.MonkeyPatch()
    patch.setenv("EPICOMMAND_DEMO_PASSWORD", PASSWORD)
    with django_db_blocker.unblock():
        capture = tmp_path_factory.mktemp("demo") / "out.txt"
        from rich.console import Console

        from epicommand.demo.build import build_demo

        with capture.open("w") as handle:
            build_demo(Console(file=handle, width=200))
        yield capture.read_text()
        call_command("flush", interactive=False, verbosity=0)
    patch.undo()


pytestmark = pytest.mark.django_db


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
    assert hq.check_password(PASSWORD) and hq.roles == ["hq_commander"]
    officer = User.objects.get(username="officer-kp-01-001")
    assert list(officer.scope_areas.values_list("code", flat=True)) == ["KP-01-001"]
    assert User.objects.filter(username__startswith="officer-kp-").count() == 13 + 20
    assert PASSWORD in built and "officer-kp-02" in built


def test_outbreak_peaks_near_400000_within_a_week_and_falls_over_three_months(built):
    national = DailyTotal.objects.filter(area__code="KP").order_by("on")
    first = national.first().on
    peak = national.order_by("-new_fever").first()
    assert 350_000 <= peak.new_fever <= 450_000
    assert (peak.on - first).days <= 7
    last = national.aggregate(Max("on"))["on__max"]
    assert 80 <= (last - first).days <= 100
    assert national.get(on=last).new_fever < peak.new_fever / 100


def test_outbreak_is_uneven_by_province_with_late_corrected_and_silent_reports(built):
    peak_day = DailyTotal.objects.filter(area__code="KP").order_by("-new_fever").first().on
    per_100k = [
        t.new_fever * 100_000 / t.area.population
        for t in DailyTotal.objects.filter(on=peak_day, area__depth=2).select_related("area")
    ]
    assert max(per_100k) > 1.5 * min(per_100k)
    assert ReportRevision.objects.filter(revision=2).exists()
    last = DailyTotal.objects.aggregate(Max("on"))["on__max"]
    tree = ReportingTree()
    country = tree.by_code["KP"]
    status = selectors.completeness(actor=None, tree=tree, node=country, on=last)
    assert status.missing >= 1 and status.late + status.on_time >= 180
    assert any(
        selectors.completeness(
            actor=None, tree=tree, node=country, on=last - dt.timedelta(days=d)
        ).late
        for d in range(10, 20)
    )
    assert Alert.objects.exists()


def test_second_run_reuses_what_exists(built, capsys):
    counts = (Area.objects.count(), User.objects.count(), ReportRevision.objects.count())
    main(["demo", "--no-serve"])
    out = capsys.readouterr().out
    after = (Area.objects.count(), User.objects.count(), ReportRevision.objects.count())
    assert after == counts
    assert "0 created" in out and "already there" in out


def test_generated_password_is_kept_between_runs(built, capsys, monkeypatch, tmp_path, settings):
    monkeypatch.delenv("EPICOMMAND_DEMO_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    main(["demo", "--no-serve"])
    first = capsys.readouterr().out.split("Password for every demo user: ")[1].split()[0]
    main(["demo", "--no-serve"])
    second = capsys.readouterr().out.split("Password for every demo user: ")[1].split()[0]
    assert first == second and User.objects.get(username="analyst").check_password(first)


def test_demo_stores_the_protocol_table_and_the_nations_runs(built):
    from epicommand.modelling.models import ModelRun, ProtocolLine

    assert ProtocolLine.objects.filter(item_code__startswith="KORYO").exists()
    kinds = {(r.kind, r.as_of.isoformat()) for r in ModelRun.objects.filter(area__code="KP")}
    assert {("rt", "2022-05-20"), ("forecast", "2022-06-20"), ("backtest", "2022-06-20")} <= kinds
    assert ("scenario", "2022-05-20") in kinds and ("demand", "2022-06-20") in kinds
    assert "analytics:" in built
    report = situation_report(actor=None, area_code="KP", as_of=dt.date(2022, 6, 20))
    assert (
        report.blocks["forecast"].available
        and report.blocks["forecast"].run["requested_via"] == "demo"
    )
