"""Roles are Django groups. What each role may do is stated per app: every app of the
project may have a ``roles.py`` with a ``ROLE_PERMISSIONS`` table like the one below, and
``role_permissions()`` merges them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HQ_COMMANDER = "hq_commander", _("HQ commander")
    ANALYST = "analyst", _("Analyst")
    AREA_OFFICER = "area_officer", _("Area officer")
    SITE_OPERATOR = "site_operator", _("Site operator")
    LOGISTICS_OFFICER = "logistics_officer", _("Logistics officer")
    INSPECTOR = "inspector", _("Inspector")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Administrator")


_VIEW = ["geo.view_area"]
_AUDIT = ["audit.view_auditevent"]
_MANAGE = [
    "geo.add_area",
    "geo.change_area",
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_apitoken",
    "accounts.add_apitoken",
    "accounts.change_apitoken",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.HQ_COMMANDER: _VIEW + _AUDIT,
    Role.ANALYST: _VIEW,
    Role.AREA_OFFICER: _VIEW,
    Role.SITE_OPERATOR: _VIEW,
    Role.LOGISTICS_OFFICER: _VIEW,
    Role.INSPECTOR: _VIEW,
    Role.OBSERVER: _VIEW,
    Role.ADMIN: _VIEW + _AUDIT + _MANAGE,
}


def role_permissions() -> dict[str, list[str]]:
    """Every app's ``roles.ROLE_PERMISSIONS`` merged: role -> ["app_label.codename", ...]."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    merged: dict[str, list[str]] = {role: [] for role in Role.values}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.roles"
        if not config.name.startswith("epicommand.") or find_spec(module_name) is None:
            continue
        for role, perms in import_module(module_name).ROLE_PERMISSIONS.items():
            merged[role].extend(p for p in perms if p not in merged[role])
    return merged


def sync_role_groups(**kwargs) -> None:
    """Make one group per role carry exactly its permissions (runs after each app migrates;
    a permission of an app not yet migrated is added on that app's turn)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
