"""The demo country's supply network: a state reserve, a central base, a supply centre per
province and per county, about 5,000 pharmacies and treatment centres, distribution points
in the locked-down capital, two factories, 53 items, army transport units; their opening
stock and three weeks of movements simulated from the outbreak curve of
``supply_history`` (which depends on nothing else).

Seeded (same network and numbers every build, the dates counted back from the day of the
first build), idempotent (a second run finds the state reserve and reuses everything) and
loaded in bulk in one transaction: ~5,000 site nodes with computed tree paths and the
ledger through ``supply.services.bulk``, which derives every balance from the entries.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from epicommand.accounts.roles import Role
from epicommand.accounts.services import ensure_user
from epicommand.clock import today
from epicommand.core.contract import DemoRun
from epicommand.geo.models import Area
from epicommand.supply import services
from epicommand.supply.demo import data
from epicommand.supply.demo.flows import record_history, simulate
from epicommand.supply.models import Item, Lot, Site
from epicommand.supply.services.bulk import NewSite, create_sites

RESERVE, BASE = "SR-KP", "CB-KP"
PHARMACIST, PHARMACIST_SITE = "pharmacist", "PH-KP-01-001-01"
TREATMENT_SHARE = 0.12  # of the pharmacies and treatment centres, the treatment centres
DISTRIBUTION_PER_CAPITAL_COUNTY = 5
SEED = 20220512


@dataclass
class County:
    area: Area
    centre: Site
    province: int
    share: float  # of the national population
    pharmacies: list[tuple[Site, float]] = field(default_factory=list)
    treatment: list[tuple[Site, float]] = field(default_factory=list)
    distribution: list[Site] = field(default_factory=list)


@dataclass
class DemoNetwork:
    reserve: Site
    base: Site
    provinces: list[Site]
    counties: list[County]
    factories: dict[str, Site]
    items: dict[str, Item]
    lots: dict[int, list[Lot]]


def _split(total: int, shares: list[float]) -> list[int]:
    """Whole numbers in proportion to ``shares`` adding up to ``total`` (largest remainder),
    at least one each."""
    raw = [total * s / sum(shares) for s in shares]
    counts = [max(1, int(r)) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True):
        if sum(counts) >= total:
            break
        counts[index] += 1
    return counts


def _centre_specs(country: Area, provinces: list[Area], counties: list[Area]) -> list[NewSite]:
    specs = [
        NewSite(RESERVE, "State Medical Reserve", "국가의약품예비", "state_reserve", country),
        NewSite(
            BASE,
            "Central Medical Supply Base",
            "중앙의약품보급기지",
            "central_base",
            country,
            RESERVE,
            True,
        ),
    ]
    for p in provinces:
        specs.append(
            NewSite(
                f"PC-{p.code}",
                f"{p.name} Supply Centre",
                f"{p.name_local} 보급소",
                "provincial_centre",
                p,
                BASE,
                True,
            )
        )
    for c in counties:
        province = c.code.rsplit("-", 1)[0]
        specs.append(
            NewSite(
                f"CC-{c.code}",
                f"{c.name} Supply Centre",
                f"{c.name_local} 보급소",
                "county_centre",
                c,
                f"PC-{province}",
                True,
            )
        )
    return specs


def _local_specs(counties: list[Area], total: int, rng: random.Random) -> list[NewSite]:
    """Pharmacies and treatment centres by population; distribution points in the capital."""
    specs = []
    for county, count in zip(
        counties, _split(total, [c.population for c in counties]), strict=True
    ):
        treatment = max(1, round(count * TREATMENT_SHARE)) if count > 2 else 0
        for n in range(1, count - treatment + 1):
            specs.append(
                NewSite(
                    f"PH-{county.code}-{n:02d}",
                    f"{county.name} Pharmacy No. {n}",
                    f"{county.name_local} 제{n}약국",
                    "pharmacy",
                    county,
                    f"CC-{county.code}",
                    rng.random() < 0.1,
                    "08:00-20:00",
                )
            )
        for n in range(1, treatment + 1):
            specs.append(
                NewSite(
                    f"TC-{county.code}-{n:02d}",
                    f"{county.name} Treatment Centre No. {n}",
                    f"{county.name_local} 제{n}치료소",
                    "treatment_centre",
                    county,
                    f"CC-{county.code}",
                    True,
                )
            )
        if county.code.startswith("KP-01-"):
            for n in range(1, DISTRIBUTION_PER_CAPITAL_COUNTY + 1):
                specs.append(
                    NewSite(
                        f"DP-{county.code}-{n}",
                        f"{county.name} Distribution Point {n}",
                        f"{county.name_local} 제{n}공급소",
                        "distribution_point",
                        county,
                        f"CC-{county.code}",
                        False,
                        "07:00-19:00",
                    )
                )
    return specs


def _factory_specs(counties: list[Area]) -> list[NewSite]:
    by_code = {c.code: c for c in counties}
    return [
        NewSite(
            "FAC-KORYO",
            "Pyongyang Koryo Medicine Factory",
            "평양고려약공장",
            "factory",
            by_code["KP-01-005"],
        ),
        NewSite(
            "FAC-MASK",
            "Sunchon Sanitary Goods Factory",
            "순천위생용품공장",
            "factory",
            by_code.get("KP-02-002", counties[-1]),
        ),
    ]


def _catalogue(start: dt.date) -> None:
    """Items, and three lots each: one expiring within 20 to 60 days (near-expiry alerts),
    one at its shelf life, one newer (held by the reserve and factories)."""
    for index, row in enumerate(data.items()):
        item = services.create_item(actor=None, **row)
        shelf = row["shelf_life_days"]
        expiries = (20 + 8 * (index % 6), max(shelf, 35), shelf + 90)
        for suffix, days in zip(("A", "B", "C"), expiries, strict=True):
            services.register_lot(
                actor=None,
                item_code=item.code,
                batch_number=f"{item.code}-{start:%y%m}{suffix}",
                expires_on=today() + dt.timedelta(days=days),
            )


def _transport() -> None:
    bases = ["KP-01", "KP-02", "KP-05", "KP-08", "KP-10"]
    for n, base in enumerate(bases, start=1):
        services.create_transport_unit(
            actor=None,
            code=f"ATU-{n}",
            name=f"Army Transport Unit {n}",
            name_local=f"군 수송부대 {n}",
            base_area_code=base,
        )
        for v in range(1, 7):
            services.add_vehicle(
                actor=None,
                unit_code=f"ATU-{n}",
                registration=f"ATU{n}-{v:02d}",
                description="Sungri truck",
                capacity_kg=5000,
                capacity_l=20000,
            )


def _load_network(rng: random.Random) -> DemoNetwork:
    sites = {s.area.code: s for s in Site.objects.select_related("area", "located_in")}
    population = sum(a.population for a in Area.objects.filter(depth=2))
    provinces = [s for code, s in sorted(sites.items()) if code.startswith("PC-")]
    province_index = {s.area.code[3:]: i for i, s in enumerate(provinces)}
    counties = {}
    for code, site in sorted(sites.items()):
        if code.startswith("CC-"):
            area = site.located_in
            counties[area.pk] = County(
                area,
                site,
                province_index[area.code.rsplit("-", 1)[0]],
                area.population / population,
            )
    for code, site in sorted(sites.items()):
        county = counties.get(site.located_in_id)
        if county is None or code.startswith("CC-"):
            continue
        if site.kind == "pharmacy":
            county.pharmacies.append((site, rng.uniform(0.5, 1.5)))
        elif site.kind == "treatment_centre":
            county.treatment.append((site, rng.uniform(0.5, 1.5)))
        elif site.kind == "distribution_point":
            county.distribution.append(site)
    items = {i.code: i for i in Item.objects.all()}
    lots: dict[int, list[Lot]] = {}
    for lot in Lot.objects.order_by("expires_on", "batch_number"):
        lots.setdefault(lot.item_id, []).append(lot)
    factories = {code: s for code, s in sites.items() if code.startswith("FAC-")}
    return DemoNetwork(
        sites[RESERVE], sites[BASE], provinces, list(counties.values()), factories, items, lots
    )


def _requisitions(network: DemoNetwork) -> None:
    """A few capital pharmacies ask their county centre; half are answered."""
    capital = [c for c in network.counties if c.area.code.startswith("KP-01-")][:6]
    for n, county in enumerate(capital):
        site = county.pharmacies[0][0]
        requisition = services.submit_requisition(
            actor=None,
            site_code=site.area.code,
            lines=[
                services.RequestLine("PARA-500", 400 + 50 * n, cases=180 + 20 * n),
                services.RequestLine("KM-AGUH", 80, cases=180 + 20 * n),
            ],
        )
        if n % 2:
            services.decide_requisition(
                actor=None,
                requisition_id=requisition.pk,
                quantities={"PARA-500": 300},
                reason="the county centre shares its stock among all pharmacies",
            )


def build_supply(run: DemoRun) -> None:
    """Build the network once (reused afterwards) and make sure its demo user exists."""
    sites = getattr(settings, "DEMO_SUPPLY_SITES", 5000)
    console = run.console
    if Site.objects.filter(area__code=RESERVE).exists():
        _pharmacist(run)
        console.print("[green]✓[/green] supply network: already there")
        return
    building = console.status("Building the supply network and three weeks of movements...")
    with building, transaction.atomic():
        summary = _build(sites)
        _pharmacist(run)
    console.print(
        f"[green]✓[/green] supply network: {summary['sites']} sites, {summary['items']} items, "
        f"{summary['shipments']} shipments, {summary['entries']} ledger entries; "
        f"user [bold]{PHARMACIST}[/bold] (site operator of {PHARMACIST_SITE})"
    )


def _pharmacist(run: DemoRun) -> None:
    ensure_user(
        actor=None,
        username=PHARMACIST,
        role=Role.SITE_OPERATOR,
        scope_codes=[PHARMACIST_SITE],
        password=run.password,
    )
    run.users.append((PHARMACIST, Role.SITE_OPERATOR, PHARMACIST_SITE))


def _build(total: int) -> dict:
    rng = random.Random(SEED)
    start = today() - dt.timedelta(days=21)
    country = Area.objects.get(code="KP")
    provinces = list(Area.objects.filter(depth=2).order_by("path"))
    counties = list(Area.objects.filter(depth=3).exclude(level="site").order_by("path"))
    _catalogue(start)
    specs = _centre_specs(country, provinces, counties)
    specs += _local_specs(counties, total, rng) + _factory_specs(counties)
    create_sites(actor=None, sites=specs)
    _transport()
    network = _load_network(rng)
    for code, outputs in data.FACTORY_OUTPUT.items():
        for item, per_day in outputs.items():
            services.set_production_capacity(
                actor=None, site_code=code, item_code=item, quantity_per_day=per_day
            )
    sim = simulate(network, start)
    counts = record_history(sim, network)
    _requisitions(network)
    return {"sites": len(specs), "items": len(network.items), **counts}
