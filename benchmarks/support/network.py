"""A seeded benchmark network on the demo country's areas: sites under the counties, items
with two lots each, opening stock, a week of dispensing, and shipments on the road."""

from __future__ import annotations

import datetime as dt
import random

from epicommand.clock import today
from epicommand.demo.build import demo_area_file
from epicommand.geo.models import Area
from epicommand.geo.services import import_areas
from epicommand.supply.models import Item, Lot, Site
from epicommand.supply.services.bulk import BulkEntry, NewSite, create_sites, record_entries


def build_areas() -> list[Area]:
    import_areas(actor=None, data=demo_area_file(), filename="demo-areas.csv")
    return list(Area.objects.filter(level="county").order_by("path"))


def build_sites(counties: list[Area], count: int, rng: random.Random) -> list[Site]:
    weights = [max(c.population, 1) for c in counties]
    chosen = rng.choices(counties, weights=weights, k=count)
    specs = [
        NewSite(f"BS-{n:05d}", f"Site {n}", f"시설 {n}", "pharmacy", county)
        for n, county in enumerate(chosen)
    ]
    return create_sites(actor=None, sites=specs)


def build_items(count: int) -> list[Lot]:
    """``count`` items, each with an early lot (expires in 20 days) and a late one."""
    Item.objects.bulk_create(
        Item(code=f"IT-{n:03d}", name=f"Item {n}", unit="unit", category="essential")
        for n in range(count)
    )
    lots = []
    for item in Item.objects.order_by("code"):
        for batch, days in (("E", 20), ("L", 400)):
            lots.append(
                Lot(item=item, batch_number=batch, expires_on=today() + dt.timedelta(days=days))
            )
    return Lot.objects.bulk_create(lots)


def opening_and_dispensing(sites: list[Site], lots: list[Lot], rng: random.Random) -> int:
    """Each site holds each item (the late lot, and the early one at one site in five),
    then dispenses it once in the past week; about one site-item in 50 runs out."""
    counts, dispensed = [], []
    days = [today() - dt.timedelta(days=d) for d in range(7)]
    for site in sites:
        for early, late in zip(lots[0::2], lots[1::2], strict=True):
            quantity = rng.randint(50, 500)
            counts.append(BulkEntry(site, late, "count_adjustment", quantity, days[-1]))
            if rng.random() < 0.2:
                counts.append(BulkEntry(site, early, "count_adjustment", 30, days[-1]))
            used = quantity if rng.random() < 0.02 else rng.randint(1, quantity // 2)
            dispensed.append(BulkEntry(site, late, "dispensing", -used, rng.choice(days)))
    record_entries(actor=None, entries=counts + dispensed, label="benchmark network")
    return len(counts) + len(dispensed)
