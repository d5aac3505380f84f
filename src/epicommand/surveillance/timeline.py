"""The surveillance events of the timeline: alerts raised (``core.timeline``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from epicommand.core import scope
from epicommand.core.timeline import TimelineEvent, TimelineQuery
from epicommand.surveillance.models import Alert

RAISED = "surveillance.alert_raised"


def alert_events(query: TimelineQuery) -> Iterator[TimelineEvent]:
    """One event per alert raised in the area's subtree during the period."""
    if not query.wants(RAISED):
        return
    found = scope.restrict(Alert.objects.select_related("rule", "area"), query.actor).filter(
        scope.subtree(query.area.path, "area__path"),
        raised_at__gte=query.start,
        raised_at__lt=query.end,
    )
    for alert in found.order_by("raised_at", "pk"):
        yield TimelineEvent(
            at=alert.raised_at,
            kind=RAISED,
            title=_("Alert: %(rule)s in %(area)s") % {"rule": alert.rule, "area": alert.area.name},
            area=alert.area.code,
            ref=f"/api/surveillance/alerts/{alert.pk}",
            detail=_("value %(value)s on %(day)s")
            % {"value": f"{alert.value:,.1f}", "day": alert.on.isoformat()},
        )
