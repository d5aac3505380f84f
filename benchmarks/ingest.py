"""Benchmark: the case line-list import (ours) against the raw load of the same file.

Ours: ``import_cases`` as the command line runs it: the CSV streamed in chunks, every row
checked, cases written (PostgreSQL ``COPY``, SQLite ``executemany``), the daily counts of every
touched area and day derived and saved as reports (roll-ups, alerts, audit), one transaction.
Reference, the bare minimum: the same file loaded into an equivalent bare table by
``COPY ... FROM STDIN (FORMAT csv, HEADER)`` on PostgreSQL and ``executemany`` of the
``csv.reader`` rows on SQLite (with the page cache the import sets). Equivalent: the same
columns, constraints and indexes as the case table (key, unique case_id, area referencing
the areas, indexes on area and on area and report day), the area as the file's code; no
checks of the rows, no derivation. ``--minimal-reference`` keeps only the key and the unique
case_id (no foreign key, no area index): the least a database can do with the file. Each
round starts on fresh tables; ours and the reference alternate. Every timed step runs in its
own process, whose peak RSS is the step's peak memory. Then a full streaming CSV export of
the imported cases is timed the same way.

Correctness: ours and the reference hold the same number of rows and the same count per
status, and the country's derived totals add up to the line list (cases, recoveries, deaths,
and those still under treatment on the last day); otherwise the script exits 1.

Run: ``python benchmarks/ingest.py [--quick] [--db sqlite|postgresql]``. PostgreSQL: a scratch
database ``epicommand_bench_ingest_<pid>`` on ``BENCH_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``), dropped at the end. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from epicommand.surveillance.linelist.rules import COLUMNS

SEED = 20220512
FULL_ROWS, QUICK_ROWS = 1_000_000, 100_000
FIRST_DAY = dt.date(2022, 4, 25)  # the outbreak of the scenario; every date is in the past
DAYS = 90
PROVINCES, COUNTIES = 4, 5  # 20 line-list counties
STATUS_WEIGHTS = {"suspected": 30, "confirmed": 20, "negative": 20, "recovered": 28, "died": 2}
REFERENCE_TABLE = "bench_reference_case"
SQLITE_CACHE_KIB = 131_072  # what import_cases sets for its load (store.SQLITE_CACHE_KIB)
HEADER = list(COLUMNS)  # the line-list CSV columns, as the importer reads them


def county_codes() -> list[str]:
    return [f"BB-{p}-{c}" for p in range(1, PROVINCES + 1) for c in range(1, COUNTIES + 1)]


def generate(path: Path, rows: int, seed: int = SEED) -> None:
    """A seeded line list whose rows keep every rule of the import."""
    rng = random.Random(seed)
    days = [(FIRST_DAY + dt.timedelta(days=i)).isoformat() for i in range(DAYS + 40)]
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    codes = county_codes()
    ages = ["0-9", "10-19", "20-39", "40-59", "60-79", "80+"]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(rows):
            report = rng.randrange(DAYS)
            status = rng.choices(statuses, weights)[0]
            onset = days[report - rng.randrange(4)] if report >= 3 and rng.random() < 0.8 else ""
            confirmed = report + rng.randrange(3) if status in ("confirmed", "died") else None
            ended = status in ("negative", "recovered", "died")
            outcome = (confirmed or report) + rng.randrange(1, 15) if ended else None
            writer.writerow(
                [
                    f"BB{i:09d}",
                    codes[rng.randrange(len(codes))],
                    onset,
                    days[report],
                    status,
                    "" if confirmed is None else days[confirmed],
                    "" if outcome is None else days[outcome],
                    ages[rng.randrange(len(ages))],
                    "fmu"[rng.randrange(3)],
                    ("yes", "no", "")[rng.randrange(3)],
                    f"TC-{rng.randrange(60):02d}",
                ]
            )


# -- steps, each in its own process ---------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epicommand.settings")
    import django

    django.setup()


def step_ours(path: Path) -> dict:
    setup_django()
    from django.db import connection

    from epicommand.surveillance.linelist.services import import_cases

    tables = ["surveillance_alert", "surveillance_dailytotal", "surveillance_reportrevision"]
    tables.append("surveillance_case")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    with path.open("rb") as stream:
        start = time.perf_counter()
        result = import_cases(actor=None, stream=stream, filename=path.name)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": result.rows, "reports": len(result.reports.created)}


def reference_ddl(vendor: str, minimal: bool) -> list[str]:
    """The bare table: the case table's constraints and indexes (the area as the file's code,
    referencing the areas' unique code), or with ``minimal`` only a key and a unique id."""
    key = (
        "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        if vendor == "postgresql"
        else "id integer PRIMARY KEY AUTOINCREMENT"
    )
    area = "" if minimal else " REFERENCES geo_area (code) DEFERRABLE INITIALLY DEFERRED"
    table = (
        f"CREATE TABLE {REFERENCE_TABLE} ({key}, case_id varchar(64) NOT NULL UNIQUE, "
        f"area_code varchar(40) NOT NULL{area}, onset_date date, report_date date NOT NULL, "
        "status varchar(12) NOT NULL, confirmed_date date, outcome_date date, "
        "age_group varchar(10), sex varchar(1), medical_worker boolean, "
        "treatment_centre varchar(100))"
    )
    if minimal:
        return [table]
    return [
        table,
        f"CREATE INDEX {REFERENCE_TABLE}_area ON {REFERENCE_TABLE} (area_code)",
        f"CREATE INDEX {REFERENCE_TABLE}_area_day ON {REFERENCE_TABLE} (area_code, report_date)",
    ]


