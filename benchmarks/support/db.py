"""A scratch database for one benchmark run, set up for Django and removed afterwards.

SQLite: a file in a temporary directory. PostgreSQL: a database with a unique name on the
server of ``BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``),
dropped at the end even when the run fails.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(sql)


def server_url(name: str) -> str:
    return SERVER.rsplit("/", 1)[0] + "/" + name


@contextlib.contextmanager
def scratch_database(kind: str, label: str) -> Iterator[str]:
    """Point Django at a fresh database of ``kind`` ("sqlite" or "postgresql"), migrate
    it, and yield its URL; drop it afterwards."""
    tmp = tempfile.mkdtemp(prefix=f"epicommand-bench-{label}-")
    name = f"epicommand_bench_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    if kind == "postgresql":
        _admin(f'CREATE DATABASE "{name}"')
        url = server_url(name)
    else:
        url = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="epicommand.settings",
        SECRET_KEY=secrets.token_urlsafe(40),
        EPICOMMAND_VAR_DIR=tmp,
        DATABASE_CONN_MAX_AGE="0",
    )
    os.environ.pop("EPICOMMAND_DEBUG", None)
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        yield url
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if kind == "postgresql":
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
