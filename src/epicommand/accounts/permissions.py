"""Role checks for services. The system actor (``None``: the command line) may do anything."""

from __future__ import annotations

from epicommand.errors import PermissionDenied


def require_permission(actor, permission: str) -> None:
    if actor is None:
        return
    if not actor.has_perm(permission):
        raise PermissionDenied(f"your role does not allow this ({permission})")
