"""Rebuild every balance from the ledger and say where the kept balances differ.

The ledger is the record; balances and levels are derived. A difference means a bug or a
write that went around the services, and ``epicommand stock check`` exits 1 on any.

The check reads the actor's scope only (the command line's system actor: everything). Rows
are scoped through the site's own area, not the copied ``area_path``, since a stale copy is
one of the things the check looks for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from epicommand.core import scope
from epicommand.geo.models import Area
from epicommand.supply.models import (
    AreaStock,
    Item,
    Lot,
    Site,
    StockBalance,
    StockEntry,
    StockLevel,
)
from epicommand.supply.selectors.common import require_view

SITE_AREA = "site__area"  # how the stock rows reach the scope: their site's own area node


@dataclass(frozen=True)
class Difference:
    table: str  # "lot balance", "stock level" or "area path"
    site: str
    item: str
    lot: str
    ledger: int | str
    kept: int | str

    def __str__(self) -> str:
        where = f"{self.site} {self.item}" + (f" lot {self.lot}" if self.lot else "")
        return f"{self.table} {where}: ledger says {self.ledger}, kept {self.kept}"


def _ledger_sums(actor) -> dict[tuple[int, int, int], int]:
    entries = scope.restrict(StockEntry.objects.all(), actor, area_field=SITE_AREA)
    rows = entries.values_list("site_id", "item_id", "lot_id").annotate(total=Sum("quantity"))
    return {(s, i, lot): total for s, i, lot, total in rows.order_by()}


def _names(keys) -> tuple[dict, dict]:
    sites = dict(Site.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "area__code"))
    lots = {
        lot.pk: (lot.item.code, lot.batch_number)
        for lot in Lot.objects.select_related("item").filter(
            pk__in={k[2] for k in keys if len(k) > 2}
        )
    }
    return sites, lots


def ledger_differences(*, actor) -> list[Difference]:
    """Every (site, item, lot) whose balance, and every (site, item) whose level, differs
    from the sum of its ledger entries; and every row whose area path is not its site's."""
    require_view(actor)
    ledger = _ledger_sums(actor)
    balances = scope.restrict(StockBalance.objects.all(), actor, area_field=SITE_AREA)
    kept = {
        (s, i, lot): q
        for s, i, lot, q in balances.values_list("site_id", "item_id", "lot_id", "quantity")
    }
    lot_diffs = [k for k in ledger.keys() | kept.keys() if ledger.get(k, 0) != kept.get(k, 0)]
    by_level: dict[tuple[int, int], int] = defaultdict(int)
    for (s, i, _lot), total in ledger.items():
        by_level[(s, i)] += total
    levels = dict(
        ((s, i), q)
        for s, i, q in scope.restrict(
            StockLevel.objects.all(), actor, area_field=SITE_AREA
        ).values_list("site_id", "item_id", "on_hand")
    )
    level_diffs = [
        k for k in by_level.keys() | levels.keys() if by_level.get(k, 0) != levels.get(k, 0)
    ]
    sites, lots = _names(lot_diffs + [(s, i, None) for s, i in level_diffs])
    items = dict(Item.objects.filter(pk__in={k[1] for k in level_diffs}).values_list("pk", "code"))
    result = [
        Difference(
            "lot balance",
            sites.get(s, str(s)),
            *lots.get(lot, (str(i), str(lot))),
            ledger.get((s, i, lot), 0),
            kept.get((s, i, lot), 0),
        )
        for s, i, lot in sorted(lot_diffs)
    ]
    result += [
        Difference(
            "stock level",
            sites.get(s, str(s)),
            items.get(i, str(i)),
            "",
            by_level.get((s, i), 0),
            levels.get((s, i), 0),
        )
        for s, i in sorted(level_diffs)
    ]
    return result + _area_differences(actor) + _path_differences(actor)


def _area_differences(actor) -> list[Difference]:
    """Per-area sums (on hand, sites, stock-outs) that differ from their sites' levels, for
    the areas in scope (a site's sums are kept on the area it is located in)."""
    levels = scope.restrict(StockLevel.objects.all(), actor, area_field="site__located_in")
    expected = {
        (a, i): (q, n, o)
        for a, i, q, n, o in levels.values_list("site__located_in", "item")
        .annotate(q=Sum("on_hand"), n=Count("id"), o=Count("id", filter=Q(on_hand=0)))
        .order_by()
    }
    sums = scope.restrict(AreaStock.objects.all(), actor, area_field="area")
    kept = {
        (a, i): (q, n, o)
        for a, i, q, n, o in sums.values_list("area", "item", "on_hand", "sites", "stock_outs")
    }
    wrong = sorted(k for k in expected.keys() | kept.keys() if expected.get(k) != kept.get(k))
    areas = dict(Area.objects.filter(pk__in={k[0] for k in wrong}).values_list("pk", "code"))
    items = dict(Item.objects.filter(pk__in={k[1] for k in wrong}).values_list("pk", "code"))
    return [
        Difference(
            "area sum (on hand, sites, stock-outs)",
            areas.get(a, str(a)),
            items.get(i, str(i)),
            "",
            str(expected.get((a, i), (0, 0, 0))),
            str(kept.get((a, i), (0, 0, 0))),
        )
        for a, i in wrong
    ]


def _path_differences(actor) -> list[Difference]:
    """Rows whose copy of the site's area path is stale (an area was moved)."""
    sites = scope.restrict(Site.objects.all(), actor, area_field="area")
    paths = dict(sites.values_list("pk", "area__path"))
    codes = dict(sites.values_list("pk", "area__code"))
    result = []
    for model, table in ((StockLevel, "stock level"), (StockBalance, "lot balance")):
        rows = scope.restrict(model.objects.all(), actor, area_field=SITE_AREA)
        for site_id, path in rows.values_list("site_id", "area_path").distinct():
            if paths.get(site_id) != path:
                result.append(
                    Difference(
                        f"area path of {table}", codes[site_id], "", "", paths.get(site_id), path
                    )
                )
    return result
