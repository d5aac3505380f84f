import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from epicommand.audit import selectors

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before: Any = None
    after: Any = None

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label


class AuditFilter(Schema):
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    actor: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@router.get("/events", response=list[AuditEventOut])
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest, filters: Query[AuditFilter]):
    """Audit events, newest first (admins and HQ only)."""
    values = filters.dict()
    values["username"] = values.pop("actor")
    return selectors.audit_events(actor=request.user, **values)
