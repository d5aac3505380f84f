"""Alert rules, evaluated for the touched areas and days whenever reports are saved.

An alert is kept per (rule, area, day). When a correction brings the figure back under the
rule, the alert is marked cleared rather than deleted, so what was seen stays on record.
"""

from __future__ import annotations

import datetime as dt

from epicommand.clock import now
from epicommand.surveillance.models import Alert, AlertRule, DailyTotal
from epicommand.surveillance.reporting import ReportingTree
from epicommand.surveillance.rules import DAY, rule_value


def evaluate(tree: ReportingTree, unit_paths: set[str], days: set[dt.date]) -> None:
    rules = list(AlertRule.objects.filter(is_active=True))
    if not rules or not days:
        return
    affected = {n.id: n for p in unit_paths for n in tree.ancestors_and_self(p)}
    rows = DailyTotal.objects.filter(
        area_id__in=affected, on__gte=min(days) - 13 * DAY, on__lte=max(days)
    ).values("area_id", "on", "new_fever", "new_deaths", "reports")
    totals = {(r["area_id"], r["on"]): r for r in rows}
    existing = {
        (a.rule_id, a.area_id, a.on): a
        for a in Alert.objects.filter(rule__in=rules, area_id__in=affected, on__in=days)
    }
    expected = tree.reporting_counts
    fresh: list[Alert] = []
    changed: list[Alert] = []
    at = now()
    for rule in rules:
        for node in (n for n in affected.values() if n.level == rule.level):
            for day in days:
                value, fires = rule_value(
                    rule, node, day, lambda a, d: totals.get((a, d)), expected[node.id]
                )
                alert = existing.get((rule.id, node.id, day))
                if fires and alert is None:
                    fresh.append(
                        Alert(rule=rule, area_id=node.id, on=day, value=value, raised_at=at)
                    )
                elif alert is not None:
                    alert.value = value if value is not None else alert.value
                    alert.cleared_at = None if fires else (alert.cleared_at or at)
                    changed.append(alert)
    Alert.objects.bulk_create(fresh, batch_size=1000)
    Alert.objects.bulk_update(changed, ["value", "cleared_at"], batch_size=1000)
