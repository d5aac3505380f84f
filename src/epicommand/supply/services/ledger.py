"""The one writer of the stock ledger: ``apply_moves`` turns moves into entries and keeps
the balances, levels and per-area sums in step, inside the caller's transaction.

Locking (DESIGN: concurrent moves of the same stock serialise). Every service calls
``apply_moves`` once, after any lock on its own rows (a shipment), so locks are always
taken in the same phases and, within a phase, in sorted key order:

1. rows that a positive move may need are created first (``INSERT ... ON CONFLICT DO
   NOTHING``, sorted), before any row lock is held;
2. ``StockLevel`` rows (site, item) are locked with ``SELECT ... FOR UPDATE`` sorted by
   (site, item); the level row serialises every move of any lot of that item at that site;
3. ``StockBalance`` rows (site, item, lot) are locked the same way, sorted by (site, item,
   lot);
4. the per-area sums (``AreaStock``, then ``ConsumptionDay``) are upserted sorted by
   (area, item[, day]).

Two transactions can therefore never wait for each other in a cycle. On SQLite the
settings' ``IMMEDIATE`` transactions make one writer at a time and ``FOR UPDATE`` is a
no-op.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Q

from epicommand.audit.services import actor_label
from epicommand.clock import now
from epicommand.supply import rules
from epicommand.supply.errors import BadQuantity, InsufficientStock
from epicommand.supply.models import Lot, Site, StockBalance, StockEntry, StockLevel

CHUNK = 200  # keys per locking query: SQLite refuses very deep OR expressions


@dataclass(frozen=True)
class Move:
    """One signed change of one lot at one site (``lot.item``, ``site.area`` and
    ``site.located_in`` loaded)."""

    site: Site
    lot: Lot
    kind: str
    quantity: int
    counterpart: Site | None = None
    reason: str = ""
    counted: int | None = None  # a count: the quantity becomes counted - books, under lock

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.site.pk, self.lot.item_id, self.lot.pk)


def _chunks(keys: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


_INSERT_LEVELS = (
    "INSERT INTO supply_stocklevel (site_id, item_id, on_hand, area_path) VALUES {} "
    "ON CONFLICT (site_id, item_id) DO NOTHING RETURNING site_id, item_id"
)


def _create_missing_rows(moves: list[Move]) -> set[tuple[int, int]]:
    """Phase 1: rows a positive move lands on, created before any lock is taken. Returns
    the (site, item) levels that did not exist (the per-area sums count their sites)."""
    by_key = {m.key: m for m in moves if m.quantity > 0 or (m.counted or 0) > 0}
    if not by_key:
        return set()
    levels = {(s, i): by_key[(s, i, lot)].site.area.path for (s, i, lot) in by_key}
    created: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(levels)):
        params = [v for (s, i) in chunk for v in (s, i, 0, levels[(s, i)])]
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_LEVELS.format(", ".join(["(%s, %s, %s, %s)"] * len(chunk))), params
            )
            created.update((s, i) for s, i in cursor.fetchall())
    StockBalance.objects.bulk_create(
        [
            StockBalance(
                site_id=s,
                item_id=i,
                lot_id=lot,
                area_path=by_key[(s, i, lot)].site.area.path,
                expires_on=by_key[(s, i, lot)].lot.expires_on,
            )
            for (s, i, lot) in sorted(by_key)
        ],
        ignore_conflicts=True,
    )
    return created


def _lock_levels(keys: list[tuple[int, int]]) -> dict[tuple[int, int], StockLevel]:
    locked: dict[tuple[int, int], StockLevel] = {}
    for chunk in _chunks(sorted(keys)):
        by_site: dict[int, list[int]] = defaultdict(list)
        for site_id, item_id in chunk:
            by_site[site_id].append(item_id)
        query = Q(pk__in=[])
        for site_id, items in by_site.items():
            query |= Q(site_id=site_id, item_id__in=items)
        rows = StockLevel.objects.select_for_update().filter(query).order_by("site_id", "item_id")
        for row in rows:
            row.initial_on_hand = row.on_hand
            locked[(row.site_id, row.item_id)] = row
    return locked


def _lock_balances(keys: list[tuple[int, int, int]]) -> dict[tuple[int, int, int], StockBalance]:
    locked: dict[tuple[int, int, int], StockBalance] = {}
    for chunk in _chunks(sorted(keys)):
        by_site: dict[int, list[int]] = defaultdict(list)
        for site_id, _item_id, lot_id in chunk:
            by_site[site_id].append(lot_id)
        query = Q(pk__in=[])
        for site_id, lots in by_site.items():
            query |= Q(site_id=site_id, lot_id__in=lots)
        rows = (
            StockBalance.objects.select_for_update()
            .filter(query)
            .order_by("site_id", "item_id", "lot_id")
        )
        locked.update({(r.site_id, r.item_id, r.lot_id): r for r in rows})
    return locked


def _refusal(move: Move, exc: InsufficientStock) -> InsufficientStock:
    """The rule's refusal, told in the user's words: which item, lot and site."""
    detail = exc.details[0] if exc.details else {}
    on_hand, asked = detail.get("on_hand", 0), detail.get("requested", -move.quantity)
    item = move.lot.item
    return InsufficientStock(
        f"not enough {item.name} ({item.code}) lot {move.lot.batch_number} at "
        f"{move.site.area.name} ({move.site.area.code}): {on_hand} {item.unit} on hand, "
        f"{asked} asked; nothing was recorded",
        details=[
            {
                "site": move.site.area.code,
                "item": item.code,
                "lot": move.lot.batch_number,
                "on_hand": on_hand,
                "requested": asked,
            }
        ],
    )


def _resolve_counts(moves: list[Move], balances: dict) -> list[Move]:
    """A count becomes the difference between what was counted and the locked books; a
    count that matches the books records nothing."""
    resolved: list[Move] = []
    for move in moves:
        if move.counted is None:
            resolved.append(move)
            continue
        row = balances.get(move.key)
        delta = move.counted - (row.quantity if row is not None else 0)
        if delta:
            resolved.append(replace(move, quantity=delta, counted=None))
    return resolved


def _validate(moves: list[Move]) -> None:
    """Each move's sign must match its kind (a loss takes, a receipt adds, ...)."""
    for move in moves:
        sign = rules.SIGNS.get(move.kind)
        if sign is None:
            raise BadQuantity(f"unknown kind of movement {move.kind!r}")
        if move.quantity == 0 or sign * move.quantity < 0:
            raise BadQuantity(f"a {move.kind} entry cannot be {move.quantity}")


