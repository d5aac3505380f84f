"""The demo users: one per role, plus an officer for each province and each capital county.

Their names are fixed (the README lists them); they share one password, taken from
``EPICOMMAND_DEMO_PASSWORD`` or generated once and kept in ``var/demo-password.txt``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from epicommand.accounts.models import User
from epicommand.accounts.roles import Role
from epicommand.accounts.services import create_user, generate_password, set_password
from epicommand.geo.models import SITE_LEVEL, Area

COUNTRY = "KP"
CAPITAL = "KP-01"
SITE_OPERATOR_AREA = "KP-01-001"

NATIONAL_USERS = [
    ("hq", Role.HQ_COMMANDER),
    ("analyst", Role.ANALYST),
    ("logistics", Role.LOGISTICS_OFFICER),
    ("inspector", Role.INSPECTOR),
    ("observer", Role.OBSERVER),
    ("admin", Role.ADMIN),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    scope: str


def officer_name(code: str) -> str:
    return "officer-" + code.lower()


def demo_users() -> list[DemoUser]:
    users = [DemoUser(name, role, COUNTRY) for name, role in NATIONAL_USERS]
    users.append(DemoUser("operator", Role.SITE_OPERATOR, SITE_OPERATOR_AREA))
    country = Area.objects.get(code=COUNTRY)
    capital = Area.objects.get(code=CAPITAL)
    for area in [
        *Area.objects.get_children(country).exclude(level=SITE_LEVEL).order_by("code"),
        *Area.objects.get_children(capital).exclude(level=SITE_LEVEL).order_by("code"),
    ]:
        users.append(DemoUser(officer_name(area.code), Role.AREA_OFFICER, area.code))
    return users


def demo_password(var_dir: Path) -> str:
    """The shared password: the environment's, else the one kept from the first run."""
    given = os.environ.get("EPICOMMAND_DEMO_PASSWORD")
    if given:
        return given
    kept = var_dir / "demo-password.txt"
    if kept.exists():
        return kept.read_text(encoding="utf-8").strip()
    password = generate_password()
    var_dir.mkdir(parents=True, exist_ok=True)
    kept.write_text(password + "\n", encoding="utf-8")
    kept.chmod(0o600)
    return password


def ensure_demo_users(password: str) -> tuple[list[DemoUser], int]:
    """Create missing demo users; reset an existing one's password if it changed."""
    created = 0
    users = demo_users()
    existing = {
        u.username: u for u in User.objects.filter(username__in=[d.username for d in users])
    }
    for demo_user in users:
        user = existing.get(demo_user.username)
        if user is None:
            create_user(
                actor=None,
                username=demo_user.username,
                role=demo_user.role,
                scope_codes=[demo_user.scope],
                password=password,
            )
            created += 1
        elif not user.check_password(password):
            set_password(actor=None, username=user.username, password=password)
    return users, created
