"""The care events of the timeline (``core.timeline``): deployments ordered and arrived,
capacity alerts raised, and staff infections summed per day and area."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from epicommand.care.enums import DeploymentState
from epicommand.care.models import CapacityAlert, DeploymentEvent, Infection
from epicommand.core import scope
from epicommand.core.permissions import has_permission
from epicommand.core.timeline import TimelineEvent, TimelineQuery

ORDERED = "care.deployment_ordered"
ARRIVED = "care.deployment_arrived"
CAPACITY = "care.capacity_alert"
INFECTIONS = "care.staff_infections"


def deployment_events(query: TimelineQuery) -> Iterator[TimelineEvent]:
    """One event per deployment ordered or arrived whose receiving site lies in the area."""
    kinds = {DeploymentState.ORDERED: ORDERED, DeploymentState.ARRIVED: ARRIVED}
    wanted = [s for s, kind in kinds.items() if query.wants(kind)]
    if not wanted or not has_permission(query.actor, "care.view_care"):
        return
    found = DeploymentEvent.objects.filter(
        scope.area_filter(query.actor, path_field="deployment__to_path"),
        scope.subtree(query.area.path, "deployment__to_path"),
        state__in=wanted,
        at__gte=query.start,
        at__lt=query.end,
    ).select_related("deployment__from_site__area", "deployment__to_site__area")
    for event in found.order_by("at", "pk"):
        d = event.deployment
        values = {"to": d.to_site.area.name, "source": d.from_site.area.name}
        title = (
            _("Staff deployment ordered to %(to)s from %(source)s")
            if event.state == DeploymentState.ORDERED
            else _("Deployed staff arrived at %(to)s from %(source)s")
        )
        yield TimelineEvent(
            at=event.at,
            kind=kinds[event.state],
            title=title % values,
            area=d.to_site.area.code,
            ref=f"/api/care/deployments/{d.pk}",
            detail=d.reason,
        )


def capacity_events(query: TimelineQuery) -> Iterator[TimelineEvent]:
    if not query.wants(CAPACITY) or not has_permission(query.actor, "care.view_care"):
        return
    found = CapacityAlert.objects.filter(
        scope.area_filter(query.actor, path_field="area_path"),
        scope.subtree(query.area.path, "area_path"),
        raised_at__gte=query.start,
        raised_at__lt=query.end,
    ).select_related("centre__site__area")
    for alert in found.order_by("raised_at", "pk"):
        yield TimelineEvent(
            at=alert.raised_at,
            kind=CAPACITY,
            title=_("Capacity alert (%(severity)s): %(centre)s at %(share)s of its beds")
            % {
                "severity": alert.get_severity_display(),
                "centre": alert.centre.name,
                "share": f"{alert.occupancy * 100:.0f} %",
            },
            area=alert.centre.code,
            ref=f"/api/care/centres/{alert.centre.code}",
            detail=_("census of %(day)s") % {"day": alert.on.isoformat()},
        )


def infection_events(query: TimelineQuery) -> Iterator[TimelineEvent]:
    """Staff infections detected in the area, one event per day (a count: no names)."""
    if not query.wants(INFECTIONS) or not has_permission(query.actor, "care.view_care"):
        return
    zone = ZoneInfo(settings.TIME_ZONE)
    start = query.start.astimezone(zone).date()
    end = query.end.astimezone(zone).date()
    found = Infection.objects.filter(
        scope.area_filter(query.actor, path_field="area_path"),
        scope.subtree(query.area.path, "area_path"),
        detected_on__gte=start,
        detected_on__lte=end,
    ).values_list("detected_on", "status")
    per_day: Counter = Counter()
    confirmed: Counter = Counter()
    for day, status in found:
        per_day[day] += 1
        confirmed[day] += status == "confirmed"
    for day in sorted(per_day):
        at = dt.datetime.combine(day, dt.time(23, 59), tzinfo=zone).astimezone(dt.UTC)
        yield TimelineEvent(
            at=at,
            kind=INFECTIONS,
            title=_("%(n)s medical workers infected in %(area)s")
            % {"n": per_day[day], "area": query.area.name},
            area=query.area.code,
            ref=f"/api/care/staffing?area={query.area.code}&date={day.isoformat()}",
            detail=_("%(c)s confirmed, detected on %(day)s")
            % {"c": confirmed[day], "day": day.isoformat()},
        )
