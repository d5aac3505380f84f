"""``epicommand demo``: load the demo country and its users through the normal services."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.conf import settings
from rich.console import Console
from rich.table import Table

from epicommand.demo.outbreak import build_outbreak
from epicommand.demo.supply import build_supply
from epicommand.demo.users import demo_password, ensure_demo_users
from epicommand.geo.services import import_areas
from epicommand.modelling.demo import build_modelling


def demo_area_file() -> bytes:
    """The shipped areas with their centroids joined in, as one import file."""
    data = resources.files("epicommand.demo") / "data"
    centroids = {
        row["code"]: row
        for row in csv.DictReader(io.StringIO((data / "centroids.csv").read_text("utf-8")))
    }
    areas = list(csv.DictReader(io.StringIO((data / "areas.csv").read_text("utf-8"))))
    buffer = io.StringIO()
    fields = [*areas[0].keys(), "lat", "lon"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in areas:
        point = centroids.get(row["code"], {})
        writer.writerow({**row, "lat": point.get("lat", ""), "lon": point.get("lon", "")})
    return buffer.getvalue().encode("utf-8")


def build_demo(console: Console) -> None:
    with console.status("Loading the demo country's areas..."):
        summary = import_areas(actor=None, data=demo_area_file(), filename="demo-areas.csv")
    console.print(
        f"[green]✓[/green] areas: {len(summary.created)} created, "
        f"{len(summary.updated)} updated, {len(summary.unchanged)} already there"
    )
    password = demo_password(settings.VAR_DIR)
    with console.status("Creating the demo users..."):
        users, created = ensure_demo_users(password)
    console.print(
        f"[green]✓[/green] users: {created} created, {len(users) - created} already there"
    )
    build_supply(console)
    table = Table(title="Demo users (one password for all)")
    table.add_column("user name")
    table.add_column("role")
    table.add_column("scope")
    for user in users:
        table.add_row(user.username, user.role, user.scope)
    console.print(table)
    with console.status("Filing the demo outbreak's daily reports..."):
        build_outbreak(console)
    build_modelling(console)
    console.print(f"Password for every demo user: [bold]{password}[/bold]")
