"""``epicommand reports ...``: daily-report files from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def reports() -> None:
    """Daily reports: import files, export the daily series."""


@reports.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "dhis2"]), default=None)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="DHIS2: JSON with dataElements and orgUnits maps.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def import_command(file: Path, fmt: str | None, mapping: Path | None, dry_run: bool) -> None:
    """Import daily reports from CSV, Excel (.xlsx) or DHIS2 dataValueSets JSON.

    Every row is checked first; a bad file is listed row by row and nothing is written."""
    from epicommand.web.cli import out, setup_django

    setup_django()
    from epicommand.surveillance.services import import_reports

    parsed = json.loads(mapping.read_text(encoding="utf-8")) if mapping else None
    result = import_reports(
        actor=None,
        data=file.read_bytes(),
        filename=file.name,
        fmt=fmt,
        mapping=parsed,
        dry_run=dry_run,
    )
    for warning in result.warnings:
        out.print(f"warning: {warning}")
    verb = "would be" if dry_run else "were"
    out.print(
        f"{len(result.created)} new, {len(result.changed)} corrected, "
        f"{len(result.unchanged)} unchanged reports {verb} saved"
    )
    for diff in result.differences if dry_run else []:
        changes = ", ".join(f"{k} {a} -> {b}" for k, (a, b) in diff["figures"].items())
        out.print(f"  {diff['area_code']} {diff['date']}: {changes}")


def _add_exports() -> None:
    """``reports export`` is written beside the line-list commands it shares code with."""
    from epicommand.surveillance.linelist.cli import reports_export

    reports.add_command(reports_export)


_add_exports()