def _new_balances(moves: list[Move], balances: dict) -> list[int]:
    """The lot balance after each move, in order; the first negative one is refused."""
    current = {key: row.quantity for key, row in balances.items()}
    after: list[int] = []
    for move in moves:
        try:
            current.update(rules.apply_deltas(current, [(move.key, move.quantity)]))
        except InsufficientStock as exc:
            raise _refusal(move, exc) from None
        after.append(current[move.key])
    for key, row in balances.items():
        row.quantity = current[key]
    return after


def apply_moves(
    moves: list[Move],
    *,
    actor,
    occurred_on: dt.date,
    shipment=None,
) -> list[StockEntry]:
    """Record ``moves`` (in order) as ledger entries, updating balances, levels and the
    per-area sums; refuse the whole set if any balance would go below zero. Must run inside
    the calling service's transaction, once per transaction (see the module's locking)."""
    if not connection.in_atomic_block:
        raise RuntimeError("apply_moves must run inside the service's transaction")
    if not moves:
        raise BadQuantity("nothing to record: no lines")
    created = _create_missing_rows(moves)
    levels = _lock_levels(sorted({(m.site.pk, m.lot.item_id) for m in moves}))
    balances = _lock_balances(sorted({m.key for m in moves}))
    moves = _resolve_counts(moves, balances)
    if not moves:
        return []
    _validate(moves)
    after = _new_balances(moves, balances)
    were_out = {k: k not in created and level.on_hand == 0 for k, level in levels.items()}
    for move in moves:
        levels[(move.site.pk, move.lot.item_id)].on_hand += move.quantity
    StockBalance.objects.bulk_update(list(balances.values()), ["quantity"])
    StockLevel.objects.bulk_update(list(levels.values()), ["on_hand"])
    entries = _entries(moves, after, actor, occurred_on, shipment)
    StockEntry.objects.bulk_create(entries)
    sites = {m.site.pk: m.site for m in moves}
    _add_area_stock(levels, were_out, created, sites)
    _add_consumption(moves, occurred_on)
    return entries


def _entries(moves, after, actor, occurred_on, shipment) -> list[StockEntry]:
    movement, recorded_at = uuid.uuid4(), now()
    return [
        StockEntry(
            movement=movement,
            site=move.site,
            item_id=move.lot.item_id,
            lot=move.lot,
            kind=move.kind,
            quantity=move.quantity,
            balance_after=balance,
            occurred_on=occurred_on,
            recorded_at=recorded_at,
            actor=actor if actor is not None and actor.pk else None,
            actor_label=actor_label(actor),
            reason=move.reason,
            shipment=shipment,
            counterpart=move.counterpart,
        )
        for move, balance in zip(moves, after, strict=True)
    ]


_UPSERT_AREA_STOCK = (
    "INSERT INTO supply_areastock (area_id, area_path, item_id, on_hand, sites, stock_outs) "
    "VALUES {} ON CONFLICT (area_id, item_id) DO UPDATE SET "
    "on_hand = supply_areastock.on_hand + excluded.on_hand, "
    "sites = supply_areastock.sites + excluded.sites, "
    "stock_outs = supply_areastock.stock_outs + excluded.stock_outs"
)


def _add_area_stock(levels: dict, were_out: dict, created: set, sites: dict) -> None:
    """Phase 4: the change of each touched level, added to the sums of its site's area
    (portable ``INSERT ... ON CONFLICT DO UPDATE``, sorted by area and item)."""
    sums: dict[tuple[int, int], list] = {}
    for (site_id, item_id), level in levels.items():
        place = sites[site_id].located_in
        row = sums.setdefault((place.pk, item_id), [place.path, 0, 0, 0])
        row[1] += level.on_hand - level.initial_on_hand
        row[2] += int((site_id, item_id) in created)
        row[3] += int(level.on_hand == 0) - int(were_out[(site_id, item_id)])
    rows = [(a, path, i, q, n, o) for (a, i), (path, q, n, o) in sorted(sums.items())]
    for chunk in _chunks(rows):
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT_AREA_STOCK.format(values), [v for row in chunk for v in row])


_UPSERT_CONSUMPTION = (
    "INSERT INTO supply_consumptionday (area_id, area_path, item_id, consumed_on, quantity) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (area_id, item_id, consumed_on) "
    "DO UPDATE SET quantity = supply_consumptionday.quantity + excluded.quantity"
)


def _add_consumption(moves: list[Move], day: dt.date) -> None:
    """Phase 4 too: dispensing and issues added to the per-area daily sums."""
    sums: dict[tuple[int, int], list] = {}
    for move in moves:
        if move.kind in rules.CONSUMPTION_KINDS:
            place = move.site.located_in
            sums.setdefault((place.pk, move.lot.item_id), [place.path, 0])[1] -= move.quantity
    rows = [(a, path, i, day, total) for (a, i), (path, total) in sorted(sums.items())]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT_CONSUMPTION, rows)
