"""``epicommand stock ...`` and ``epicommand supply ...``: the ledger check, stock status,
count files, and shipments from the command line (the system actor: ``actor=None``).

Django is set up inside each command, so importing this module needs no database.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.table import Table


def _django():
    from epicommand.web.cli import setup_django

    setup_django()


def _out():
    from epicommand.web.cli import out

    return out


@click.group()
def stock() -> None:
    """The stock ledger: check it, read the stock status, load counts."""


@stock.command("check")
def stock_check() -> None:
    """Rebuild every balance from the ledger and report each difference (exit 1 on any)."""
    _django()
    from epicommand.supply.models import StockBalance, StockEntry
    from epicommand.supply.selectors import ledger_differences

    differences = ledger_differences(actor=None)
    for difference in differences:
        click.echo(str(difference))
    if differences:
        click.echo(
            f"{len(differences)} difference(s) between the ledger and the balances", err=True
        )
        sys.exit(1)
    _out().print(
        f"ledger and balances agree: {StockEntry.objects.count()} entries, "
        f"{StockBalance.objects.count()} lot balances"
    )


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@stock.command("status")
@click.option("--area", default=None, help="Area or site code (default: the country).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--expiring-within", default=30, show_default=True, help="Days.")
def stock_status(area: str | None, fmt: str, as_of: dt.datetime | None, expiring_within: int):
    """Stock on hand, consumption, days of stock, stock-outs, expiry and pipeline per item."""
    _django()
    from epicommand.supply import exporters, selectors

    status = selectors.stock_status(
        actor=None,
        area=area,
        as_of=as_of.date() if as_of else None,
        expiring_within_days=expiring_within,
    )
    if fmt == "csv":
        for chunk in exporters.export_csv(status):
            sys.stdout.write(chunk)
        return
    table = Table(
        title=f"Stock status of {status.area_name} ({status.area_code}) on {status.as_of}"
    )
    for column in (
        "item",
        "unit",
        "on hand",
        "per day",
        "days",
        "sites out",
        "expiring",
        "pipeline",
    ):
        table.add_column(column, justify="left" if column in ("item", "unit") else "right")
    for item in status.items:
        table.add_row(
            item.code,
            item.unit,
            f"{item.on_hand:,}",
            f"{item.consumption_per_day:,.1f}",
            _days(item.days_of_stock),
            f"{item.stock_outs:,}",
            f"{item.expiring:,}",
            f"{item.pipeline:,}",
        )
    _out().print(table)
    for alert in status.alerts[:20]:
        _out().print(f"[{'red' if alert.severity == 'high' else 'yellow'}]{alert.message}")


@stock.command("import-count")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--counted-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--reason", default="stock count", show_default=True)
def stock_import_count(file: Path, counted_on: dt.datetime | None, reason: str) -> None:
    """Load a count (site_code,item_code,batch_number,counted): each lot that differs from
    the books gets a count adjustment. A bad file is listed row by row; nothing is written."""
    _django()
    from epicommand.supply.services import import_stock_count

    summary = import_stock_count(
        actor=None,
        data=file.read_bytes(),
        filename=file.name,
        counted_on=counted_on.date() if counted_on else None,
        reason=reason,
    )
    _out().print(
        f"{summary.rows} rows: {summary.adjusted} adjusted, {summary.unchanged} as on the books"
    )


@click.group()
def supply() -> None:
    """Shipments from the command line."""


@supply.command("shipments")
@click.option("--status", default=None, help="planned, dispatched, in_transit, delivered, ...")
@click.option("--site", default=None, help="From or to this site code.")
@click.option("--limit", default=50, show_default=True)
def supply_shipments(status: str | None, site: str | None, limit: int) -> None:
    """List shipments, newest first."""
    _django()
    from epicommand.supply.selectors import shipments_in_scope

    table = Table()
    for column in ("id", "status", "from", "to", "lines", "planned"):
        table.add_column(column)
    for s in shipments_in_scope(actor=None, status=status, site=site)[:limit]:
        table.add_row(
            str(s.pk),
            s.status,
            s.from_site.area.code,
            s.to_site.area.code,
            str(s.lines.count()),
            f"{s.planned_at:%Y-%m-%d %H:%M}",
        )
    _out().print(table)


@supply.command("dispatch")
@click.argument("shipment_id", type=int)
def supply_dispatch(shipment_id: int) -> None:
    """Dispatch a planned shipment: its stock leaves the origin."""
    _django()
    from epicommand.supply.services import dispatch_shipment

    shipment = dispatch_shipment(actor=None, shipment_id=shipment_id)
    _out().print(f"shipment {shipment.pk} dispatched")


def _received(values: tuple[str, ...]):
    from epicommand.errors import ValidationFailed
    from epicommand.supply.services import ReceivedLine

    lines = []
    for value in values:
        head, _, reason = value.partition(":")
        line, _, quantity = head.partition("=")
        if not (line.strip().isdigit() and quantity.strip().isdigit()):
            raise ValidationFailed(f"--line {value!r}: write LINE_ID=QUANTITY[:REASON]")
        lines.append(ReceivedLine(int(line), int(quantity), reason.strip()))
    return lines


@supply.command("receive")
@click.argument("shipment_id", type=int)
@click.option(
    "--line", "lines", multiple=True, help="LINE_ID=QUANTITY[:REASON] for a line not in full."
)
def supply_receive(shipment_id: int, lines: tuple[str, ...]) -> None:
    """Confirm a shipment's receipt (proof of delivery); lines not named arrived in full."""
    _django()
    from epicommand.supply.services import receive_shipment

    shipment = receive_shipment(actor=None, shipment_id=shipment_id, lines=_received(lines))
    _out().print(f"shipment {shipment.pk} received")
