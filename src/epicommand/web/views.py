from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from epicommand.accounts import scope
from epicommand.geo import selectors as geo_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where the day starts: HQ (who sees the whole country) on the national dashboard,
    everyone else on their own area's situation report; several scope areas: pick one."""
    if scope.is_national(request.user):
        return redirect("dashboard")
    roots = geo_selectors.scope_roots(request.user)
    if len(roots) == 1:
        return redirect("sitrep", code=roots[0].code)
    return render(request, "web/home.html", {"roots": roots})


@login_required
def areas(request: HttpRequest) -> HttpResponse:
    """The area pages: the user's own area, or a list when they have several."""
    roots = geo_selectors.scope_roots(request.user)
    if len(roots) == 1:
        return redirect("area", code=roots[0].code)
    return render(request, "web/home.html", {"roots": roots})
