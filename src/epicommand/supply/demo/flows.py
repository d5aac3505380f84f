"""What moves in the demo network each day: opening stock, releases, resupply, production,
dispensing. The rules of the simulation live in ``supply_history``; this module says who
ships what to whom and when, then loads the result."""

from __future__ import annotations

import datetime as dt

from epicommand.supply.demo import data
from epicommand.supply.demo.history import (
    DAYS,
    PEAK_CASES,
    Books,
    Simulation,
    local_time,
    national_cases,
    need,
    top_up,
)
from epicommand.supply.models import TransportUnit
from epicommand.supply.services.bulk import BulkEntry, record_entries
from epicommand.supply.services.history import (
    PastRelease,
    create_past_releases,
    create_past_shipments,
)

RELEASE_DAYS = (1, 6, 12)  # the HQ commander releases reserve stock to the central base
SITE_ROUNDS = (1, 8, 15, 20)  # county centres resupply pharmacies and treatment centres


def _uses(net, table: dict[str, float]) -> dict[int, float]:
    return {net.items[code].id: per_case for code, per_case in table.items()}


def _lot(net, item_code: str, index: int):
    return net.lots[net.items[item_code].id][index]


def _open(sim: Simulation, site, stock: dict[str, int], lot_index: int = 1) -> None:
    for code, quantity in stock.items():
        sim.books.add(
            site,
            _lot(sim.net, code, lot_index),
            "count_adjustment",
            quantity,
            sim.start,
            reason="opening count",
        )


def _opening(sim: Simulation) -> None:
    """Stock on the first morning: days of peak use at each level, more further up."""
    net, rng = sim.net, sim.rng
    used = {**data.PHARMACY_USE, **data.TREATMENT_USE}
    peak = {code: per_case * PEAK_CASES for code, per_case in used.items()}
    everything = {code: 20_000 for code in net.items}
    _open(sim, net.reserve, {**everything, **{c: int(45 * v) for c, v in peak.items()}}, 2)
    _open(
        sim, net.base, {**{c: 5_000 for c in net.items}, **{c: int(3 * v) for c, v in peak.items()}}
    )
    for index, centre in enumerate(net.provinces):
        share = sum(c.share for c in net.counties if c.province == index)
        _open(sim, centre, {c: max(50, int(3 * v * share)) for c, v in peak.items()})
    for county in net.counties:
        stock = {c: max(20, int(2 * v * county.share)) for c, v in peak.items()}
        if county.distribution:
            stock |= {c: 14 * 150 * len(county.distribution) * 2 for c in data.DISTRIBUTION_ITEMS}
        _open(sim, county.centre, stock)
        groups = (
            (county.pharmacies, data.PHARMACY_ITEMS, data.PHARMACY_USE),
            (county.treatment, data.TREATMENT_ITEMS, data.TREATMENT_USE),
        )
        for sites, items, uses in groups:
            total = sum(w for _, w in sites) or 1
            for site, weight in sites:
                day_use = {
                    c: v * PEAK_CASES * county.share * weight / total for c, v in uses.items()
                }
                stock = {c: int(day_use.get(c) or rng.randint(10, 120)) + 1 for c in items}
                _open(sim, site, stock, lot_index=rng.randint(0, 1))
        for site in county.distribution:
            _open(sim, site, {c: 2 * 150 * 2 for c in data.DISTRIBUTION_ITEMS})


def _county_cases(county, n: int) -> float:
    return national_cases(n) * county.share


def _release(sim: Simulation, n: int) -> None:
    uses = _uses(sim.net, {**data.PHARMACY_USE, **data.TREATMENT_USE})
    wanted = need(uses, national_cases(n + 4), 12)
    spec = sim.ship(sim.net.reserve, sim.net.base, wanted, n, note="state reserve release")
    if spec:
        sim.releases.append((n, spec))


def _base_to_provinces(sim: Simulation, n: int, units: list) -> None:
    uses = _uses(sim.net, {**data.PHARMACY_USE, **data.TREATMENT_USE})
    for index, centre in enumerate(sim.net.provinces):
        cases = sum(_county_cases(c, n + 3) for c in sim.net.counties if c.province == index)
        wanted = top_up(sim.books, centre, need(uses, cases, 8))
        unit = units[index % len(units)]
        vehicles = list(unit.vehicles.all())
        sim.ship(
            sim.net.base,
            centre,
            wanted,
            n,
            transport_unit=unit,
            vehicle=vehicles[n % len(vehicles)],
        )


