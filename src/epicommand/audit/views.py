"""The audit trail as a page for HQ and admins (the admin site is for staff only)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from epicommand.audit import selectors

PAGE_SIZE = 50


def _date(value: str | None) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The trail, filtered; a role that may not read it gets our 403 page (the selector
    refuses, ``web.middleware`` answers)."""
    filters = {k: request.GET.get(k, "").strip() for k in ("action", "object_type", "actor")}
    until = _date(request.GET.get("until"))
    events = selectors.audit_events(
        actor=request.user,
        action=filters["action"] or None,
        object_type=filters["object_type"] or None,
        username=filters["actor"] or None,
        since=_date(request.GET.get("since")),
        until=until + dt.timedelta(days=1) if until else None,
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), "get": request.GET}
    return render(request, "audit/event_list.html", context)
