"""The care blocks of the situation report: beds and occupancy; medical staff on duty,
deployed and infected."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from django.utils.translation import gettext as _

from epicommand.care.selectors import Occupancy, Staffing, occupancy, staffing
from epicommand.core.blocks import BlockContext
from epicommand.web.formatting import number, percent

ALERTS_SHOWN = 10


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@dataclasses.dataclass
class BedsBlock:
    """Renders through ``care/sitrep_beds.html``."""

    occupancy: Occupancy
    known_at: object = None
    template: ClassVar[str] = "care/sitrep_beds.html"

    def as_json(self) -> dict:
        data = self.occupancy.as_json()
        data["alerts"] = data["alerts"][:50]
        return data

    def markdown(self) -> list[str]:
        o, a = self.occupancy, self.occupancy.area
        lines = [
            "",
            f"## {_('Beds and occupancy')}",
            "",
            f"- {_('Treatment centres')}: {a.centres:,} "
            f"({_('%(n)s filed the census of the day') % {'n': f'{a.reporting:,}'}})",
            f"- {_('Beds')}: {a.beds:,}; {_('occupied')}: {a.occupied:,} "
            f"({percent(a.occupancy)}); {_('patients')}: {a.patients:,}",
            f"- {_('Days until full at the trend of the last 7 days')}: {_days(a.days_until_full)}",
            f"- {_('Centres above %(w)s %%') % {'w': f'{o.warning_percent:g}'}}: "
            f"{a.warnings + a.critical:,}; "
            f"{_('above %(c)s %%') % {'c': f'{o.critical_percent:g}'}}: {a.critical:,}",
        ]
        for item in o.alerts[:ALERTS_SHOWN]:
            lines.append(f"  - {item.centre.name}: {percent(item.occupancy)}")
        return lines


def beds_block(ctx: BlockContext) -> BedsBlock | None:
    """None for an area without treatment centres (or a role that does not see them)."""
    found = occupancy(
        ctx.actor, area=ctx.area.code, day=ctx.as_of, known_at=ctx.known_at, tree=ctx.tree
    )
    return BedsBlock(found, ctx.known_at) if found.area.centres else None


@dataclasses.dataclass
class StaffBlock:
    """Renders through ``care/sitrep_staff.html``."""

    staffing: Staffing
    template: ClassVar[str] = "care/sitrep_staff.html"

    def as_json(self) -> dict:
        data = self.staffing.as_json()
        data.pop("centres")
        return data

    def markdown(self) -> list[str]:
        s = self.staffing.area
        return [
            "",
            f"## {_('Medical staff')}",
            "",
            f"- {_('Staff')}: {s.staff:,}; {_('on duty')}: {s.by_status['on_duty']:,}; "
            f"{_('deployed elsewhere')}: {s.by_status['deployed']:,}; "
            f"{_('deployed in from elsewhere')}: {s.deployed_in:,}",
            f"- {_('Sick')}: {s.by_status['sick']:,}; {_('in quarantine')}: "
            f"{s.by_status['quarantine']:,}; {_('deceased')}: {s.by_status['deceased']:,}",
            f"- {_('Infections in the last 28 days')}: {s.infections:,} "
            f"({number(round(s.infected_per_1000, 1)) if s.infected_per_1000 is not None else '–'} "
            f"{_('per 1,000 staff')}); {_('staff-days lost')}: {s.days_lost:,}",
            f"- {_('Centres below their minimum staffing because of sickness')}: "
            f"{len(self.staffing.alerts):,}",
        ]


def staff_block(ctx: BlockContext) -> StaffBlock | None:
    found = staffing(ctx.actor, area=ctx.area, tree=ctx.tree, day=ctx.as_of)
    if not found.area.staff and not found.area.deployed_in:
        return None
    return StaffBlock(found)
