"""Reporting completeness and the active alerts of the report's area on its as-of day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import gettext as _

from epicommand.core.blocks import BlockContext
from epicommand.surveillance.blocks.figures import report_figures
from epicommand.surveillance.selectors import alerts_for, completeness
from epicommand.surveillance.situation import AlertView, Completeness
from epicommand.web.formatting import percent


@dataclass(frozen=True)
class CompletenessBlock:
    completeness: Completeness

    template: ClassVar[str] = "surveillance/blocks/completeness.html"
    top_level: ClassVar[bool] = True

    @property
    def rate_text(self) -> str:
        return percent(self.completeness.rate)

    def as_json(self) -> dict:
        c = self.completeness
        return {
            "completeness": {
                "on": c.on.isoformat(),
                "expected": c.expected,
                "on_time": c.on_time,
                "late": c.late,
                "missing": c.missing,
                "received": c.received,
                "rate": c.rate,
                "silent": [
                    {
                        "code": s.code,
                        "name": s.name,
                        "name_local": s.name_local,
                        "last_report_on": s.last_report_on.isoformat()
                        if s.last_report_on
                        else None,
                    }
                    for s in c.silent
                ],
            }
        }

    def markdown(self) -> list[str]:
        c = self.completeness
        line = _(
            "%(received)s of %(expected)s reports received (%(rate)s): %(on_time)s on time, "
            "%(late)s late, %(missing)s missing."
        ) % {
            "received": c.received,
            "expected": c.expected,
            "rate": self.rate_text,
            "on_time": c.on_time,
            "late": c.late,
            "missing": c.missing,
        }
        lines = ["## " + _("Reporting completeness"), "", line, ""]
        for s in c.silent:
            last = s.last_report_on.isoformat() if s.last_report_on else _("no report yet")
            lines.append(f"- {s.name} {s.name_local} ({s.code}): {last}".replace("  ", " "))
        return [*lines, ""] if c.silent else lines


@dataclass(frozen=True)
class AlertsBlock:
    alerts: list[AlertView]

    template: ClassVar[str] = "surveillance/blocks/alerts.html"
    top_level: ClassVar[bool] = True

    def as_json(self) -> dict:
        return {
            "alerts": [
                {
                    "id": a.id,
                    "rule": a.rule,
                    "area_code": a.area_code,
                    "area_name": a.area_name,
                    "on": a.on.isoformat(),
                    "message": a.message,
                    "severity": a.severity,
                    "acknowledged": a.acknowledged,
                }
                for a in self.alerts
            ]
        }

    def markdown(self) -> list[str]:
        lines = ["## " + _("Alerts"), ""]
        for a in self.alerts:
            state = f" ({_('acknowledged')})" if a.acknowledged else ""
            lines.append(
                f"- **{a.area_name}** ({a.area_code}, {a.on.isoformat()}): {a.message}{state}"
            )
        if not self.alerts:
            lines.append(_("No active alerts."))
        return lines


def completeness_block(ctx: BlockContext) -> CompletenessBlock:
    """The block provider: which reporting areas sent the as-of day's report, and when."""
    figures = report_figures(ctx)
    found = completeness(
        actor=ctx.actor, tree=figures.tree, node=figures.node, on=ctx.as_of, known_at=ctx.known_at
    )
    return CompletenessBlock(found)


def alerts_block(ctx: BlockContext) -> AlertsBlock:
    """The block provider: alerts raised for the area's subtree on the as-of day."""
    alerts = [
        AlertView(
            id=a.pk,
            rule=a.rule.get_kind_display(),
            area_code=a.area.code,
            area_name=a.area.name,
            on=a.on,
            message=f"{a.rule} = {a.value:,.1f}",
            severity="high" if a.rule.kind in ("deaths", "incidence") else "medium",
            acknowledged=a.acknowledged_at is not None,
        )
        for a in alerts_for(actor=ctx.actor, node=ctx.area, on=ctx.as_of)
    ]
    return AlertsBlock(alerts)
