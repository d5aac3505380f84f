"""The one function every service calls to leave its audit event."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from epicommand.audit.models import AuditEvent
from epicommand.clock import now


def _jsonable(value: Any) -> Any:
    """Dates, decimals and UUIDs become strings so the event stores what JSON can hold."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    return actor.get_username()


def record_event(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    area_path: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Write one audit event. Must run inside the service's transaction so both land or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the service's transaction")
    return AuditEvent.objects.create(
        at=now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        area_path=area_path,
        before=_jsonable(before),
        after=_jsonable(after),
    )
