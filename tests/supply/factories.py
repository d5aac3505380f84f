"""Supply factories: plain functions with defaults. They write directly (fixtures, not
behaviour under test); stock is put on the shelves with the count service, as a site would."""

from __future__ import annotations

import datetime as dt

from epicommand.clock import today
from epicommand.geo.models import SITE_LEVEL, Area
from epicommand.supply import services
from epicommand.supply.models import Item, Lot, Site


def make_item(code: str = "PARA", **fields) -> Item:
    values = {
        "name": f"Item {code}",
        "name_local": f"품목 {code}",
        "unit": "tablet",
        "category": "essential",
        "shelf_life_days": 720,
        **fields,
    }
    return Item.objects.create(code=code, **values)


def make_lot(item: Item, batch: str, *, days: int = 365, **fields) -> Lot:
    """A lot expiring ``days`` from today (negative: already expired)."""
    return Lot.objects.create(
        item=item, batch_number=batch, expires_on=today() + dt.timedelta(days=days), **fields
    )


def make_site(code: str, area: Area, kind: str = "pharmacy", *, supplier=None, **fields) -> Site:
    node = Area.objects.add_child(
        Area.objects.get(pk=area.pk),
        create_kwargs={
            "code": code,
            "name": fields.pop("name", f"Site {code}"),
            "name_local": fields.pop("name_local", f"시설 {code}"),
            "level": SITE_LEVEL,
            "population": 0,
        },
    )
    return Site.objects.create(area=node, located_in=area, kind=kind, supplier=supplier, **fields)


def stock(site: Site, lot: Lot, quantity: int) -> None:
    """Set a lot's balance at a site by a count (the system actor)."""
    services.count_stock(
        actor=None,
        site_code=site.area.code,
        counts=[services.CountLine(lot.item.code, lot.batch_number, quantity)],
        reason="opening count",
    )


def make_network(country: dict[str, Area]) -> dict:
    """Reserve and provincial centre, a county centre with two pharmacies, a pharmacy in
    another province, a factory and a distribution point; three items and their lots."""
    reserve = make_site("RES", country["XX"], "state_reserve", name="State Reserve")
    centre = make_site("PC-A", country["XX-A"], "provincial_centre", name="Alpha Centre")
    county = make_site("CC-A1", country["XX-A-1"], "county_centre", supplier=centre)
    para = make_item("PARA", name="Paracetamol 500 mg", name_local="파라세타몰")
    mask = make_item("MASK", name="Mask", unit="piece", category="protective")
    rice = make_item("RICE", name="Rice", unit="kg", category="daily_necessity")
    return {
        "RES": reserve,
        "PC-A": centre,
        "CC-A1": county,
        "PH-1": make_site("PH-1", country["XX-A-1"], supplier=county, name="Pharmacy One"),
        "PH-2": make_site("PH-2", country["XX-A-1"], supplier=county, name="Pharmacy Two"),
        "PH-B": make_site("PH-B", country["XX-B-1"], name="Beta Pharmacy"),
        "FAC": make_site("FAC", country["XX-B-1"], "factory", name="Beta Factory"),
        "DP": make_site("DP", country["XX-A-2"], "distribution_point", supplier=county),
        "PARA": para,
        "MASK": mask,
        "RICE": rice,
        "P-EARLY": make_lot(para, "P-EARLY", days=30),
        "P-LATE": make_lot(para, "P-LATE", days=300),
        "P-OLD": make_lot(para, "P-OLD", days=-5),
        "M1": make_lot(mask, "M1", days=900),
        "R1": make_lot(rice, "R1", days=120),
    }
