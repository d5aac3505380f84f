"""Benchmark: stock status of the whole country (5,000 sites x 50 items) against the raw
database summing every lot balance per item.

Ours: ``supply.selectors.stock_status`` for the country: on hand, average daily consumption,
days of stock, stock-outs, near-expiry lots, pipeline and alerts. Reference: the bare
minimum a database does for the first of those figures, one ``SELECT item_id,
SUM(quantity) FROM supply_stockbalance GROUP BY item_id``. Both must give the same on-hand
total per item, else the script exits 1. Target: ours under 300 ms.

Run: ``python benchmarks/stock_status.py [--quick] [--db sqlite|postgresql]``; the last line
is one JSON object. It builds a seeded network in a scratch database and drops it. On
PostgreSQL the build ends with ``VACUUM ANALYZE``, as autovacuum would after a bulk load
(without it the planner has no statistics and no index-only scans).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time

from support.db import scratch_database

SEED = 20261123
ITEMS = 50
TARGET_S = 0.3


def reference() -> dict[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT item_id, SUM(quantity) FROM supply_stockbalance GROUP BY item_id")
        return {item: int(total) for item, total in cursor.fetchall()}


def ours():
    from epicommand.supply.selectors import stock_status

    return stock_status(actor=None, area="KP")


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def build(sites: int) -> dict:
    from support import network

    from epicommand.supply.errors import InsufficientStock
    from epicommand.supply.services import StockLine, dispatch_shipment, plan_shipment

    rng = random.Random(SEED)
    start = time.perf_counter()
    counties = network.build_areas()
    built = network.build_sites(counties, sites, rng)
    lots = network.build_items(ITEMS)
    entries = network.opening_and_dispensing(built, lots, rng)
    shipped = 0
    for origin, destination in zip(built[:80], built[80:160], strict=True):
        try:
            shipment = plan_shipment(
                actor=None,
                from_site_code=origin.area.code,
                to_site_code=destination.area.code,
                lines=[StockLine(lots[1].item.code, 5)],
            )
        except InsufficientStock:  # that site ran out in the week of dispensing
            continue
        dispatch_shipment(actor=None, shipment_id=shipment.pk)
        shipped += 1
        if shipped == 40:
            break
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load
            cursor.execute("VACUUM ANALYZE")
    return {"entries": entries, "build_s": round(time.perf_counter() - start, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 sites instead of 5,000")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    sites = 500 if args.quick else 5000
    rounds = 3 if args.quick else 5
    with scratch_database(args.db, "status"):
        built = build(sites)
        print(
            f"stock_status: {sites} sites x {ITEMS} items, {built['entries']} ledger entries, "
            f"built in {built['build_s']} s ({args.db})"
        )
        mine, theirs = ours(), reference()  # warm-up and the correctness check
        totals = {i.code: i.on_hand for i in mine.items}
        from epicommand.supply.models import Item

        codes = dict(Item.objects.values_list("pk", "code"))
        agree = totals == {codes[pk]: total for pk, total in theirs.items()}
        print(
            f"on-hand per item agrees with the reference: {'ok' if agree else 'FAIL'}; "
            f"stock-outs {mine.stock_out_count}, near-expiry lots {len(mine.near_expiry)}, "
            f"alerts {len(mine.alerts)}"
        )
        ours_times, ref_times = [], []
        for n in range(rounds):
            ours_times.append(timed(ours)[0])
            ref_times.append(timed(reference)[0])
            print(f"round {n + 1}: ours {ours_times[-1]:.4f} s, reference {ref_times[-1]:.4f} s")
    ours_s, ref_s = statistics.median(ours_times), statistics.median(ref_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"median: ours {ours_s:.4f} s, reference {ref_s:.4f} s, "
        f"ratio {ours_s / ref_s:.2f}; target {TARGET_S} s"
    )
    result = {
        "bench": "stock_status",
        "db": args.db,
        "sites": sites,
        "items": ITEMS,
        "entries": built["entries"],
        "rounds": rounds,
        "ours_s": round(ours_s, 4),
        "reference_s": round(ref_s, 4),
        "ratio": round(ours_s / ref_s, 2),
        "under_target": ours_s < TARGET_S,
        "peak_mb": round(peak_mb, 1),
        "agree": agree,
        "quick": args.quick,
    }
    print(json.dumps(result))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
