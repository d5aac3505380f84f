"""Three weeks of the demo network's movements, simulated from a simple epidemic curve.

The supply demo depends only on the curve defined here, not on the surveillance demo's
data (built separately): new fever cases nationally rise as the square of time to a peak of
about 400,000 a day on day 6 of the outbreak, then halve every 10 days (about 1,000 a day
three months in); each county's share is its share of the population. Pharmacies dispense
and treatment centres issue per case (``supply_data``); supply centres resupply the level
below on fixed days; the HQ commander releases state reserve stock three times; factories
produce Koryo medicine and masks. A random generator with a fixed seed splits cases among
the sites, so every build is the same.

The simulation keeps its own shelves and never lets one go below zero (a site out of stock
dispenses what it has: those are the demo's stock-outs); the result is loaded as ledger
entries through ``supply.services.bulk``, which derives every balance from them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from epicommand.supply.services.history import PastLine, PastShipment

PEAK_CASES = 400_000
PEAK_DAY = 6
HALF_LIFE_DAYS = 10.0
DAYS = 21  # outbreak days simulated: from DAYS days ago to yesterday
SEED = 20220512


def national_cases(day: int) -> float:
    """New fever cases nationally on outbreak day ``day`` (0 is the first)."""
    if day <= PEAK_DAY:
        return PEAK_CASES * ((day + 1) / (PEAK_DAY + 1)) ** 2
    return PEAK_CASES * 0.5 ** ((day - PEAK_DAY) / HALF_LIFE_DAYS)


def local_time(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass
class Record:
    """A ledger entry as simulated; ``shipment`` gets its key once stored."""

    site: object
    lot: object
    kind: str
    quantity: int
    day: dt.date
    shipment: PastShipment | None = None
    counterpart: object = None
    reason: str = ""


@dataclass
class Books:
    """The simulation's shelves (site id, lot id) -> quantity, and the records in order."""

    lots: dict[int, list]  # item id -> lots, first expiry first
    stock: dict = field(default_factory=lambda: defaultdict(int))
    records: list[Record] = field(default_factory=list)

    def add(self, site, lot, kind: str, quantity: int, day: dt.date, **ref) -> None:
        if quantity:
            self.stock[(site.id, lot.id)] += quantity
            self.records.append(Record(site, lot, kind, quantity, day, **ref))

    def on_hand(self, site, item_id: int) -> int:
        return sum(self.stock[(site.id, lot.id)] for lot in self.lots[item_id])

    def take(self, site, item_id: int, wanted: int, day: dt.date, kind: str, **ref) -> list:
        """First expiry, first out; never more than the shelf holds."""
        taken = []
        for lot in self.lots[item_id]:
            if wanted <= 0:
                break
            amount = min(wanted, self.stock[(site.id, lot.id)])
            if amount > 0:
                self.add(site, lot, kind, -amount, day, **ref)
                taken.append((lot, amount))
                wanted -= amount
        return taken


@dataclass
class Simulation:
    """Runs the days; ``net`` is the demo network (``supply.DemoNetwork``)."""

    net: object
    books: Books
    start: dt.date
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    shipments: list[PastShipment] = field(default_factory=list)
    arriving: dict[int, list[PastShipment]] = field(default_factory=lambda: defaultdict(list))
    releases: list[tuple[int, PastShipment]] = field(default_factory=list)

    def day(self, n: int) -> dt.date:
        return self.start + dt.timedelta(days=n)

    def ship(self, origin, destination, wanted: dict[int, int], n: int, **extra):
        """Dispatch what the origin has of ``wanted`` (item id -> units) on day ``n``; it
        arrives the next day (shipments still on the road at the end are the pipeline)."""
        day = self.day(n)
        spec = PastShipment(
            origin, destination, "dispatched", local_time(day, 7), local_time(day, 8), **extra
        )
        for item_id, quantity in sorted(wanted.items()):
            for lot, amount in self.books.take(
                origin,
                item_id,
                quantity,
                day,
                "transfer_out",
                shipment=spec,
                counterpart=destination,
            ):
                spec.lines.append(PastLine(lot, amount))
        if spec.lines:
            self.shipments.append(spec)
            self.arriving[n + 1].append(spec)
        return spec if spec.lines else None

    def receive_arrivals(self, n: int) -> None:
        """Proof of delivery on arrival; one shipment in 60 arrives a little short."""
        day = self.day(n)
        for spec in self.arriving.pop(n, []):
            short = self.rng.random() < 1 / 60
            for line in spec.lines:
                self.books.add(
                    spec.destination,
                    line.lot,
                    "receipt",
                    line.quantity,
                    day,
                    shipment=spec,
                    counterpart=spec.origin,
                )
                missing = max(1, line.quantity // 50) if short else 0
                line.received = line.quantity - missing
                if missing:
                    line.reason = "cartons damaged in transit"
                    self.books.add(
                        spec.destination,
                        line.lot,
                        "loss",
                        -missing,
                        day,
                        shipment=spec,
                        reason=line.reason,
                    )
            spec.status, spec.received_at = "received", local_time(day, 15)

    def use(self, site, uses: dict[int, float], cases: float, kind: str, n: int) -> None:
        """A site hands out what ``cases`` need of each item, as far as its shelf allows."""
        for item_id, per_case in uses.items():
            wanted = int(cases * per_case + self.rng.random())
            if wanted:
                self.books.take(site, item_id, wanted, self.day(n), kind)


def need(uses: dict[int, float], cases_per_day: float, days: float) -> dict[int, int]:
    """Units of each item that ``days`` days at ``cases_per_day`` use."""
    return {item: math.ceil(per_case * cases_per_day * days) for item, per_case in uses.items()}


def top_up(books: Books, site, target: dict[int, int]) -> dict[int, int]:
    """What a site needs to reach ``target`` of each item."""
    wanted = {item: quantity - books.on_hand(site, item) for item, quantity in target.items()}
    return {item: quantity for item, quantity in wanted.items() if quantity > 0}
