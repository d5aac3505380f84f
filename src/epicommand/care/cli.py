"""``epicommand deploy-staff`` (the balanced deployment) and ``epicommand care ...`` (census
and roster files, occupancy), as the system actor (``actor=None``).

Django is set up inside each command, so importing this module needs no database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from epicommand.web.cli import day_option


def _django() -> None:
    from epicommand.web.cli import setup_django

    setup_django()


def _out():
    from epicommand.web.cli import out

    return out


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _tables(data: dict) -> list:
    from rich.table import Table

    summary = Table(title=f"Balanced deployment as of {data['as_of']} ({data['area']})")
    for column in ("qualification", "status", "worst before", "worst after", "moves",
                   "travel h", "solve s", "gap", "cannot reach the norm"):  # fmt: skip
        summary.add_column(
            column, justify="left" if column in ("qualification", "status") else "right"
        )
    for q, figures in data["figures"].get("qualifications", {}).items():
        solver = data["solver"][q]
        summary.add_row(
            q, solver["status"], _ratio(figures["worst_ratio_before"]),
            _ratio(figures["worst_ratio_after"]), f"{figures['moves']:,}",
            f"{figures['travel_hours']:,.1f}", f"{solver['solve_seconds']:.2f}",
            f"{solver['gap']:.4f}", f"{len(figures['unreachable']):,}",
        )  # fmt: skip
    areas = Table(title="Patients per person by province (patient equivalents), before -> after")
    areas.add_column("province")
    quals = list(data["figures"].get("qualifications", {}))
    for q in quals:
        areas.add_column(q, justify="right")
    for code, row in data["figures"].get("provinces", {}).items():
        areas.add_row(
            code,
            *[
                f"{_ratio(row[q]['ratio_before'])} -> {_ratio(row[q]['ratio_after'])}"
                for q in quals
            ],
        )
    return [summary, areas]


@click.command("deploy-staff")
@click.option("--as-of", callback=day_option, default=None, help="Census day (YYYY-MM-DD).")
@click.option("--qualification", default=None, help="One qualification (default: all with a norm).")
@click.option("--area", default=None, help="Area code (default: the country).")
@click.option("--patients", type=click.Choice(["census", "forecast"]), default="census")
@click.option("--max-send-share", type=float, default=0.2, show_default=True)
@click.option("--must-stay", default="", help="Staff numbers who stay, comma-separated.")
@click.option(
    "--time-limit", type=float, default=20.0, show_default=True, help="Seconds per stage."
)
@click.option("--dry-run", is_flag=True, help="Show the proposal; store and deploy nothing.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def deploy_staff(as_of, qualification, area, patients, max_send_share, must_stay, time_limit,
                 dry_run, fmt) -> None:  # fmt: skip
    """Propose moves of whole persons that make the highest patient-to-staff ratio as low as
    possible, then the least travel; without --dry-run, approve them as deployment orders."""
    _django()
    from epicommand.care import selectors, serialise, services

    proposal = services.propose_deployment(
        actor=None,
        as_of=as_of or selectors.default_day(),
        area_code=area,
        qualifications=[qualification] if qualification else None,
        patients=patients,
        max_send_share=max_send_share,
        must_stay=[n.strip() for n in must_stay.split(",") if n.strip()],
        time_limit_s=time_limit,
        dry_run=dry_run,
    )
    moves = serialise.planned_moves(proposal) if dry_run else serialise.stored_moves(proposal)
    data = serialise.proposal(proposal, moves)
    if not dry_run:
        _proposal, orders = services.approve_proposal(actor=None, proposal_id=proposal.pk)
        data["orders"] = [serialise.deployment(d) for d in orders]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, default=str))
        return
    for table in _tables(data):
        _out().print(table)
    if dry_run:
        _out().print(f"dry run: {len(moves):,} moves proposed, nothing stored")
    else:
        _out().print(
            f"proposal #{proposal.pk} approved: {len(data['orders']):,} deployment orders, "
            f"{len(moves):,} persons"
        )


@click.group()
def care() -> None:
    """Treatment centres and medical staff: census and roster files, occupancy."""


def _import(kind: str, file: Path, fmt: str | None, dry_run: bool) -> None:
    _django()
    from epicommand.care import services

    service = services.import_census if kind == "census" else services.import_roster
    result = service(
        actor=None, data=file.read_bytes(), filename=file.name, fmt=fmt, dry_run=dry_run
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    counts = result.as_dict()
    summary = ", ".join(
        f"{len(counts[k]):,} {k}"
        for k in ("created", "changed", "updated", "unchanged")
        if k in counts
    )
    _out().print(f"{'dry run: ' if dry_run else ''}{summary}")


@care.command("census-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None)
@click.option("--dry-run", is_flag=True)
def census_import(file: Path, fmt: str | None, dry_run: bool) -> None:
    """A census file (``/api/care/census/template.csv``): checked whole, all or nothing."""
    _import("census", file, fmt, dry_run)


@care.command("roster-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None)
@click.option("--dry-run", is_flag=True)
def roster_import(file: Path, fmt: str | None, dry_run: bool) -> None:
    """A roster file (``/api/care/staff/template.csv``); a known staff number updates."""
    _import("roster", file, fmt, dry_run)


@care.command("occupancy")
@click.option("--area", default=None)
@click.option("--date", "day", callback=day_option, default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def occupancy(area: str | None, day: dt.date | None, fmt: str) -> None:
    """Beds, occupancy, alerts and days until full of an area and the areas below."""
    _django()
    from rich.table import Table

    from epicommand.care import selectors

    found = selectors.occupancy(None, area=area, day=day)
    if fmt == "json":
        click.echo(json.dumps(found.as_json(), ensure_ascii=False))
        return
    table = Table(title=f"Occupancy of {found.area.name} on {found.as_of}")
    for column in (
        "area",
        "centres",
        "reporting",
        "beds",
        "occupied",
        "occupancy",
        "days until full",
    ):
        table.add_column(column, justify="left" if column == "area" else "right")
    for row in [*found.children, found.area]:
        share = "–" if row.occupancy is None else f"{row.occupancy * 100:.1f} %"
        days = "–" if row.days_until_full is None else f"{row.days_until_full:.1f}"
        table.add_row(row.name, f"{row.centres:,}", f"{row.reporting:,}", f"{row.beds:,}",
                      f"{row.occupied:,}", share, days)  # fmt: skip
    _out().print(table)
