from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from epicommand.geo import selectors


@login_required
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One area, the way down to its children, and the way back up within the user's scope."""
    area = selectors.get_area(actor=request.user, code=code)
    children = list(selectors.child_areas(actor=request.user, area=area))
    context = {
        "area": area,
        "children": children,
        "children_population": sum(c.population for c in children),
        "breadcrumbs": selectors.breadcrumbs(actor=request.user, area=area),
    }
    return render(request, "geo/area_detail.html", context)


def home_url(user) -> str:
    """The last landing page (``AppContract.home``, asked after every app's own): the user's
    areas, for someone no app offers a page of its own (several areas, or none yet)."""
    return reverse("areas")


@login_required
def areas(request: HttpRequest) -> HttpResponse:
    """The area pages: the user's own area, or a list when they have several."""
    roots = selectors.scope_roots(actor=request.user)
    if len(roots) == 1:
        return redirect("area", code=roots[0].code)
    return render(request, "web/home.html", {"roots": roots})