def step_reference(path: Path, url: str, minimal: bool) -> dict:
    columns = ", ".join(HEADER)
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {REFERENCE_TABLE}")
            for statement in reference_ddl("postgresql", minimal):
                conn.execute(statement)
            conn.commit()
            start = time.perf_counter()
            sql = f"COPY {REFERENCE_TABLE} ({columns}) FROM STDIN (FORMAT csv, HEADER true)"
            with conn.cursor().copy(sql) as copy, path.open("rb") as stream:
                while block := stream.read(1 << 20):
                    copy.write(block)
            conn.commit()
            return {"seconds": time.perf_counter() - start}
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # as the app's own connections
    conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # as the import's
    conn.execute("PRAGMA foreign_keys=ON")  # as Django's
    conn.execute(f"DROP TABLE IF EXISTS {REFERENCE_TABLE}")
    for statement in reference_ddl("sqlite", minimal):
        conn.execute(statement)
    conn.commit()
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        rows = csv.reader(stream)
        next(rows)
        marks = ", ".join("?" * len(HEADER))
        conn.executemany(f"INSERT INTO {REFERENCE_TABLE} ({columns}) VALUES ({marks})", rows)
    conn.commit()
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds}


def step_export(path: Path) -> dict:
    setup_django()
    from epicommand.surveillance.linelist.exports import write_csv
    from epicommand.surveillance.linelist.selectors import CASE_COLUMNS, case_rows

    start = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as target:
        write_csv(CASE_COLUMNS, case_rows(actor=None), target)
    seconds = time.perf_counter() - start
    with path.open("rb") as written:
        lines = sum(block.count(b"\n") for block in iter(lambda: written.read(1 << 20), b""))
    return {"seconds": seconds, "rows": lines - 1}


def run_step(name: str, path: Path, env: dict, *extra: str) -> dict:
    """One step in a fresh process; its JSON answer with the process's peak memory."""
    command = [sys.executable, __file__, "--step", name, "--file", str(path), *extra]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"step {name} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the orchestrating process --------------------------------------------------------------


def build_database(env: dict) -> None:
    """Migrations and a small tree: country BB > 4 provinces > 5 line-list counties each."""
    os.environ.update(env)
    setup_django()
    from django.core.management import call_command

    from epicommand.geo.models import Area
    from epicommand.surveillance.models import ReportingSetting

    call_command("migrate", interactive=False, verbosity=0)

    def child(parent: Area, **fields) -> Area:
        return Area.objects.add_child(Area.objects.get(pk=parent.pk), create_kwargs=fields)

    root = Area.objects.add_root(
        create_kwargs={"code": "BB", "name": "Benchland", "level": "country"}
    )
    for p in range(1, PROVINCES + 1):
        province = child(root, code=f"BB-{p}", name=f"Province {p}", level="province")
        for c in range(1, COUNTIES + 1):
            county = child(
                province,
                code=f"BB-{p}-{c}",
                name=f"County {p}-{c}",
                level="county",
                population=10**5,
            )
            ReportingSetting.objects.create(area=county, keeps_line_list=True)


def check_results(rows: int) -> list[str]:
    """What differs between ours and the reference, and between cases and derived totals."""
    from django.db import connection
    from django.db.models import Count, Max, Sum

    from epicommand.surveillance.models import Case, DailyTotal

    ours = dict(Case.objects.values_list("status").annotate(n=Count("id")).order_by())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, count(*) FROM {REFERENCE_TABLE} GROUP BY status")  # noqa: S608
        theirs = dict(cursor.fetchall())
    failures = []
    if sum(ours.values()) != rows or sum(theirs.values()) != rows or ours != theirs:
        failures.append(f"rows per status: ours {ours}, reference {theirs}, file {rows}")
    country = DailyTotal.objects.filter(area__code="BB")
    sums = country.aggregate(
        fever=Sum("new_fever"), recovered=Sum("new_recovered"), deaths=Sum("new_deaths")
    )
    expected = {"fever": rows, "recovered": ours.get("recovered"), "deaths": ours.get("died")}
    if sums != expected:
        failures.append(f"derived country totals {sums}, line list {expected}")
    last = country.aggregate(last=Max("on"))["last"]
    still = Case.objects.filter(status__in=["suspected", "confirmed"], reported_on__lte=last)
    treated = country.get(on=last).under_treatment
    if treated != still.count():
        failures.append(f"under treatment on {last}: derived {treated}, line list {still.count()}")
    return failures


