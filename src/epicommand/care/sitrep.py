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
        values = {
            "centres": f"{a.centres:,}",
            "reporting": f"{a.reporting:,}",
            "beds": f"{a.beds:,}",
            "occupied": f"{a.occupied:,}",
            "share": percent(a.occupancy),
            "patients": f"{a.patients:,}",
            "days": _days(a.days_until_full),
            "w": f"{o.warning_percent:g}",
            "c": f"{o.critical_percent:g}",
            "above_w": f"{a.warnings + a.critical:,}",
            "above_c": f"{a.critical:,}",
        }
        title = _("Beds and occupancy")
        lines = [
            "",
            f"## {title}",
            "",
            "- "
            + _("Treatment centres: %(centres)s (%(reporting)s filed the census of the day)")
            % values,
            "- "
            + _("Beds: %(beds)s; occupied: %(occupied)s (%(share)s); patients: %(patients)s")
            % values,
            "- " + _("Days until full at the trend of the last 7 days: %(days)s") % values,
            "- " + _("Centres above %(w)s %%: %(above_w)s; above %(c)s %%: %(above_c)s") % values,
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
        per_1000 = s.infected_per_1000
        values = {
            "staff": f"{s.staff:,}",
            "on_duty": f"{s.by_status['on_duty']:,}",
            "out": f"{s.by_status['deployed']:,}",
            "in": f"{s.deployed_in:,}",
            "sick": f"{s.by_status['sick']:,}",
            "quarantine": f"{s.by_status['quarantine']:,}",
            "deceased": f"{s.by_status['deceased']:,}",
            "infections": f"{s.infections:,}",
            "rate": "–" if per_1000 is None else number(round(per_1000, 1)),
            "lost": f"{s.days_lost:,}",
            "alerts": f"{len(self.staffing.alerts):,}",
        }
        title = _("Medical staff")
        return [
            "",
            f"## {title}",
            "",
            "- " + _("Staff: %(staff)s; on duty: %(on_duty)s; deployed elsewhere: %(out)s; "
                     "deployed in from elsewhere: %(in)s") % values,
            "- " + _("Sick: %(sick)s; in quarantine: %(quarantine)s; deceased: %(deceased)s")
            % values,
            "- " + _("Infections in the last 28 days: %(infections)s (%(rate)s per 1,000 staff); "
                     "staff-days lost: %(lost)s") % values,
            "- " + _("Centres below their minimum staffing because of sickness: %(alerts)s")
            % values,
        ]  # fmt: skip


def staff_block(ctx: BlockContext) -> StaffBlock | None:
    found = staffing(ctx.actor, area=ctx.area, tree=ctx.tree, day=ctx.as_of)
    if not found.area.staff and not found.area.deployed_in:
        return None
    return StaffBlock(found)
