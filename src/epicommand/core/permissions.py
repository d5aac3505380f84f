"""Role checks for services. The system actor (``None``: the command line) may do anything."""

from __future__ import annotations

from typing import Any

from epicommand.errors import PermissionDenied


def require_permission(actor: Any, permission: str) -> None:
    if actor is None:
        return
    if not actor.has_perm(permission):
        raise PermissionDenied(f"your role does not allow this ({permission})")


def has_permission(actor: Any, permission: str) -> bool:
    return actor is None or actor.has_perm(permission)
