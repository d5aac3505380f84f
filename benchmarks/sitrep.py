"""Benchmark: the situation report's data (not its rendering) for the nation and a province.

Data: the demo country's 199 counties with 365 days of reports each, filed a month at a
time through the report service, and a line list of 5,000,000 cases in the case table, as
the issue sizes it (--quick: 90 days and 200,000 cases).
Ours: ``situation_report`` (headline, 28-day trend, child table, completeness, alerts, and the
blocks other apps attach: modelling's Rt, forecast and scenario). The first call of a day
computes and stores the modelling runs (``ours_first_s``); the timed rounds reuse them.
Reference: the raw database doing the bare minimum for the headline: one aggregate query
over the current revisions for the day and one for the cumulative sums. Both must give the
same headline figures, else the script exits 1.

Run: ``python benchmarks/sitrep.py [--quick] [--db sqlite|postgresql]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid

SEED = 365
DAYS = 365
FIRST_DAY = dt.date(2025, 1, 1)
ROUNDS = 7
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")


def configure(db: str) -> str | None:
    """Point Django at a scratch database; return the PostgreSQL name to drop afterwards."""
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghij")
    os.environ["EPICOMMAND_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-sitrep-")
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['EPICOMMAND_VAR_DIR']}/bench.sqlite3"
        return None
    import psycopg

    name = f"epicommand_bench_sitrep_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    return name


def drop(name: str | None) -> None:
    if name is None:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(cases: int, days: int) -> None:
    import numpy as np
    from django.core.management import call_command

    from epicommand.demo.build import demo_area_file
    from epicommand.geo.services import import_areas
    from epicommand.surveillance.reporting import ReportingTree
    from epicommand.surveillance.services import submit_reports

    call_command("migrate", verbosity=0)
    import_areas(actor=None, data=demo_area_file(), filename="areas.csv")
    rng = np.random.default_rng(SEED)
    tree = ReportingTree()
    counties = [n.code for n in tree.nodes if tree.is_reporting(n)]
    rows: list[dict] = []
    for day in range(days):
        on = (FIRST_DAY + dt.timedelta(days=day)).isoformat()
        counts = rng.poisson(200, size=(len(counties), 4))
        rows += [
            {
                "area_code": code,
                "date": on,
                "new_fever": int(c[0]),
                "new_confirmed": int(c[1] // 10),
                "new_recovered": int(c[2]),
                "new_deaths": int(c[3] // 100),
                "under_treatment": int(c[0] * 5),
                "tests_done": None,
                "in_quarantine": None,
            }
            for code, c in zip(counties, counts, strict=True)
        ]
        if day % 30 == 29 or day == days - 1:  # a month per submission, like a back-fill
            submit_reports(actor=None, rows=rows)
            rows = []
    fill_line_list(cases, days, rng)


def fill_line_list(cases: int, days: int, rng) -> None:
    """Bulk rows straight into the case table: it is there for its size, not its content."""
    from django.db import connection, transaction

    from epicommand.geo.models import Area
    from epicommand.surveillance.models import Case

    area_ids = list(Area.objects.filter(level="county").values_list("id", flat=True))
    table = Case._meta.db_table
    columns = (
        "case_id, area_id, reported_on, status, age_group, sex, is_medical_worker, treatment_centre"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, '', 'u', %s, '')"
    batch = 100_000
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, cases, batch):
            size = min(batch, cases - start)
            areas = rng.choice(area_ids, size=size)
            offsets = rng.integers(0, days, size=size)
            cursor.executemany(
                sql,
                [
                    (
                        f"C{start + i}",
                        int(a),
                        FIRST_DAY + dt.timedelta(days=int(d)),
                        "suspected",
                        False,
                    )
                    for i, (a, d) in enumerate(zip(areas, offsets, strict=True))
                ],
            )


def ours(code: str, as_of: dt.date) -> dict:
    from epicommand.reports.selectors import situation_report

    report = situation_report(actor=None, area_code=code, as_of=as_of)
    headline = report.blocks["headline"].headline
    return {
        "new_fever": headline["new_fever"].value,
        "cum_fever": headline["cum_fever"].value,
        "cum_deaths": headline["cum_deaths"].value,
    }


def reference(code: str, as_of: dt.date) -> dict:
    from django.db import connection

    from epicommand.geo.models import Area
    from epicommand.surveillance.models import ReportRevision

    path = Area.objects.get(code=code).path
    revisions = ReportRevision._meta.db_table
    areas = Area._meta.db_table
    base = (
        f"FROM {revisions} r JOIN {areas} a ON a.id = r.area_id "
        "WHERE r.superseded_at IS NULL AND a.path LIKE %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(r.new_fever) {base} AND r.reported_on = %s", [path + "%", as_of]
        )
        (today,) = cursor.fetchone()
        cursor.execute(
            f"SELECT SUM(r.new_fever), SUM(r.new_deaths) {base} AND r.reported_on <= %s",
            [path + "%", as_of],
        )
        cum_fever, cum_deaths = cursor.fetchone()
    return {"new_fever": int(today), "cum_fever": int(cum_fever), "cum_deaths": int(cum_deaths)}


def timed(func, *args) -> tuple[float, dict]:
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def measure(code: str, as_of: dt.date) -> dict:
    first, _ = timed(ours, code, as_of)  # stores the modelling runs the next calls reuse
    ours_times, ref_times = [], []
    for _ in range(ROUNDS):
        seconds, mine = timed(ours, code, as_of)
        ours_times.append(seconds)
        seconds, raw = timed(reference, code, as_of)
        ref_times.append(seconds)
        if mine != raw:
            print(f"MISMATCH for {code}: ours {mine} reference {raw}", file=sys.stderr)
            sys.exit(1)
    return {
        "ours_s": statistics.median(ours_times),
        "reference_s": statistics.median(ref_times),
        "first_s": first,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="90 days, 200,000 cases")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    days, cases = (90, 200_000) if args.quick else (DAYS, 5_000_000)
    scratch = configure(args.db)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epicommand.settings")
    django.setup()
    try:
        started = time.perf_counter()
        build(cases, days)
        took = time.perf_counter() - started
        print(f"built {days} days x 199 counties and {cases:,} cases in {took:.0f} s")
        as_of = FIRST_DAY + dt.timedelta(days=days - 1)
        national = measure("KP", as_of)
        province = measure("KP-08", as_of)
    finally:
        drop(scratch)
    result = {
        "bench": "sitrep",
        "db": args.db,
        "days": days,
        "counties": 199,
        "cases": cases,
        "ours_s": round(national["ours_s"], 4),
        "reference_s": round(national["reference_s"], 4),
        "ratio": round(national["ours_s"] / national["reference_s"], 2),
        "ours_first_s": round(national["first_s"], 4),
        "province_ours_s": round(province["ours_s"], 4),
        "province_reference_s": round(province["reference_s"], 4),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "quick": args.quick,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
