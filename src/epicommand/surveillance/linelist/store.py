"""Writing checked rows to the case table, chunk by chunk, inside the import's transaction.

A case_id the table already has is an update (the person recovered, died, tested negative);
one it does not have is a new case. A chunk is first written as if all its cases were new,
in a savepoint: the unique case_id refuses it if one is not, and then the chunk, and every
later one, is sorted by one query for its case_ids before it is written. That query also
finds a case_id used twice in the file across chunks: the first use was written already,
so it comes back with an id newer than any the table had when the import began. (A first
load, the one that has a million rows, never pays for the query: 10% of the time.)

PostgreSQL takes new cases by ``COPY`` straight into the table and updates by ``COPY`` into
a temporary staging table, then ``INSERT ... ON CONFLICT (case_id) DO UPDATE``; SQLite takes
new cases by ``executemany`` of an ``INSERT`` and updates by the same upsert.
``write_cases`` is the only place that differs.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from epicommand.surveillance.linelist.rules import CaseValues, CheckedChunk, Problems
from epicommand.surveillance.models import Case

TABLE = Case._meta.db_table
STAGE = "linelist_stage"
FIELDS = (
    "case_id",
    "area_id",
    "onset_on",
    "reported_on",
    "status",
    "confirmed_on",
    "outcome_on",
    "age_group",
    "sex",
    "is_medical_worker",
    "treatment_centre",
)
_NAMES = ", ".join(FIELDS)
_UPDATES = ", ".join(f"{name} = excluded.{name}" for name in FIELDS[1:])
UPSERT = f"ON CONFLICT (case_id) DO UPDATE SET {_UPDATES}"


SQLITE_CACHE_KIB = 131_072


@contextmanager
def bulk_load() -> Iterator[None]:
    """What a bulk load changes for its duration, and then puts back.

    The cycle collector is paused: the chunks are millions of small acyclic lists and tuples
    that reference counting frees, and the collector would walk them over and over (it
    doubled the time of reading and checking a million rows). SQLite's page cache grows from
    2 MB to 128 MB: the case table's two indexes on area take rows in random order, and with
    the default cache each insert read index pages back in (1.6 times slower at a million).
    """
    collecting = gc.isenabled()
    gc.disable()
    cache = None
    try:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                cache = int(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        yield
    finally:
        if collecting:
            gc.enable()
        if cache is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {cache}")


def find_existing(case_ids: list[str]) -> dict[str, tuple[int, int, str]]:
    """case_id -> (id, area_id, report date) for the ids the table has, in one query.

    The ids travel as one JSON array (dumped in C) rather than as thousands of parameters.
    """
    condition = (
        "= ANY(ARRAY(SELECT json_array_elements_text(%s::json)))"
        if connection.vendor == "postgresql"
        else "IN (SELECT value FROM json_each(%s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT case_id, id, area_id, reported_on FROM {TABLE} WHERE case_id {condition}",  # noqa: S608
            [json.dumps(case_ids)],
        )
        return {c: (pk, area, _iso(day)) for c, pk, area, day in cursor.fetchall()}


def _iso(day: dt.date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def write_cases(new: list[CaseValues], changed: list[CaseValues]) -> None:
    """The one write path: COPY on PostgreSQL, executemany on SQLite. ``new`` rows are
    inserted (a case_id already there raises IntegrityError), ``changed`` rows upserted."""
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, TABLE, new)
            if changed:
                cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ON COMMIT DROP AS "
                    f"SELECT {_NAMES} FROM {TABLE} WITH NO DATA"
                )
                _copy(cursor, STAGE, changed)
                cursor.execute(
                    f"INSERT INTO {TABLE} ({_NAMES}) SELECT {_NAMES} FROM {STAGE} {UPSERT}"  # noqa: S608
                )
                cursor.execute(f"TRUNCATE {STAGE}")
        else:
            insert = f"INSERT INTO {TABLE} ({_NAMES}) VALUES ({', '.join(['%s'] * len(FIELDS))})"
            if new:
                cursor.executemany(insert, new)
            if changed:
                cursor.executemany(f"{insert} {UPSERT}", changed)


def _copy(cursor, table: str, rows: list[CaseValues]) -> None:
    if rows:
        with cursor.copy(f"COPY {table} ({_NAMES}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


class CaseStore:
    """Sorts each checked chunk into new cases and updates, refuses what may not be written,
    writes the rest, and remembers the days the import touched (old dates of updated cases
    included, since their old days' counts change too)."""

    def __init__(self, *, in_scope: Callable[[int], bool]) -> None:
        self.in_scope = in_scope
        self.first_new_id = (Case.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        self.all_new = True  # until a case_id of the file turns out to be taken
        self.updated: dict[str, int] = {}  # case_id -> the row that updated it
        self.created = 0
        self.starts: dict[int, str] = {}  # area id -> earliest touched day
        self.last_day = ""

    def add(self, chunk: CheckedChunk, problems: Problems) -> None:
        if chunk.values and not (self.all_new and self._insert(chunk.values)):
            self._sort_and_write(chunk, problems)
        for area, day in chunk.starts.items():
            self._touch(area, day)
        self.last_day = max(self.last_day, chunk.last_day)

    def _insert(self, values: list[CaseValues]) -> bool:
        """Write the rows as new cases; False (nothing written) if a case_id is taken."""
        try:
            with transaction.atomic():
                write_cases(values, [])
        except IntegrityError:
            self.all_new = False
            return False
        self.created += len(values)
        return True

    def _sort_and_write(self, chunk: CheckedChunk, problems: Problems) -> None:
        existing = find_existing([values[0] for values in chunk.values])
        new, changed = [], []
        for number, values in zip(chunk.numbers, chunk.values, strict=True):
            found = existing.get(values[0])
            if found is None:
                new.append(values)
            elif self._may_update(number, values[0], found, problems):
                changed.append(values)
                self._touch(found[1], found[2])
        write_cases(new, changed)
        self.created += len(new)

    def _may_update(self, number: int, case_id: str, found: tuple, problems: Problems) -> bool:
        pk, area, _day = found
        if pk >= self.first_new_id:
            reason = f"duplicate case_id {case_id!r} (already on an earlier row)"
        elif case_id in self.updated:
            reason = f"duplicate case_id {case_id!r} (first on row {self.updated[case_id]})"
        elif not self.in_scope(area):
            reason = f"case_id {case_id!r} is a case of an area outside your scope"
        else:
            self.updated[case_id] = number
            return True
        problems.add(number, "case_id", reason)
        return False

    def _touch(self, area: int, day: str) -> None:
        if day < self.starts.get(area, "9999"):
            self.starts[area] = day
