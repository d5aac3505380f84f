"""What the layout shows on every page: the navigation of the user's roles."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from epicommand.core import registry


def navigation(request: HttpRequest) -> dict:
    """``nav``: ``[{"label", "url", "current"}]`` of the entries the user may see (every
    app's ``AppContract.nav``), the one whose page is open marked current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    entries = []
    for entry in registry.nav_for(user):
        url = reverse(entry.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append({"label": entry.label, "url": url, "current": current})
    return {"nav": entries}
