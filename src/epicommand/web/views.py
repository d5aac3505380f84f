"""The landing page after log-in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from epicommand.core import registry
from epicommand.geo import selectors as geo_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where the day starts: the first landing page an app offers the user (an operator of
    one site: the site; HQ: the national dashboard; an officer: their area's report), else
    the list of the user's areas."""
    url = registry.home_url(request.user)
    if url:
        return redirect(url)
    return render(
        request, "web/home.html", {"roots": geo_selectors.scope_roots(actor=request.user)}
    )
