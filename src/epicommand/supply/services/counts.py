"""A stock count uploaded as a file: validated row by row, then written in one
transaction as count adjustment entries, or not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.errors import ImportRejected, RowProblem
from epicommand.supply.enums import MovementKind
from epicommand.supply.importers import CountRow, read_count_csv
from epicommand.supply.models import Item, Lot, StockEntry
from epicommand.supply.services.ledger import Move, apply_moves
from epicommand.supply.services.lookups import sites_qs
from epicommand.supply.services.stock import day_or_today, entry_dicts


@dataclass
class CountSummary:
    rows: int = 0
    adjusted: int = 0
    unchanged: int = 0
    entries: list[StockEntry] = field(default_factory=list)


def _references(actor, rows: list[CountRow]):
    sites = {
        s.area.code: s
        for s in scope.restrict(sites_qs(), actor, area_field="area").filter(
            area__code__in={r.site_code for r in rows}
        )
    }
    items = Item.objects.in_bulk({r.item_code for r in rows}, field_name="code")
    lots = {
        (lot.item.code, lot.batch_number): lot
        for lot in Lot.objects.select_related("item").filter(
            item__code__in=set(items), batch_number__in={r.batch_number for r in rows}
        )
    }
    return sites, items, lots


def _moves(actor, rows: list[CountRow], reason: str) -> tuple[list[Move], list[RowProblem]]:
    sites, items, lots = _references(actor, rows)
    problems: list[RowProblem] = []
    moves: list[Move] = []
    for row in rows:
        site = sites.get(row.site_code)
        lot = lots.get((row.item_code, row.batch_number))
        if site is None:
            problems.append(
                RowProblem(row.row, "site_code", f"no site {row.site_code!r} in your scope")
            )
        if row.item_code not in items:
            problems.append(RowProblem(row.row, "item_code", f"unknown item {row.item_code!r}"))
        elif lot is None:
            problems.append(
                RowProblem(
                    row.row, "batch_number", f"unknown lot {row.batch_number!r} of {row.item_code}"
                )
            )
        if site is not None and lot is not None:
            moves.append(
                Move(site, lot, MovementKind.COUNT_ADJUSTMENT, 0, None, reason, row.counted)
            )
    return moves, problems


def import_stock_count(
    *,
    actor,
    data: bytes,
    filename: str = "",
    counted_on: dt.date | None = None,
    reason: str = "stock count",
) -> CountSummary:
    """Upload a count (``site_code,item_code,batch_number,counted``): every row is checked
    first and all problems are listed (header = row 1); then each lot whose count differs
    from the books gets a count adjustment entry, all in one transaction."""
    require_permission(actor, "supply.move_stock")
    day = day_or_today(counted_on)
    rows, problems = read_count_csv(data)
    with transaction.atomic():
        moves, found = _moves(actor, rows, reason)
        problems = sorted(problems + found, key=lambda p: (p.row, p.column))
        if problems:
            raise ImportRejected(problems)
        entries = apply_moves(moves, actor=actor, occurred_on=day)
        summary = CountSummary(len(rows), len(entries), len(rows) - len(entries), entries)
        record_event(
            actor=actor,
            action="supply.import_stock_count",
            object_type="stock_movement",
            object_id=str(entries[0].movement) if entries else "",
            after={"file": filename, "rows": len(rows), "entries": entry_dicts(entries)},
        )
    return summary