def _provinces_to_counties(sim: Simulation, n: int) -> None:
    uses = _uses(sim.net, {**data.PHARMACY_USE, **data.TREATMENT_USE})
    for county in sim.net.counties:
        wanted = top_up(sim.books, county.centre, need(uses, _county_cases(county, n + 3), 8))
        sim.ship(sim.net.provinces[county.province], county.centre, wanted, n)


def _counties_to_sites(sim: Simulation, n: int) -> None:
    pharmacy = _uses(sim.net, data.PHARMACY_USE)
    treatment = _uses(sim.net, data.TREATMENT_USE)
    for county in sim.net.counties:
        rounds = [(s, w, pharmacy, county.pharmacies) for s, w in county.pharmacies]
        rounds += [(s, w, treatment, county.treatment) for s, w in county.treatment]
        sim.rng.shuffle(rounds)
        for site, weight, uses, group in rounds:
            cases = _county_cases(county, n + 4) * weight / sum(w for _, w in group)
            sim.ship(county.centre, site, top_up(sim.books, site, need(uses, cases, 7)), n)
        households = _uses(sim.net, data.HOUSEHOLD_USE)
        for site in county.distribution:
            sim.ship(county.centre, site, top_up(sim.books, site, need(households, 150, 4)), n)


def _factories(sim: Simulation, n: int) -> None:
    """Factories make their daily output and send it to the central base every 4 days."""
    for code, outputs in data.FACTORY_OUTPUT.items():
        factory = sim.net.factories[code]
        for item, per_day in outputs.items():
            sim.books.add(factory, _lot(sim.net, item, 2), "production", per_day, sim.day(n))
        if n % 4 == 1:
            ids = [sim.net.items[c].id for c in outputs]
            sim.ship(factory, sim.net.base, {i: sim.books.on_hand(factory, i) for i in ids}, n)


def _consume(sim: Simulation, n: int) -> None:
    uses = {
        "dispensing": _uses(sim.net, data.PHARMACY_USE),
        "issue": _uses(sim.net, data.TREATMENT_USE),
    }
    households = _uses(sim.net, data.HOUSEHOLD_USE)
    for county in sim.net.counties:
        cases = _county_cases(county, n)
        for kind, group in (("dispensing", county.pharmacies), ("issue", county.treatment)):
            total = sum(w for _, w in group)
            for site, weight in group:
                sim.use(site, uses[kind], cases * weight / total, kind, n)
        for site in county.distribution:
            sim.use(site, households, 60 + site.id % 90, "dispensing", n)


def simulate(net, start: dt.date) -> Simulation:
    """Opening stock, then each day: arrivals, production, releases, resupply, use."""
    books = Books({item_id: lots for item_id, lots in net.lots.items()})
    sim = Simulation(net, books, start)
    units = list(TransportUnit.objects.prefetch_related("vehicles").order_by("code"))
    _opening(sim)
    for n in range(DAYS):
        sim.receive_arrivals(n)
        _factories(sim, n)
        if n in RELEASE_DAYS:
            _release(sim, n)
        if n % 3 == 2:
            _base_to_provinces(sim, n, units)
        if n % 3 == 0:
            _provinces_to_counties(sim, n)
        if n in SITE_ROUNDS:
            _counties_to_sites(sim, n)
        _consume(sim, n)
    return sim


def record_history(sim: Simulation, net) -> dict:
    """Store the shipments, the reserve releases behind them, and the ledger."""
    create_past_shipments(actor=None, shipments=sim.shipments)
    releases = []
    for n, spec in sim.releases:
        day = sim.day(n)
        lines = [(line.lot.item, line.quantity) for line in spec.lines]
        releases.append(
            PastRelease(
                net.reserve,
                net.base,
                "fever outbreak: resupply of the central base",
                f"HQ decision {day:%Y-%m-%d}",
                local_time(day - dt.timedelta(days=1), 18),
                local_time(day, 7),
                lines,
                spec,
            )
        )
    create_past_releases(actor=None, releases=releases)
    entries = [
        BulkEntry(
            r.site,
            r.lot,
            r.kind,
            r.quantity,
            r.day,
            r.reason,
            r.shipment.pk if r.shipment else None,
            r.counterpart.id if r.counterpart else None,
            local_time(r.day, 12),
        )
        for r in sim.books.records
    ]
    record_entries(actor=None, entries=entries, label="demo: opening stock and three weeks")
    return {"shipments": len(sim.shipments), "entries": len(entries)}
