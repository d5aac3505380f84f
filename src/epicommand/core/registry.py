"""Every installed app's contract, read from ``INSTALLED_APPS`` in their order.

The edges call these functions instead of naming apps: ``api.py`` mounts ``api_mounts()``,
``urls.py`` includes ``url_mounts()``, the CLI adds ``cli_commands()``, the layout shows
``nav_for(user)``, ``accounts`` builds the role groups from ``roles()`` and
``role_permissions()``, the situation report runs ``sitrep_entries()``, the timeline merges
``timeline_providers()``, and ``epicommand demo`` runs ``demo_steps()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Protocol

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

from epicommand.core.contract import AppContract, DemoStep, NavEntry, RoleSpec, SitrepEntry


class HomeResolver(Protocol):
    """Given a logged-in user, the URL of their landing page, or None to let the next
    resolver (by ``AppContract.home_order``) answer."""

    def __call__(self, user: Any) -> str | None: ...


def contracts() -> Iterator[tuple[AppConfig, AppContract]]:
    """(app config, contract) of every installed app that declares one, in
    ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        contract = getattr(config, "contract", None)
        if isinstance(contract, AppContract):
            yield config, contract


def api_mounts() -> list[tuple[str, str]]:
    return [mount for _config, c in contracts() for mount in c.api]


def url_mounts() -> list[tuple[str, str]]:
    return [mount for _config, c in contracts() for mount in c.urls]


def nav_entries() -> list[NavEntry]:
    entries = [entry for _config, c in contracts() for entry in c.nav]
    return sorted(entries, key=lambda e: e.order)


def shows(entry: NavEntry, user: Any) -> bool:
    """Whether ``entry`` is in ``user``'s navigation (see ``NavEntry``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if entry.staff_only and not user.is_staff:
        return False
    if entry.perm and not user.has_perm(entry.perm):
        return False
    return not entry.roles or any(user.has_role(role) for role in entry.roles)


def nav_for(user: Any) -> list[NavEntry]:
    return [entry for entry in nav_entries() if shows(entry, user)]


def cli_commands() -> list[Any]:
    return [import_string(path) for _config, c in contracts() for path in c.cli]


def roles() -> list[RoleSpec]:
    """Every role of every app, by order (then by app order)."""
    found = [spec for _config, c in contracts() for spec in c.roles]
    return sorted(found, key=lambda spec: spec.order)


def role_permissions() -> dict[str, list[str]]:
    """Each role's permissions, merged from every app's table (``AppContract.permissions``);
    a grant to a role no app defines is an error, so a typo cannot pass silently."""
    merged: dict[str, list[str]] = {spec.code: [] for spec in roles()}
    for config, contract in contracts():
        if contract.permissions is None:
            continue
        for role, perms in import_string(contract.permissions).items():
            if role not in merged:
                raise LookupError(f"{config.name} grants permissions to an unknown role {role!r}")
            merged[role].extend(p for p in perms if p not in merged[role])
    return merged


def sitrep_entries() -> list[SitrepEntry]:
    entries = [entry for _config, c in contracts() for entry in c.sitrep_blocks]
    return sorted(entries, key=lambda e: e.order)


@cache
def load(path: str) -> Callable:
    """The object at a dotted path, imported once."""
    return import_string(path)


def timeline_providers() -> list[tuple[str, Callable]]:
    """(app label, provider) of every timeline provider."""
    return [(config.label, load(path)) for config, c in contracts() for path in c.timeline]


def home_resolvers() -> list[Callable]:
    ordered = sorted(contracts(), key=lambda pair: pair[1].home_order)
    return [load(path) for _config, c in ordered for path in c.home]


def home_url(user: Any) -> str | None:
    """The first landing page a resolver offers ``user``."""
    for resolver in home_resolvers():
        url = resolver(user)
        if url:
            return url
    return None


def demo_steps() -> list[DemoStep]:
    steps = [step for _config, c in contracts() for step in c.demo]
    return sorted(steps, key=lambda s: s.order)
