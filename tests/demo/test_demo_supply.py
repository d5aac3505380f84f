"""The demo's supply network (at test size: settings.DEMO_SUPPLY_SITES) and its history."""

from __future__ import annotations

import pytest
from django.db.models import Count

from epicommand.accounts.models import User
from epicommand.cli import main
from epicommand.supply.models import (
    Item,
    ReleaseOrder,
    Shipment,
    Site,
    StockEntry,
    TransportUnit,
)
from epicommand.supply.selectors import ledger_differences, stock_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(capsys, monkeypatch):
    monkeypatch.setenv("EPICOMMAND_DEMO_PASSWORD", "demo-password-for-tests")
    main(["demo", "--no-serve"])
    return capsys.readouterr().out


def test_network_has_every_level_and_its_history_is_on_the_ledger(built, settings):
    kinds = dict(Site.objects.values_list("kind").annotate(n=Count("id")).order_by())
    assert kinds["state_reserve"] == kinds["central_base"] == 1
    assert kinds["provincial_centre"] == 13 and kinds["county_centre"] == 199
    districts = Site.objects.filter(area__code__startswith="DTC-").count()  # the care demo's
    assert kinds["pharmacy"] + kinds["treatment_centre"] - districts == settings.DEMO_SUPPLY_SITES
    assert kinds["distribution_point"] == 100 and kinds["factory"] == 2
    assert Item.objects.count() >= 50 and TransportUnit.objects.count() == 5
    assert Site.objects.get(area__code="PH-KP-01-001-01").supplier.area.code == "CC-KP-01-001"
    assert "supply network: " in built and "pharmacist" in built

    assert ledger_differences(actor=None) == []
    kinds = set(StockEntry.objects.values_list("kind", flat=True).distinct())
    assert {"dispensing", "issue", "transfer_out", "receipt", "production", "loss"} <= kinds
    assert ReleaseOrder.objects.filter(status="approved").count() == 3
    assert Shipment.objects.filter(status="dispatched").exists()  # the pipeline
    status = stock_status(actor=None, area="KP")
    para = next(i for i in status.items if i.code == "PARA-500")
    assert para.consumption_per_day > 0 and para.pipeline > 0 and status.near_expiry


def test_pharmacist_sees_only_their_pharmacy_and_a_second_run_reuses_all(built, client, capsys):
    pharmacist = User.objects.get(username="pharmacist")
    assert pharmacist.check_password("demo-password-for-tests")
    client.force_login(pharmacist)
    sites = client.get("/api/supply/sites").json()["items"]
    assert [s["code"] for s in sites] == ["PH-KP-01-001-01"]
    assert client.get("/api/supply/sites/PH-KP-01-001-02").status_code == 404

    counts = (Site.objects.count(), StockEntry.objects.count(), User.objects.count())
    main(["demo", "--no-serve"])
    assert "supply network: already there" in capsys.readouterr().out
    assert (Site.objects.count(), StockEntry.objects.count(), User.objects.count()) == counts
