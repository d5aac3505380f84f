"""Reads of the audit trail, for admins and HQ only (``audit.view_auditevent``).

An event about an area (``area_path`` set) is shown within the reader's scope, as every
area-scoped read is (``core.scope``); an event about no area (users, tokens, a file of
many areas) is shown to every holder of the permission.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from epicommand.audit.models import AuditEvent
from epicommand.core import scope
from epicommand.core.permissions import require_permission


def audit_events(
    *,
    actor,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    username: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditEvent]:
    require_permission(actor, "audit.view_auditevent")
    events = AuditEvent.objects.all()
    paths = scope.scope_paths(actor)
    if paths is not scope.ALL:
        events = events.filter(Q(area_path="") | scope.subtrees(paths, "area_path"))
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if username:
        events = events.filter(actor_label=username)
    if since:
        events = events.filter(at__gte=since)
    if until:
        events = events.filter(at__lt=until)
    return events
