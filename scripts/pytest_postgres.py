"""Run the test suite again on PostgreSQL.

The server is ``DATABASE_URL_TEST`` or the local default. When no server answers, the pass
is skipped with one line, except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import os
import sys

import psycopg

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/epicommand"


def server_answers(url: str) -> str | None:
    """None when the server answers, else the reason it did not."""
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=5):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def main() -> int:
    url = os.environ.get("DATABASE_URL_TEST", DEFAULT_URL)
    reason = server_answers(url)
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            print(f"PostgreSQL pass FAILED: no server at {url} ({reason})", file=sys.stderr)
            return 1
        print(f"PostgreSQL pass skipped: no server at {url} ({reason})")
        return 0
    print(f"== PostgreSQL pass on {url}")
    os.environ["DATABASE_URL_TEST"] = url
    pytest = os.path.join(os.path.dirname(sys.executable), "pytest")
    os.execv(pytest, [pytest, *sys.argv[1:]])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