def scratch_postgres(base: str) -> tuple[str, object]:
    """A uniquely named scratch database, and a function that drops it."""
    import psycopg

    name = f"epicommand_bench_ingest_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return base.rsplit("/", 1)[0] + "/" + name, drop


def rounds(args, path: Path, env: dict) -> tuple[list[dict], list[dict]]:
    """Ours and the reference, alternating, each in its own process on fresh tables."""
    ours, reference = [], []
    flags = ["--minimal-reference"] if args.minimal_reference else []
    for i in range(args.rounds):
        ours.append(run_step("ours", path, env))
        reference.append(run_step("reference", path, env, *flags))
        print(
            f"round {i + 1}: ours {ours[-1]['seconds']:.2f} s ({ours[-1]['peak_mb']:.0f} MB), "
            f"reference {reference[-1]['seconds']:.2f} s ({reference[-1]['peak_mb']:.0f} MB)"
        )
    return ours, reference


def summary(args, rows: int, ours: list, reference: list, export: dict, correct: bool) -> dict:
    ours_s = statistics.median(r["seconds"] for r in ours)
    ref_s = statistics.median(r["seconds"] for r in reference)
    return {
        "bench": "ingest",
        "db": args.db,
        "rows": rows,
        "rounds": args.rounds,
        "ours_s": round(ours_s, 3),
        "reference_s": round(ref_s, 3),
        "ratio": round(ours_s / ref_s, 3),
        "rows_per_s": round(rows / ours_s),
        "reference_rows_per_s": round(rows / ref_s),
        "peak_mb": round(max(r["peak_mb"] for r in ours), 1),
        "reference_peak_mb": round(max(r["peak_mb"] for r in reference), 1),
        "reference_table": "minimal" if args.minimal_reference else "indexed",
        "reports": ours[-1]["reports"],
        "export_s": round(export["seconds"], 3),
        "export_peak_mb": round(export["peak_mb"], 1),
        "correct": correct,
        "quick": bool(args.quick),
    }


def measure(args, workdir: Path, env: dict) -> dict:
    rows = QUICK_ROWS if args.quick else FULL_ROWS
    path = workdir / "cases.csv"
    start = time.perf_counter()
    generate(path, rows)
    size_mb = path.stat().st_size / 1e6
    print(
        f"ingest: {rows} rows, {size_mb:.1f} MB, generated in {time.perf_counter() - start:.1f} s"
    )
    build_database(env)
    from django.db import connections

    connections.close_all()
    ours, reference = rounds(args, path, env)
    failures = check_results(rows)
    connections.close_all()
    export = run_step("export", workdir / "export.csv", env)
    if export["rows"] != rows:
        failures.append(f"export wrote {export['rows']} rows of {rows}")
    print(f"export: {export['seconds']:.2f} s, {export['peak_mb']:.0f} MB")
    for failure in failures:
        print(f"MISMATCH: {failure}")
    return summary(args, rows, ours, reference, export, not failures)


def run_step_here(args) -> int:
    """The hidden ``--step``: one timed step, answered as one JSON line."""
    step = {"ours": step_ours, "export": step_export}.get(args.step)
    if step is None:
        answer = step_reference(args.file, os.environ["DATABASE_URL"], args.minimal_reference)
    else:
        answer = step(args.file)
    print(json.dumps({**answer, "peak_mb": peak_mb()}))
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS} rows, not {FULL_ROWS}")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--minimal-reference",
        action="store_true",
        help="reference table with a key and a unique case_id only, not the case table's indexes",
    )
    parser.add_argument("--step", choices=["ours", "reference", "export"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.step:
        return run_step_here(args)
    workdir = Path(tempfile.mkdtemp(prefix="epicommand-bench-ingest-"))
    drop = None
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef"),
        "EPICOMMAND_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "epicommand.settings",
    }
    env.pop("EPICOMMAND_DEBUG", None)
    try:
        if args.db == "postgresql":
            base = os.environ.get(
                "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
            )
            env["DATABASE_URL"], drop = scratch_postgres(base)
        else:
            env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        result = measure(args, workdir, env)
    finally:
        if drop is not None:
            drop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"median: ours {result['ours_s']:.2f} s, reference {result['reference_s']:.2f} s, "
        f"ratio {result['ratio']:.2f}, {result['rows_per_s']} rows/s"
    )
    print(json.dumps(result))
    return 0 if result["correct"] else 1


if __name__ == "__main__":
    sys.exit(main())
