"""Benchmark: stock ledger throughput under concurrent transfers, against pgbench.

Ours: 8 worker processes, each calling ``supply.services.transfer_stock`` in a loop with a
random origin, destination, item and quantity among 1,000 sites and 10 items (first
expiry, first out; a transfer larger than the stock is refused, as in real use). One move
is one transfer: one transaction of two ledger entries, two lot balances, two levels, the
per-area sums and an audit event, under row locks. Reference: ``pgbench -b tpcb-like -c 8
-j 2`` on a scratch database ``pgbench -i -s 10`` initialised in the same run (scale 10:
at least one branch per client, as pgbench's documentation asks). Rounds alternate, ours
then pgbench, each for the same number of seconds; medians are compared (``ratio`` is
moves per second over pgbench's transactions per second: higher is better).

Correctness after the run, else exit 1: no negative balance, total stock conserved (a
transfer neither creates nor destroys), every balance equal to its ledger, no worker
error (a deadlock would be one).

``--db sqlite`` runs one writer (SQLite's model; no pgbench) against a raw ``sqlite3``
loop doing the same transfer with bare SQL. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit

from support.db import scratch_database, server_url

SEED = 20261123
SITES, ITEMS, OPENING = 1000, 10, 1_000
WORKERS = 8


def build() -> int:
    """1,000 sites under the demo country's counties, 10 items of one lot each, 1,000 of
    each on every shelf; returns the total stock."""
    from support import network

    rng = random.Random(SEED)
    counties = network.build_areas()
    sites = network.build_sites(counties, SITES, rng)
    lots = network.build_items(ITEMS)[1::2]  # the late lot of each item
    from epicommand.clock import today
    from epicommand.supply.services.bulk import BulkEntry, record_entries

    entries = [
        BulkEntry(s, lot, "count_adjustment", OPENING, today()) for s in sites for lot in lots
    ]
    record_entries(actor=None, entries=entries, label="ledger benchmark")
    return SITES * ITEMS * OPENING


def worker(index: int, round_number: int, seconds: float, barrier, results) -> None:
    """Transfers for ``seconds`` after every worker is ready; puts (done, refused, errors,
    first error) on ``results``."""
    from django.db import connections

    from epicommand.supply.errors import InsufficientStock
    from epicommand.supply.models import Site
    from epicommand.supply.services import StockLine, transfer_stock

    connections.close_all()
    codes = sorted(Site.objects.values_list("area__code", flat=True))
    rng = random.Random(SEED * 1000 + round_number * 100 + index)
    done = refused = errors = 0
    first = ""
    barrier.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        origin, destination = rng.sample(codes, 2)
        line = StockLine(f"IT-{rng.randrange(ITEMS):03d}", rng.randint(1, 400))
        try:
            transfer_stock(
                actor=None, from_site_code=origin, to_site_code=destination, lines=[line]
            )
            done += 1
        except InsufficientStock:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported: the check fails
            errors += 1
            first = first or f"{type(exc).__name__}: {exc}"
    connections.close_all()
    results.put((done, refused, errors, first))


def ours(round_number: int, seconds: float, workers: int) -> tuple[float, int, int, str]:
    """Moves per second of ``workers`` processes started together (forked: Django is set
    up once; each opens its own connection)."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=worker, args=(i, round_number, seconds, barrier, queue))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    done = sum(r[0] for r in results)
    first = next((r[3] for r in results if r[3]), "")
    return done / seconds, sum(r[1] for r in results), sum(r[2] for r in results), first


def pgbench(args: list[str], url: str) -> str:
    parts = urlsplit(url)
    command = ["pgbench", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
               "-U", parts.username or "postgres", *args, parts.path.lstrip("/")]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def reference_postgres(url: str, seconds: float) -> float:
    output = pgbench(
        ["-b", "tpcb-like", "-c", str(WORKERS), "-j", "2", "-T", str(int(seconds))], url
    )
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    return float(match.group(1))


