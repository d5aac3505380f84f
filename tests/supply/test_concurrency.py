"""Concurrent moves of the same stock serialise on PostgreSQL's row locks: no balance goes
below zero, nothing is created or lost, and the ledger still explains every balance."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from epicommand.supply import services
from epicommand.supply.errors import InsufficientStock
from epicommand.supply.models import StockBalance, StockEntry
from epicommand.supply.selectors import ledger_differences
from epicommand.supply.services import StockLine
from tests.factories import make_country
from tests.supply.factories import make_network, stock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
MOVES_PER_THREAD = 25
SITES = ["CC-A1", "PH-1", "PH-2", "PH-B", "PC-A"]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")


def _run_threads(work, count: int = THREADS) -> list:
    """Run ``work(index)`` in threads started together; each closes its connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_random_transfers_conserve_stock_and_never_go_negative():
    net = make_network(make_country())
    for code in SITES:
        stock(net[code], net["P-LATE"], 60)
        stock(net[code], net["P-EARLY"], 40)
    total = StockBalance.objects.aggregate(total=Sum("quantity"))["total"]

    def work(index: int) -> tuple[int, int]:
        rng = random.Random(index)
        done = refused = 0
        for _ in range(MOVES_PER_THREAD):
            origin, destination = rng.sample(SITES, 2)
            lot = rng.choice([None, "P-LATE", "P-EARLY"])
            try:
                services.transfer_stock(
                    actor=None,
                    from_site_code=origin,
                    to_site_code=destination,
                    lines=[StockLine("PARA", rng.randint(1, 70), lot)],
                )
                done += 1
            except InsufficientStock:
                refused += 1
        return done, refused

    results = _run_threads(work)
    assert all(isinstance(r, tuple) for r in results), results
    assert sum(r[0] for r in results) > 0 and sum(r[1] for r in results) > 0
    assert not StockBalance.objects.filter(quantity__lt=0).exists()
    assert StockBalance.objects.aggregate(total=Sum("quantity"))["total"] == total
    assert (
        StockEntry.objects.filter(kind__startswith="transfer").aggregate(s=Sum("quantity"))["s"]
        == 0
    )
    assert ledger_differences(actor=None) == []


def test_two_withdrawals_of_the_same_stock_one_is_refused():
    net = make_network(make_country())
    stock(net["PH-1"], net["P-LATE"], 100)

    def work(_index: int):
        return services.record_dispensing(
            actor=None, site_code="PH-1", lines=[StockLine("PARA", 60, "P-LATE")]
        )

    results = _run_threads(work, count=2)
    assert sorted(type(r).__name__ for r in results) == ["InsufficientStock", "list"]
    assert StockBalance.objects.get(site=net["PH-1"]).quantity == 40
