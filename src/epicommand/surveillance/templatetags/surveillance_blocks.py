"""``{% load surveillance_blocks %}``: the areas table of the situation report, with sort
links on the page (the request's query string kept) and none in the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from epicommand.surveillance.blocks.areas import parse_sort, sort_children
from epicommand.surveillance.situation import ChildRow
from epicommand.web.formatting import number

register = template.Library()


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool
    sort: str | None = None
    url: str | None = None
    sorted: bool = False
    arrow: str = ""
    aria_sort: str = ""


def _query(request, **changes: str) -> str:
    """The current query string with ``changes`` applied (keeps as_of and known_at)."""
    params = request.GET.copy() if request is not None else {}
    for key, value in changes.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()))


def _columns(request, sort: str, direction: str) -> list[Column]:
    """Table headers; the sortable ones link to the same page sorted by them (descending
    first, A to Z for names; clicking the sorted column again flips it)."""
    spec = [
        (_("Area"), False, "name"),
        (_("per 100,000 (7 days)"), True, "incidence"),
        (_("New fever cases"), True, "cases"),
        (_("Fever cases, 7 days"), True, None),
        (_("New deaths"), True, None),
        (_("Under treatment"), True, None),
        (_("Population"), True, "population"),
        (_("Reports received"), True, None),
    ]
    columns = []
    for label, numeric, key in spec:
        is_sorted = key == sort
        url = None
        if request is not None and key is not None:
            first = "asc" if key == "name" else "desc"
            flip = {"asc": "desc", "desc": "asc"}[direction] if is_sorted else first
            url = request.path + _query(request, sort=key, dir=flip)
        arrow = ("▲" if direction == "asc" else "▼") if is_sorted else ""
        aria = ("ascending" if direction == "asc" else "descending") if is_sorted else ""
        columns.append(Column(str(label), numeric, key, url, is_sorted, arrow, aria))
    return columns


def _row(child: ChildRow, dates: str | None) -> dict:
    url = None if dates is None else reverse("sitrep", args=[child.code]) + dates
    return {
        "code": child.code,
        "url": url,
        "name": child.name,
        "name_local": child.name_local,
        "incidence": number(child.incidence_per_100k),
        "new_fever": number(child.new_fever),
        "week_fever": number(child.week_fever),
        "new_deaths": number(child.new_deaths),
        "under_treatment": number(child.under_treatment),
        "population": number(child.population),
        "reporting": f"{child.reporting_received:,} / {child.reporting_expected:,}",
    }


def _dates(report) -> str:
    dates = {"as_of": report.as_of.isoformat()}
    if report.known_at is not None:
        dates["known_at"] = report.known_at.isoformat()
    return "?" + urlencode(dates)


@register.simple_tag(takes_context=True)
def area_table(context, block) -> dict:
    """``{"columns", "rows"}`` of the table; links only when rendered for a request."""
    request = context.get("request")
    get = request.GET if request is not None else {}
    sort, direction = parse_sort(get.get("sort"), get.get("dir"))
    dates = _dates(context["report"]) if request is not None else None
    children = sort_children(block.children, sort, direction)
    return {
        "columns": _columns(request, sort, direction),
        "rows": [_row(c, dates) for c in children],
    }