def reference_sqlite(path: str, seconds: float) -> float:
    """The same transfer in bare SQL on one connection: the floor for one SQLite writer."""
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(
        "CREATE TABLE IF NOT EXISTS b (site INT, item INT, q INT, PRIMARY KEY (site, item));"
        "CREATE TABLE IF NOT EXISTS e (site INT, item INT, q INT, at REAL);"
    )
    db.executemany("INSERT OR IGNORE INTO b VALUES (?, ?, ?)",
                   [(s, i, OPENING) for s in range(SITES) for i in range(ITEMS)])  # fmt: skip
    rng, done, end = random.Random(SEED), 0, time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        a, b = rng.sample(range(SITES), 2)
        item, q = rng.randrange(ITEMS), rng.randint(1, 400)
        db.execute("BEGIN IMMEDIATE")
        moved = db.execute("UPDATE b SET q = q - ? WHERE site = ? AND item = ? AND q >= ?",
                           (q, a, item, q)).rowcount  # fmt: skip
        if moved:
            db.execute("UPDATE b SET q = q + ? WHERE site = ? AND item = ?", (q, b, item))
            db.executemany("INSERT INTO e VALUES (?, ?, ?, ?)",
                           [(a, item, -q, time.time()), (b, item, q, time.time())])  # fmt: skip
            done += 1
        db.execute("COMMIT")
    db.close()
    return done / (time.perf_counter() - start)


def check(total: int) -> dict:
    from django.db.models import Sum

    from epicommand.supply.models import StockBalance
    from epicommand.supply.selectors import ledger_differences

    return {
        "negative_balances": StockBalance.objects.filter(quantity__lt=0).count(),
        "conserved": StockBalance.objects.aggregate(t=Sum("quantity"))["t"] == total,
        "ledger_matches_balances": ledger_differences(actor=None) == [],
    }


def postgres_ready() -> bool:
    """pgbench on the PATH and a server answering; else one line saying what is missing."""
    import shutil

    import psycopg
    from support.db import SERVER

    if shutil.which("pgbench") is None:
        print("ledger: pgbench is not on the PATH (apt-get install postgresql-client)")
        return False
    try:
        psycopg.connect(SERVER, connect_timeout=5).close()
    except psycopg.Error as exc:
        print(f"ledger: no PostgreSQL at {SERVER} ({type(exc).__name__}); try --db sqlite")
        return False
    return True


def pgbench_database(url: str):
    """A scratch database for pgbench, initialised now; dropped by the caller."""
    import psycopg
    from support.db import SERVER

    name = f"epicommand_bench_pgbench_{os.getpid()}"
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    target = server_url(name)
    pgbench(["-i", "-s", "10", "-q"], target)
    return name, target


def drop(name: str) -> None:
    import psycopg
    from support.db import SERVER

    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_rounds(args, rounds: int, seconds: float, workers: int, reference) -> dict:
    moves, refs, refused, errors, first = [], [], 0, 0, ""
    for n in range(rounds):
        rate, no, failed, message = ours(n, seconds, workers)
        moves.append(rate)
        refused, errors, first = refused + no, errors + failed, first or message
        refs.append(reference(seconds))
        print(f"round {n + 1}: ours {rate:.1f} moves/s, reference {refs[-1]:.1f} tps")
    return {"moves": moves, "refs": refs, "refused": refused, "errors": errors, "first": first}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds of 5 s instead of 5 of 20 s")
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    args = parser.parse_args()
    rounds, seconds = (3, 5.0) if args.quick else (5, 20.0)
    workers = WORKERS if args.db == "postgresql" else 1
    if args.db == "postgresql" and not postgres_ready():
        return 2
    pg_name = None
    with scratch_database(args.db, "ledger") as url:
        total = build()
        if args.db == "postgresql":
            pg_name, pg_url = pgbench_database(url)
            reference = lambda secs: reference_postgres(pg_url, secs)  # noqa: E731
        else:
            print("sqlite: one writer at a time (SQLite's model), against bare sqlite3 SQL")
            ref_path = url.removeprefix("sqlite:///") + ".reference"
            reference = lambda secs: reference_sqlite(ref_path, secs)  # noqa: E731
        try:
            results = run_rounds(args, rounds, seconds, workers, reference)
        finally:
            if pg_name:
                drop(pg_name)
        verdict = check(total)
    moves_s, ref_s = statistics.median(results["moves"]), statistics.median(results["refs"])
    peak = max(
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    ok = (
        verdict["negative_balances"] == 0
        and verdict["conserved"]
        and verdict["ledger_matches_balances"]
    )
    ok = ok and results["errors"] == 0
    if results["first"]:
        print(f"first worker error: {results['first']}")
    print(f"median: ours {moves_s:.1f} moves/s, reference {ref_s:.1f} tps; {verdict}")
    print(json.dumps({
        "bench": "ledger", "db": args.db, "sites": SITES, "items": ITEMS, "workers": workers,
        "rounds": rounds, "seconds_per_round": seconds, "moves_per_s": round(moves_s, 1),
        "reference_tps": round(ref_s, 1), "ratio": round(moves_s / ref_s, 3),
        "refused": results["refused"], "errors": results["errors"], **verdict,
        "peak_mb": round(peak / 1024, 1), "quick": args.quick,
    }))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
