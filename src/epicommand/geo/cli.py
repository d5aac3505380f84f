"""``epicommand areas import|export``: the area tree from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from epicommand.web.cli import out, setup_django


@click.group()
def areas() -> None:
    """The area tree: import and export."""


@areas.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), default=None)
def areas_import(file: Path, fmt: str | None) -> None:
    """Create or update areas from CSV (code,parent_code,level,name,name_local,population)
    or GeoJSON. A bad file is listed row by row and nothing is imported."""
    setup_django()
    from epicommand.geo.services import import_areas

    summary = import_areas(actor=None, data=file.read_bytes(), filename=file.name, fmt=fmt)
    out.print(
        f"{len(summary.created)} created, {len(summary.updated)} updated, "
        f"{len(summary.unchanged)} unchanged"
    )


@areas.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def areas_export(fmt: str, output: Path | None) -> None:
    """Write every area as CSV or GeoJSON (to stdout unless -o is given)."""
    setup_django()
    from epicommand.geo import exporters
    from epicommand.geo.models import Area

    rows = list(Area.objects.order_by("path"))
    chunks = exporters.export_csv(rows) if fmt == "csv" else [exporters.export_geojson(rows)]
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for chunk in chunks:
            stream.write(chunk)
    finally:
        if output:
            stream.close()
