"""The alerts a stock status raises: stock-outs, low days of stock, expiring lots."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from epicommand.supply import rules

SEVERITY_ORDER = {"high": 0, "medium": 1}


@dataclass(frozen=True)
class Alert:
    kind: str  # "stock_out", "low_stock", "near_expiry", "expired"
    severity: str  # "high" or "medium"
    item_code: str
    message: str


def _stock_alerts(status) -> list[Alert]:
    alerts = []
    if status.stock_outs:
        alerts.append(
            Alert(
                "stock_out",
                "high",
                status.code,
                ngettext(
                    "%(item)s: out of stock at %(count)d site",
                    "%(item)s: out of stock at %(count)d sites",
                    status.stock_outs,
                )
                % {"item": status.name, "count": status.stock_outs},
            )
        )
    days = status.days_of_stock
    if days is not None and days < rules.LOW_STOCK_DAYS:
        alerts.append(
            Alert(
                "low_stock",
                "high" if days < rules.LOW_STOCK_DAYS / 2 else "medium",
                status.code,
                _("%(item)s: %(days).1f days of stock at the current consumption")
                % {"item": status.name, "days": days},
            )
        )
    return alerts


def _expiry_alert(lot) -> Alert:
    values = {
        "item": lot.item_name,
        "lot": lot.batch_number,
        "quantity": lot.quantity,
        "date": lot.expires_on.isoformat(),
    }
    if lot.expired:
        message = _("%(item)s lot %(lot)s: %(quantity)d expired on %(date)s, to write off")
        return Alert("expired", "high", lot.item_code, message % values)
    message = _("%(item)s lot %(lot)s: %(quantity)d expire on %(date)s")
    return Alert("near_expiry", "medium", lot.item_code, message % values)


def alerts_for(statuses, near_expiry) -> list[Alert]:
    """High before medium; within a severity stock-outs, then low stock, then expiry."""
    alerts = [a for s in statuses for a in _stock_alerts(s)]
    alerts += [_expiry_alert(lot) for lot in near_expiry]
    kinds = ["stock_out", "low_stock", "expired", "near_expiry"]
    return sorted(alerts, key=lambda a: (SEVERITY_ORDER[a.severity], kinds.index(a.kind)))
