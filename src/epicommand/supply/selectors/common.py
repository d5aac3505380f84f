"""What every supply reader shares: the view permission.

The area filter is ``core.scope`` (``restrict``, ``subtree`` on the copied ``area_path``) and
an area comes from ``geo.selectors.get_area``, as in every app.
"""

from __future__ import annotations

from epicommand.core.permissions import require_permission


def require_view(actor) -> None:
    require_permission(actor, "supply.view_stock")
