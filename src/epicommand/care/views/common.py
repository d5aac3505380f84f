"""What the care pages share: the day and area of a request, paging numbers."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from epicommand.care import selectors
from epicommand.care.selectors.centres import default_area
from epicommand.geo.tree import AreaNode, AreaTree, get_node
from epicommand.web.params import parse_day


def day_of(request: HttpRequest, name: str = "date") -> dt.date:
    return parse_day(request.GET.get(name), name) or selectors.default_day()


def area_of(request: HttpRequest, tree: AreaTree) -> AreaNode:
    code = request.GET.get("area")
    if code:
        return get_node(actor=request.user, code=code, tree=tree)
    return default_area(request.user, tree)


def number(value: str | None, default: int, low: int = 1, high: int = 10_000) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default
