"""One scope: every read of area-scoped data takes the actor, and an area outside the
actor's scope raises the same NotFound as a missing one (``core.scope``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db.models import Q

from epicommand.accounts.roles import Role
from epicommand.audit import selectors as audit_selectors
from epicommand.audit.models import AuditEvent
from epicommand.audit.services import record_event
from epicommand.clock import now, today
from epicommand.core import scope
from epicommand.errors import DomainError, NotFound
from epicommand.geo import selectors as geo_selectors
from epicommand.geo.models import Area
from epicommand.geo.tree import get_node
from epicommand.modelling import params
from epicommand.modelling import selectors as modelling_selectors
from epicommand.modelling.enums import RunKind
from epicommand.modelling.linelist import read_cases
from epicommand.modelling.scenarios import build_setup
from epicommand.modelling.series import read_series
from epicommand.reports.selectors import situation_report
from epicommand.supply import selectors as supply_selectors
from epicommand.supply.models import StockLevel
from epicommand.surveillance import selectors as surveillance
from epicommand.surveillance.linelist import selectors as linelist
from epicommand.surveillance.reporting import ReportingTree
from tests.factories import make_user
from tests.supply.factories import make_network, stock

DAY = dt.date(2025, 3, 1)
TARGET = "XX-B"  # outside the outsider's scope (XX-A), inside the insider's


class World:
    """The test country with its supply network, and a reporting tree of it."""

    def __init__(self, country: dict) -> None:
        self.areas = country
        self.net = make_network(country)
        self.tree = ReportingTree()

    def node(self, code: str = TARGET):
        return self.tree.by_code[code]


def _nodes(call: Callable) -> Callable:
    """A surveillance read of the target node and the county below it."""
    return lambda a, w: call(a, w, [w.node(), w.node("XX-B-1")])


READS: dict[str, Callable] = {
    "geo.get_area": lambda a, w: geo_selectors.get_area(actor=a, code=TARGET),
    "geo.child_areas": lambda a, w: geo_selectors.child_areas(actor=a, area=w.areas[TARGET]),
    "geo.breadcrumbs": lambda a, w: geo_selectors.breadcrumbs(actor=a, area=w.areas["XX-B-1"]),
    "geo.get_node": lambda a, w: get_node(actor=a, code=TARGET, tree=w.tree),
    "surveillance.series": lambda a, w: surveillance.series(
        actor=a, area_code=TARGET, start=DAY, end=DAY
    ),
    "surveillance.totals": _nodes(
        lambda a, w, nodes: surveillance.totals(
            actor=a, tree=w.tree, nodes=nodes, start=DAY, end=DAY
        )
    ),
    "surveillance.totals as known at": _nodes(
        lambda a, w, nodes: surveillance.totals(
            actor=a, tree=w.tree, nodes=nodes, start=DAY, end=DAY, known_at=now()
        )
    ),
    "surveillance.cumulative": _nodes(
        lambda a, w, nodes: surveillance.cumulative(actor=a, tree=w.tree, nodes=nodes, end=DAY)
    ),
    "surveillance.completeness": lambda a, w: surveillance.completeness(
        actor=a, tree=w.tree, node=w.node(), on=DAY
    ),
    "surveillance.alerts_for": lambda a, w: surveillance.alerts_for(actor=a, node=w.node(), on=DAY),
    "linelist.cases": lambda a, w: linelist.cases(actor=a, area_code=TARGET),
    "linelist.case_rows": lambda a, w: linelist.case_rows(actor=a, area_code=TARGET),
    "linelist.series_rows": lambda a, w: linelist.series_rows(actor=a, area_code=TARGET),
    "modelling.find_current": lambda a, w: modelling_selectors.find_current(
        actor=a, node=w.node(), kind=RunKind.RT, as_of=DAY, inputs_digest="x", known_at=None
    ),
    "modelling.latest_scenario": lambda a, w: modelling_selectors.latest_scenario(
        actor=a, node=w.node(), as_of=DAY, known_at=None
    ),
    "modelling.read_series": lambda a, w: read_series(
        actor=a, tree=w.tree, node=w.node(), as_of=DAY, p=params.parse(RunKind.RT, {})
    ),
    "modelling.build_setup": lambda a, w: build_setup(
        actor=a, tree=w.tree, node=w.node(), as_of=DAY, p=params.parse(RunKind.SCENARIO, {})
    ),
    "modelling.read_cases": lambda a, w: read_cases(
        actor=a, tree=w.tree, node=w.node(), as_of=DAY, p=params.parse(RunKind.NOWCAST, {})
    ),
    "reports.situation_report": lambda a, w: situation_report(actor=a, area_code=TARGET, as_of=DAY),
    "supply.stock_status": lambda a, w: supply_selectors.stock_status(actor=a, area=TARGET),
    "supply.get_site": lambda a, w: supply_selectors.get_site(actor=a, code="PH-B"),
    "supply.site_stock": lambda a, w: supply_selectors.site_stock(actor=a, site=w.net["PH-B"]),
    "supply.site_ledger": lambda a, w: supply_selectors.site_ledger(actor=a, site=w.net["PH-B"]),
}


@pytest.fixture
def world(country) -> World:
    return World(country)


@pytest.fixture
def outsider(country):
    return make_user("outsider", Role.AREA_OFFICER, country["XX-A"])


@pytest.fixture
def insider(country):
    return make_user("insider", Role.AREA_OFFICER, country[TARGET])


@pytest.mark.parametrize("name", READS)
def test_a_read_outside_the_actors_scope_raises_not_found(name, world, outsider, insider):
    read = READS[name]
    with pytest.raises(NotFound, match="in your scope"):
        read(outsider, world)
    try:  # the same read inside the scope is not refused as out of scope
        read(insider, world)
    except NotFound:
        pytest.fail(f"{name} refused an actor whose scope holds {TARGET}")
    except DomainError:
        pass  # no data to model here: a refusal of its own, not of scope


def test_the_ledger_check_reads_the_actors_scope_only(world, outsider, insider):
    stock(world.net["PH-B"], world.net["P-LATE"], 10)
    StockLevel.objects.filter(site=world.net["PH-B"]).update(on_hand=999)
    everything = supply_selectors.ledger_differences(actor=None)
    assert [d.site for d in everything if d.table == "stock level"] == ["PH-B"]
    assert supply_selectors.ledger_differences(actor=outsider) == []
    inside = supply_selectors.ledger_differences(actor=insider)
    assert [d.site for d in inside if d.table == "stock level"] == ["PH-B"]


def test_audit_events_about_an_area_are_read_within_the_readers_scope(country):
    for code in ("XX-A-1", "XX-B-1"):
        record_event(
            actor=None,
            action="test.touch",
            object_type="area",
            object_id=code,
            area_path=country[code].path,
        )
    record_event(actor=None, action="test.touch", object_type="user", object_id="someone")
    reader = make_user("reader", Role.HQ_COMMANDER, country["XX-A"])
    seen = audit_selectors.audit_events(actor=reader, action="test.touch")
    assert sorted(e.object_id for e in seen) == ["XX-A-1", "someone"]
    assert audit_selectors.audit_events(actor=None, action="test.touch").count() == 3
    assert AuditEvent.objects.filter(action="test.touch").count() == 3


def test_subtrees_take_one_range_per_outermost_path(country):
    a, a1, b1 = (country[c].path for c in ("XX-A", "XX-A-1", "XX-B-1"))
    assert scope.outermost([a1, b1, a, a]) == sorted([a, b1])
    found = Area.objects.filter(scope.subtrees([a1, a, b1]))
    assert sorted(found.values_list("code", flat=True)) == ["XX-A", "XX-A-1", "XX-A-2", "XX-B-1"]
    assert scope.subtrees([]) == Q(pk__in=[])


def test_stock_status_defaults_to_the_actors_own_top_area(world, insider):
    assert supply_selectors.stock_status(actor=insider).area_code == TARGET
    assert supply_selectors.stock_status(actor=None, as_of=today()).area_code == "XX"
