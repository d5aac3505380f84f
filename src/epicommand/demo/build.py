"""``epicommand demo``: load the demo country, its users, then every app's demo step
(``AppContract.demo``), all through the normal services."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.conf import settings
from rich.console import Console
from rich.table import Table

from epicommand.core import registry
from epicommand.core.contract import DemoRun
from epicommand.demo.users import demo_password, ensure_demo_users
from epicommand.geo.services import import_areas


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


def _users_table(run: DemoRun) -> Table:
    table = Table(title="Demo users (one password for all)")
    table.add_column("user name")
    table.add_column("role")
    table.add_column("scope")
    for username, role, scope in run.users:
        table.add_row(username, role, scope)
    return table


def build_demo(console: Console) -> None:
    with console.status("Loading the demo country's areas..."):
        summary = import_areas(actor=None, data=demo_area_file(), filename="demo-areas.csv")
    console.print(
        f"[green]✓[/green] areas: {len(summary.created)} created, "
        f"{len(summary.updated)} updated, {len(summary.unchanged)} already there"
    )
    run = DemoRun(console=console, password=demo_password(settings.VAR_DIR))
    with console.status("Creating the demo users..."):
        users, created = ensure_demo_users(run.password)
    run.users.extend((u.username, u.role, u.scope) for u in users)
    console.print(
        f"[green]✓[/green] users: {created} created, {len(users) - created} already there"
    )
    for step in registry.demo_steps():
        registry.load(step.build)(run)
    console.print(_users_table(run))
    console.print(f"Password for every demo user: [bold]{run.password}[/bold]")
