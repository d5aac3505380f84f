"""Loading a whole network at once: thousands of sites and a ledger of past movements.

For loaders that own the database while they run (the demo, the benchmarks): one call is
one transaction and one audit event, like any service, but rows are inserted in bulk
instead of one service call per site or movement. The ledger stays the record: entries are
appended in the order given and the balances, levels and consumption sums they touch are
derived from them, so ``epicommand stock check`` agrees; a sequence that would take a
balance below zero is refused whole.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from epicommand.audit.services import actor_label, record_event
from epicommand.clock import now
from epicommand.core import scope
from epicommand.core.permissions import require_permission
from epicommand.geo.models import SITE_LEVEL, Area
from epicommand.supply import rules
from epicommand.supply.models import (
    AreaStock,
    ConsumptionDay,
    Lot,
    Site,
    StockBalance,
    StockEntry,
    StockLevel,
)

BATCH = 5000


@dataclass(frozen=True)
class NewSite:
    code: str
    name: str
    name_local: str
    kind: str
    parent: Area
    supplier_code: str | None = None
    is_24h: bool = False
    opening_hours: str = ""
    contact: str = ""


@dataclass(frozen=True)
class BulkEntry:
    site: Site
    lot: Lot
    kind: str
    quantity: int
    occurred_on: dt.date
    reason: str = ""
    shipment_id: int | None = None
    counterpart_id: int | None = None
    recorded_at: dt.datetime | None = None  # for a loaded history; default: now


def _child_paths(parents: dict[int, Area], counts: dict[int, int]) -> dict[int, list[str]]:
    """The next ``counts[parent]`` free child paths of each parent, as treebeard numbers
    them (the step after the last child, base 36, ``steplen`` wide)."""
    result = {}
    for pk, parent in parents.items():
        last = (
            Area.objects.filter(scope.subtree(parent.path), depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        start = Area._str2int(last[-Area.steplen :]) if last else 0
        result[pk] = [
            Area._get_path(parent.path, parent.depth + 1, start + n + 1) for n in range(counts[pk])
        ]
    return result


def create_sites(*, actor, sites: list[NewSite]) -> list[Site]:
    """Create many sites with their area nodes in one transaction: treebeard's paths are
    computed here, so 5,000 sites are two inserts instead of 5,000 tree updates."""
    require_permission(actor, "supply.manage_catalog")
    with transaction.atomic():
        parents = Area.objects.select_for_update().in_bulk({s.parent.pk for s in sites})
        counts: dict[int, int] = defaultdict(int)
        for site in sites:
            counts[site.parent.pk] += 1
        free = _child_paths(parents, counts)
        nodes = []
        for site in sites:
            parent = parents[site.parent.pk]
            nodes.append(
                Area(
                    path=free[parent.pk].pop(0),
                    depth=parent.depth + 1,
                    numchild=0,
                    code=site.code,
                    name=site.name,
                    name_local=site.name_local,
                    level=SITE_LEVEL,
                    population=0,
                    centroid_lat=parent.centroid_lat,
                    centroid_lon=parent.centroid_lon,
                )
            )
        Area.objects.bulk_create(nodes, batch_size=BATCH)
        for pk, count in counts.items():
            Area.objects.filter(pk=pk).update(numchild=F("numchild") + count)
        created = _site_rows(
            sites, {n.code: n for n in Area.objects.filter(code__in=[s.code for s in sites])}
        )
        record_event(
            actor=actor,
            action="supply.create_sites",
            object_type="site",
            after={"created": len(created)},
        )
    return created


def _site_rows(sites: list[NewSite], nodes: dict[str, Area]) -> list[Site]:
    rows = [
        Site(
            area=nodes[s.code],
            located_in=s.parent,
            kind=s.kind,
            is_24h=s.is_24h,
            opening_hours=s.opening_hours,
            contact=s.contact,
        )
        for s in sites
    ]
    Site.objects.bulk_create(rows, batch_size=BATCH)
    by_code = {
        s.area.code: s for s in Site.objects.select_related("area").filter(area__code__in=nodes)
    }
    known = {
        s.area.code: s
        for s in Site.objects.select_related("area").filter(
            area__code__in={x.supplier_code for x in sites if x.supplier_code}
        )
    }
    known.update(by_code)
    linked = []
    for spec in sites:
        if spec.supplier_code:
            site = by_code[spec.code]
            site.supplier = known[spec.supplier_code]
            linked.append(site)
    Site.objects.bulk_update(linked, ["supplier"], batch_size=BATCH)
    return [by_code[s.code] for s in sites]


def insert_rows(model, columns: list[str], rows: Iterable[tuple], chunk: int = 50_000) -> int:
    """Plain inserts of many rows: ``COPY`` on PostgreSQL, ``executemany`` on SQLite (the
    ORM's ``bulk_create`` builds a model and an SQL fragment per row: ten times slower).
    Values must already be what the database stores (see ``prepared``)."""
    table = model._meta.db_table
    names = ", ".join(model._meta.get_field(c).column for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
    return count + len(batch)


def update_rows(model, column: str, rows: list[tuple[int, int]]) -> None:
    """``(pk, value)`` pairs written to one column."""
    if rows:
        table, name = model._meta.db_table, model._meta.get_field(column).column
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {name} = %s WHERE id = %s", [(v, pk) for pk, v in rows]
            )


def prepared(model, column: str, value):
    """A date, time or UUID as the database stores it (as the ORM would write it)."""
    return model._meta.get_field(column).get_db_prep_value(value, connection, prepared=False)


def _balances_after(entries: list[BulkEntry]) -> tuple[list[int], dict]:
    keys = {(e.site.id, e.lot.item_id, e.lot.id) for e in entries}
    current: dict = dict.fromkeys(keys, 0)
    rows = StockBalance.objects.filter(site_id__in={k[0] for k in keys}).values_list(
        "site_id", "item_id", "lot_id", "quantity"
    )
    for site_id, item_id, lot_id, quantity in rows:
        if (site_id, item_id, lot_id) in current:
            current[(site_id, item_id, lot_id)] = quantity
    after = []
    for entry in entries:
        key = (entry.site.id, entry.lot.item_id, entry.lot.id)
        balance = current[key] + entry.quantity
        if balance < 0:
            rules.apply_deltas(current, [(key, entry.quantity)])  # raises the refusal
        current[key] = balance
        after.append(balance)
    return after, current


ENTRY_COLUMNS = [
    "movement", "site", "item", "lot", "kind", "quantity", "balance_after", "occurred_on",
    "recorded_at", "actor_label", "reason", "shipment", "counterpart",
]  # fmt: skip


def _entry_rows(entries: list[BulkEntry], after: list[int], actor) -> Iterable[tuple]:
    movement = prepared(StockEntry, "movement", uuid.uuid4())
    current = now()
    who = actor_label(actor)
    days: dict = {}
    times: dict = {}
    for e, balance in zip(entries, after, strict=True):
        day = days.get(e.occurred_on)
        if day is None:
            day = days[e.occurred_on] = prepared(StockEntry, "occurred_on", e.occurred_on)
        at = times.get(e.recorded_at)
        if at is None:
            at = times[e.recorded_at] = prepared(
                StockEntry, "recorded_at", e.recorded_at or current
            )
        yield (
            movement, e.site.id, e.lot.item_id, e.lot.id, e.kind, e.quantity, balance, day,
            at, who, e.reason, e.shipment_id, e.counterpart_id,
        )  # fmt: skip


def record_entries(*, actor, entries: list[BulkEntry], label: str) -> int:
    """Append ``entries`` (in order) to the ledger and derive what they touch; one
    transaction, one audit event (``label`` says what was loaded). ``entries`` must carry
    sites with ``area`` and ``located_in`` loaded."""
    require_permission(actor, "supply.move_stock")
    for entry in entries:
        sign = rules.SIGNS[entry.kind]
        if entry.quantity == 0 or sign * entry.quantity < 0:
            raise ValueError(f"a {entry.kind} entry cannot be {entry.quantity}")
    with transaction.atomic():
        after, final = _balances_after(entries)
        insert_rows(StockEntry, ENTRY_COLUMNS, _entry_rows(entries, after, actor))
        sites = {e.site.id: e.site for e in entries}
        _store_balances(entries, final, sites)
        _store_levels(sites)
        _store_area_stock({s.located_in_id for s in sites.values()})
        _store_consumption(entries)
        record_event(
            actor=actor,
            action="supply.record_entries",
            object_type="stock_movement",
            after={"loaded": label, "entries": len(entries)},
        )
    return len(entries)


def _store_balances(entries: list[BulkEntry], final: dict, sites: dict) -> None:
    lots = {e.lot.id: e.lot for e in entries}
    expiry = {pk: prepared(StockBalance, "expires_on", lot.expires_on) for pk, lot in lots.items()}
    existing = {
        (s, i, lot): (pk, q)
        for pk, s, i, lot, q in StockBalance.objects.filter(site_id__in=sites).values_list(
            "pk", "site_id", "item_id", "lot_id", "quantity"
        )
    }
    new, changed = [], []
    for key, quantity in final.items():
        row = existing.get(key)
        if row is None:
            new.append((*key, quantity, sites[key[0]].area.path, expiry[key[2]]))
        elif row[1] != quantity:
            changed.append((row[0], quantity))
    columns = ["site", "item", "lot", "quantity", "area_path", "expires_on"]
    insert_rows(StockBalance, columns, new)
    update_rows(StockBalance, "quantity", changed)


def _store_levels(sites: dict[int, Site]) -> None:
    """Levels of the touched sites, summed again from their lot balances."""
    totals: dict = defaultdict(int)
    rows = StockBalance.objects.filter(site_id__in=sites).values_list(
        "site_id", "item_id", "quantity"
    )
    for site_id, item_id, quantity in rows:
        totals[(site_id, item_id)] += quantity
    existing = {
        (s, i): (pk, q)
        for pk, s, i, q in StockLevel.objects.filter(site_id__in=sites).values_list(
            "pk", "site_id", "item_id", "on_hand"
        )
    }
    new = [
        (*key, total, sites[key[0]].area.path)
        for key, total in totals.items()
        if key not in existing
    ]
    changed = [
        (existing[key][0], total)
        for key, total in totals.items()
        if key in existing and existing[key][1] != total
    ]
    insert_rows(StockLevel, ["site", "item", "on_hand", "area_path"], new)
    update_rows(StockLevel, "on_hand", changed)


def _store_area_stock(area_ids: set[int]) -> None:
    """The per-area sums of the touched areas, summed again from their sites' levels."""
    sums = (
        StockLevel.objects.filter(site__located_in__in=area_ids)
        .values_list("site__located_in", "site__located_in__path", "item")
        .annotate(
            total=Sum("on_hand"),
            sites=Count("id"),
            outs=Count("id", filter=Q(on_hand=0)),
        )
        .order_by()
    )
    AreaStock.objects.filter(area_id__in=area_ids).delete()
    columns = ["area", "area_path", "item", "on_hand", "sites", "stock_outs"]
    insert_rows(AreaStock, columns, list(sums))


def _store_consumption(entries: list[BulkEntry]) -> None:
    sums: dict = defaultdict(int)
    for e in entries:
        if e.kind in rules.CONSUMPTION_KINDS:
            sums[(e.site.located_in_id, e.lot.item_id, e.occurred_on)] -= e.quantity
    if not sums:
        return
    paths = dict(Area.objects.filter(pk__in={k[0] for k in sums}).values_list("pk", "path"))
    existing = {
        (c.area_id, c.item_id, c.consumed_on): (c.pk, c.quantity)
        for c in ConsumptionDay.objects.filter(
            area_id__in=paths, consumed_on__in={k[2] for k in sums}
        )
    }
    new = [
        (a, paths[a], i, prepared(ConsumptionDay, "consumed_on", day), total)
        for (a, i, day), total in sums.items()
        if (a, i, day) not in existing
    ]
    changed = [
        (existing[key][0], existing[key][1] + total)
        for key, total in sums.items()
        if key in existing
    ]
    insert_rows(ConsumptionDay, ["area", "area_path", "item", "consumed_on", "quantity"], new)
    update_rows(ConsumptionDay, "quantity", changed)
