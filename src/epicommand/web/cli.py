"""What every app's commands share: Django set-up, the two consoles, date and moment
options, and a progress bar. Apps import this module, never the ``epicommand`` script.

Commands set Django up when they run: the script lists every app's commands from the app
contracts before any database is opened.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console

console = Console(stderr=True)  # progress and notes: standard output stays clean for data
out = Console()


def setup_django() -> None:
    """Django with the settings of ``DJANGO_SETTINGS_MODULE`` (the package's by default).
    Idempotent: a second call does nothing."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epicommand.settings")
    os.environ.setdefault("EPICOMMAND_CLI", "1")
    from django.apps import apps

    if apps.ready:
        return
    import django

    django.setup()


def ensure_var_dir() -> None:
    """The default SQLite file lives under var/; create the folder on first use."""
    if "DATABASE_URL" not in os.environ:
        from django.conf import settings

        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)


def day_option(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback: ``YYYY-MM-DD`` or a usage error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


def moment_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.datetime | None:
    """A click callback: ISO 8601; without an offset, read in the country's time zone."""
    if value is None:
        return None
    setup_django()  # the time zone is a setting
    from epicommand.errors import ValidationFailed
    from epicommand.web.params import parse_moment

    try:
        return parse_moment(value)
    except ValidationFailed:
        raise click.BadParameter(f"not a date and time (ISO 8601): {value!r}") from None


def progress(label: str):
    """A Rich progress bar on stderr and the callback that moves it ``(done, total)``."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(label, total=None)
    update: Callable[[int, int], None] = lambda done, total: bar.update(  # noqa: E731
        task, completed=done, total=total
    )
    return bar, update
