"""``epicommand cases import|export`` and ``epicommand reports export``.

Import shows a progress bar of bytes read (on the error console, so standard output keeps
the one-line summary). Exports stream to a ``.part`` file renamed when complete, so a failed
export leaves no half file behind; CSV without ``-o`` goes to standard output.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

FORMATS = ("csv", "xlsx")
ISO_DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def cases() -> None:
    """The case line list: import and export."""


@cases.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def cases_import(file: Path) -> None:
    """Create or update cases from a line-list CSV (case_id,area_code,onset_date,report_date,
    status,confirmed_date,outcome_date,age_group,sex,medical_worker,treatment_centre).

    Every row is checked first; a bad file is listed row by row and nothing is written."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    from epicommand.web.cli import console, out, setup_django

    setup_django()
    from epicommand.surveillance.linelist.services import import_cases

    columns = (BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with file.open("rb") as stream, Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=file.stat().st_size)
        result = import_cases(
            actor=None,
            stream=stream,
            filename=file.name,
            progress=lambda done, _total: bar.update(task, completed=done),
        )
    for warning in result.warnings:
        out.print(f"warning: {warning}")
    reports = result.reports
    out.print(
        f"{result.rows} rows: {result.created} new cases, {result.updated} updated; "
        f"daily reports {len(reports.created)} new, {len(reports.changed)} corrected, "
        f"{len(reports.unchanged)} unchanged"
    )


def _format(fmt: str | None, output: Path | None) -> str:
    chosen = fmt or (output.suffix.lstrip(".").lower() if output else "csv")
    if chosen not in FORMATS:
        raise click.UsageError(f"unknown format {chosen!r}: give --format csv or xlsx")
    if chosen == "xlsx" and output is None:
        raise click.UsageError("an Excel export needs -o FILE")
    return chosen


def _write(
    header: Iterable[str], rows: Iterable[tuple], fmt: str, output: Path | None, title: str
) -> int:
    """Write the rows; returns how many. CSV without a file goes to standard output."""
    from epicommand.surveillance.linelist import exports

    counted = _Counter(rows)
    if output is None:
        exports.write_csv(header, counted, sys.stdout)
        return counted.count
    part = output.with_name(output.name + ".part")
    try:
        if fmt == "csv":
            with part.open("w", encoding="utf-8", newline="") as target:
                exports.write_csv(header, counted, target)
        else:
            exports.write_xlsx(header, counted, part, title=title)
        part.replace(output)
    finally:
        part.unlink(missing_ok=True)
    return counted.count


class _Counter:
    """The rows, counted as they pass."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _export(fmt: str | None, output: Path | None, read: Callable[[], tuple], title: str) -> None:
    from epicommand.web.cli import out, setup_django

    chosen = _format(fmt, output)
    setup_django()
    header, rows = read()
    count = _write(header, rows, chosen, output, title)
    if output is not None:
        rows = "row" if count == 1 else "rows"
        out.print(f"{count} {rows} written to {output}", soft_wrap=True, highlight=False)


@cases.command("export")
@click.option("--area", default=None, help="Area code: only the cases under it.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def cases_export(area: str | None, fmt: str | None, output: Path | None) -> None:
    """Write the line list (the import's columns) as CSV or Excel."""

    def read() -> tuple:
        from epicommand.surveillance.linelist import selectors

        return selectors.CASE_COLUMNS, selectors.case_rows(actor=None, area_code=area)

    _export(fmt, output, read, "cases")


@click.command("export")
@click.option("--area", required=True, help="Area code: every reporting area under it.")
@click.option("--from", "start", type=ISO_DAY, default=None, help="First day, YYYY-MM-DD.")
@click.option("--to", "end", type=ISO_DAY, default=None, help="Last day, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def reports_export(
    area: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Write the daily series: every reporting area's current figures under an area, one
    row per area and day, in the daily-report template's columns."""

    def read() -> tuple:
        from epicommand.surveillance.linelist import selectors

        first = start.date() if start else None
        last = end.date() if end else None
        return selectors.SERIES_COLUMNS, selectors.series_rows(
            actor=None, area_code=area, start=first, end=last
        )

    _export(fmt, output, read, "daily-reports")
