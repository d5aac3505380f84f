"""The reference data of the network: items, lots, sites, transport units and vehicles."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from epicommand.audit.services import record_event
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.geo import selectors as geo_selectors
from epicommand.geo.models import SITE_LEVEL, Area
from epicommand.supply.enums import ItemCategory, SiteKind
from epicommand.supply.errors import DuplicateCode
from epicommand.supply.models import Item, Lot, Site, TransportUnit, Vehicle
from epicommand.supply.services.lookups import get_item

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")


def _check_code(code: str) -> None:
    if not CODE_RE.match(code or ""):
        raise ValidationFailed(f"code {code!r} is empty or has odd characters")


def create_item(
    *,
    actor,
    code: str,
    name: str,
    unit: str,
    category: str,
    name_local: str = "",
    shelf_life_days: int | None = None,
    is_cold_chain: bool = False,
    unit_weight_g: int = 0,
    unit_volume_ml: int = 0,
) -> Item:
    """Add an item to the catalogue (administrators)."""
    require_permission(actor, "supply.manage_catalog")
    _check_code(code)
    if category not in ItemCategory.values:
        raise ValidationFailed(f"unknown category {category!r}; use {', '.join(ItemCategory)}")
    if not name.strip() or not unit.strip():
        raise ValidationFailed("an item needs a name and a unit")
    if shelf_life_days is not None and shelf_life_days <= 0:
        raise ValidationFailed("shelf life must be more than 0 days")
    with transaction.atomic():
        if Item.objects.filter(code=code).exists():
            raise DuplicateCode(f"item {code!r} already exists")
        item = Item.objects.create(
            code=code,
            name=name.strip(),
            name_local=name_local.strip(),
            unit=unit.strip(),
            category=category,
            shelf_life_days=shelf_life_days,
            is_cold_chain=is_cold_chain,
            unit_weight_g=unit_weight_g,
            unit_volume_ml=unit_volume_ml,
        )
        record_event(
            actor=actor,
            action="supply.create_item",
            object_type="item",
            object_id=item.code,
            after=item.as_audit_dict(),
        )
    return item


def register_lot(
    *,
    actor,
    item_code: str,
    batch_number: str,
    expires_on: dt.date,
    manufactured_on: dt.date | None = None,
) -> Lot:
    """Register a batch of an item with its expiry, before any of it is moved."""
    require_permission(actor, "supply.register_lot")
    if not batch_number.strip():
        raise ValidationFailed("a lot needs a batch number")
    if manufactured_on and manufactured_on > expires_on:
        raise ValidationFailed("a lot cannot expire before it was made")
    item = get_item(item_code)
    with transaction.atomic():
        if Lot.objects.filter(item=item, batch_number=batch_number.strip()).exists():
            raise DuplicateCode(f"lot {batch_number!r} of {item.code} already exists")
        lot = Lot.objects.create(
            item=item,
            batch_number=batch_number.strip(),
            expires_on=expires_on,
            manufactured_on=manufactured_on,
        )
        record_event(
            actor=actor,
            action="supply.register_lot",
            object_type="lot",
            object_id=lot.pk,
            after={"item": item.code, "batch": lot.batch_number, "expires_on": expires_on},
        )
    return lot


def _site_parent(actor, code: str) -> Area:
    parent = geo_selectors.get_area(actor=actor, code=code)
    if parent.level == SITE_LEVEL:
        raise ValidationFailed("a site sits in an area, not in another site")
    return parent


def _site_node(parent: Area, code: str, name: str, name_local: str) -> Area:
    return Area.objects.add_child(
        Area.objects.get(pk=parent.pk),
        create_kwargs={
            "code": code,
            "name": name.strip(),
            "name_local": name_local.strip(),
            "level": SITE_LEVEL,
            "population": 0,
            # Where it stands until someone gives its own point: its area's centroid.
            "centroid_lat": parent.centroid_lat,
            "centroid_lon": parent.centroid_lon,
        },
    )


def create_site(
    *,
    actor,
    code: str,
    area_code: str,
    kind: str,
    name: str,
    name_local: str = "",
    supplier_code: str | None = None,
    is_24h: bool = False,
    opening_hours: str = "",
    contact: str = "",
) -> Site:
    """Add a site in an area: its own node of level ``site`` under the area, so scope
    covers it like any area."""
    require_permission(actor, "supply.manage_catalog")
    _check_code(code)
    if kind not in SiteKind.values:
        raise ValidationFailed(f"unknown site kind {kind!r}; use {', '.join(SiteKind)}")
    if not name.strip():
        raise ValidationFailed("a site needs a name")
    with transaction.atomic():
        parent = _site_parent(actor, area_code)
        if Area.objects.filter(code=code).exists():
            raise DuplicateCode(f"code {code!r} is already used by an area or a site")
        supplier = None
        if supplier_code:
            supplier = Site.objects.select_related("area").filter(area__code=supplier_code).first()
            if supplier is None:
                raise NotFound(f"no site {supplier_code!r}")
        node = _site_node(parent, code, name, name_local)
        site = Site.objects.create(
            area=node,
            located_in=parent,
            kind=kind,
            supplier=supplier,
            is_24h=is_24h,
            opening_hours=opening_hours,
            contact=contact,
        )
        record_event(
            actor=actor,
            action="supply.create_site",
            object_type="site",
            object_id=code,
            area_path=node.path,
            after=site.as_audit_dict(),
        )
    return site


def create_transport_unit(
    *, actor, code: str, name: str, base_area_code: str, name_local: str = ""
) -> TransportUnit:
    require_permission(actor, "supply.manage_transport")
    _check_code(code)
    with transaction.atomic():
        base = Area.objects.filter(code=base_area_code).first()
        if base is None:
            raise NotFound(f"no area {base_area_code!r}")
        if TransportUnit.objects.filter(code=code).exists():
            raise DuplicateCode(f"transport unit {code!r} already exists")
        unit = TransportUnit.objects.create(
            code=code, name=name, name_local=name_local, base_area=base
        )
        record_event(
            actor=actor,
            action="supply.create_transport_unit",
            object_type="transport_unit",
            object_id=code,
            after={"code": code, "name": name, "base_area": base.code},
        )
    return unit


def add_vehicle(
    *,
    actor,
    unit_code: str,
    registration: str,
    description: str = "",
    capacity_kg: int = 0,
    capacity_l: int = 0,
) -> Vehicle:
    require_permission(actor, "supply.manage_transport")
    with transaction.atomic():
        unit = TransportUnit.objects.filter(code=unit_code).first()
        if unit is None:
            raise NotFound(f"no transport unit {unit_code!r}")
        if Vehicle.objects.filter(registration=registration).exists():
            raise DuplicateCode(f"vehicle {registration!r} already exists")
        vehicle = Vehicle.objects.create(
            unit=unit,
            registration=registration,
            description=description,
            capacity_kg=capacity_kg,
            capacity_l=capacity_l,
        )
        record_event(
            actor=actor,
            action="supply.add_vehicle",
            object_type="vehicle",
            object_id=registration,
            after={"unit": unit.code, "capacity_kg": capacity_kg, "capacity_l": capacity_l},
        )
    return vehicle


def set_vehicle_availability(*, actor, registration: str, is_available: bool) -> Vehicle:
    require_permission(actor, "supply.manage_transport")
    with transaction.atomic():
        vehicle = Vehicle.objects.select_for_update().filter(registration=registration).first()
        if vehicle is None:
            raise NotFound(f"no vehicle {registration!r}")
        before = vehicle.is_available
        vehicle.is_available = is_available
        vehicle.save(update_fields=["is_available"])
        record_event(
            actor=actor,
            action="supply.set_vehicle_availability",
            object_type="vehicle",
            object_id=registration,
            before={"is_available": before},
            after={"is_available": is_available},
        )
    return vehicle
