"""The demo users: one per role, plus an officer for each province and each capital county.

Their names are fixed (the README lists them); they share one password, taken from
``EPICOMMAND_DEMO_PASSWORD`` or generated once and kept in ``var/demo-password.txt``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password

from epicommand.accounts.models import User
from epicommand.accounts.roles import Role
from epicommand.accounts.services import (
    check_password_strength,
    create_user,
    generate_password,
    set_password,
)
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
    """Create missing demo users; reset the passwords if the demo password changed.

    The password is hashed once for all of them: a deliberately slow hash 40 times over
    would take most of the demo's set-up time."""
    check_password_strength(password)
    users = demo_users()
    names = [d.username for d in users]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    sample = User.objects.filter(username__in=existing).first()
    encoded = make_password(password)
    if sample is not None and not sample.check_password(password):
        for username in sorted(existing):
            set_password(actor=None, username=username, password_hash=encoded)
    missing = [d for d in users if d.username not in existing]
    for demo_user in missing:
        create_user(
            actor=None,
            username=demo_user.username,
            role=demo_user.role,
            scope_codes=[demo_user.scope],
            password_hash=encoded,
        )
    return users, len(missing)
