"""Roles are Django groups. The foundation's roles are the ``Role`` choices below; an app
may define more (``AppContract.roles``). What each role may do is stated per app, in a table
like ``ROLE_PERMISSIONS`` below that the app's contract names (``AppContract.permissions``);
``core.registry.role_permissions()`` merges them and ``sync_role_groups`` makes the groups.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import RoleSpec


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


#: The foundation's roles, declared in the accounts app's contract; apps may add more.
FOUNDATION_ROLES = tuple(
    RoleSpec(role.value, role.label, order=10 * (i + 1)) for i, role in enumerate(Role)
)


def role_codes() -> list[str]:
    """Every role any installed app defines, in their order."""
    from epicommand.core import registry

    return [spec.code for spec in registry.roles()]


def role_label(code: str) -> str:
    from epicommand.core import registry

    labels = {spec.code: spec.label for spec in registry.roles()}
    return str(labels.get(code, code))


def sync_role_groups(**kwargs) -> None:
    """Make one group per role carry exactly its permissions (runs after each app migrates;
    a permission of an app not yet migrated is added on that app's turn)."""
    from django.contrib.auth.models import Group, Permission

    from epicommand.core import registry

    for role, perms in registry.role_permissions().items():
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
