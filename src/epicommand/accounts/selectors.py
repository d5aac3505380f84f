"""Reads about users that the services and the admin share."""

from __future__ import annotations

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from epicommand.accounts.models import User


def has_history(user: User) -> bool:
    """Whether the records point at ``user``: any reference that protects a user from
    deletion (audit events they caused, reports they filed, alerts they acknowledged, runs,
    stock movements, shipments). Asked of Django's deletion collector, so a new app's
    reference counts without this function naming it; nothing is deleted."""
    collector = Collector(using=router.db_for_write(User))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False
