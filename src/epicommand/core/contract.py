"""What a domain app brings, declared in one place of its own.

Each app's ``AppConfig`` sets ``contract = AppContract(...)``; ``core.registry`` reads every
installed app's contract and the edges (``api.py``, ``urls.py``, ``cli.py``, the navigation,
the role groups, the situation report, the timeline, the demo) assemble from it. No central
list names the apps, so adding an app to ``INSTALLED_APPS`` is all the wiring it needs.

Dotted paths rather than objects keep an app's ``apps.py`` import-free: Django loads every
``AppConfig`` before any model exists, and the registry imports what a contract names only
when it is first used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation. It shows when the user has ``perm`` (if given), one
    of ``roles`` (if given), and is staff when ``staff_only``; entries sort by ``order``."""

    label: Any  # a lazy translation
    url_name: str
    perm: str | None = None
    roles: tuple[str, ...] = ()
    staff_only: bool = False
    order: int = 50


@dataclass(frozen=True)
class RoleSpec:
    """A role the app defines (a Django group of that name). Roles of the foundation live in
    ``accounts``; a domain app adds its own only for work no existing role does."""

    code: str
    label: Any
    order: int = 50


@dataclass(frozen=True)
class SitrepEntry:
    """One block of the situation report: ``provider`` is the dotted path of a
    ``core.blocks.BlockProvider``; ``name`` its stable key (in the JSON's ``blocks``);
    ``title`` what the report says when the block could not be computed."""

    name: str
    provider: str
    order: int
    title: Any = ""


@dataclass(frozen=True)
class DemoStep:
    """A step of ``epicommand demo``: ``build`` is the dotted path of a callable taking a
    ``DemoRun``; steps run by ``order`` after the demo's areas and users exist. A step is
    run again on every ``epicommand demo``: it finds its own earlier work and keeps it."""

    build: str
    order: int = 50


@dataclass
class DemoRun:
    """What a demo step is given: the Rich console to report on, the one password of every
    demo user, and the list of users for the closing table (a step that creates a user adds
    ``(user name, role, scope)`` to it)."""

    console: Any
    password: str
    users: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AppContract:
    """Everything an app contributes. Every field is optional.

    - ``api``: ``(mount, "dotted.path.router")`` pairs, mounted at ``/api/<mount>``.
    - ``urls``: ``(prefix, "dotted.urls.module")`` pairs, included at ``/<prefix>``; the
      module's ``app_name`` (if any) is its namespace.
    - ``nav``: navigation entries.
    - ``cli``: dotted paths of click commands or groups added to ``epicommand``.
    - ``roles``: roles the app defines; ``permissions``: dotted path of a mapping
      ``role code -> ["app_label.codename", ...]`` granted to the role groups.
    - ``sitrep_blocks``: blocks of the situation report.
    - ``timeline``: dotted paths of ``core.timeline.TimelineProvider`` functions.
    - ``home``: dotted paths of ``core.registry.HomeResolver`` functions: given a user,
      the URL of their landing page or None (the first answer by ``home_order`` wins).
    - ``demo``: steps of the demo build.
    """

    api: tuple[tuple[str, str], ...] = ()
    urls: tuple[tuple[str, str], ...] = ()
    nav: tuple[NavEntry, ...] = ()
    cli: tuple[str, ...] = ()
    roles: tuple[RoleSpec, ...] = ()
    permissions: str | None = None
    sitrep_blocks: tuple[SitrepEntry, ...] = ()
    timeline: tuple[str, ...] = ()
    home: tuple[str, ...] = ()
    home_order: int = 50
    demo: tuple[DemoStep, ...] = field(default_factory=tuple)
