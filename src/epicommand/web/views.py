from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from epicommand.geo import selectors as geo_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Open the user's own area; a user with several scope areas picks one."""
    roots = geo_selectors.scope_roots(request.user)
    if len(roots) == 1:
        return redirect("area", code=roots[0].code)
    return render(request, "web/home.html", {"roots": roots})
