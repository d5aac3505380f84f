"""The timeline's extension point: what happened in an area, from every app.

A provider is a function of a ``TimelineQuery`` returning ``TimelineEvent`` objects of its
app (level switches, measures, alerts, deployments, meetings, ...) inside the query's period
and area subtree, already restricted to the actor's scope. ``timeline`` merges every
installed app's providers (``AppContract.timeline``) in time order; a provider that raises
is logged and named in ``failures`` while the others' events are still shown.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from epicommand.core import registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimelineEvent:
    """``at``: aware UTC; ``kind``: ``app.what`` (``response.level_switched``); ``title``: one
    line in the active language; ``area``: the area's code; ``ref``: the API path of the
    object the event is about; ``detail``: optional second line."""

    at: dt.datetime
    kind: str
    title: str
    area: str
    ref: str
    detail: str = ""

    def as_json(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "area": self.area,
            "ref": self.ref,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class TimelineQuery:
    """Events of ``area``'s subtree (``area``: a node with ``path`` and ``code`` that the
    scoped getter handed out) with ``start <= at < end``; ``kinds`` None means all."""

    actor: Any
    area: Any
    start: dt.datetime
    end: dt.datetime
    kinds: frozenset[str] | None = None

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


class TimelineProvider(Protocol):
    def __call__(self, query: TimelineQuery) -> Iterable[TimelineEvent]: ...


@dataclass
class Timeline:
    events: list[TimelineEvent]
    failures: list[str] = field(default_factory=list)  # "app: reason" per failed provider


def timeline(query: TimelineQuery) -> Timeline:
    """Every provider's events for ``query``, oldest first (ties by kind, then title)."""
    events: list[TimelineEvent] = []
    failures: list[str] = []
    for app_label, provider in registry.timeline_providers():
        try:
            found = [e for e in provider(query) if query.wants(e.kind)]
        except Exception as exc:  # noqa: BLE001 - one app must not blank the timeline
            logger.exception("timeline provider of %s failed", app_label)
            failures.append(f"{app_label}: {type(exc).__name__}: {exc}")
            continue
        events.extend(e for e in found if query.start <= e.at < query.end)
    events.sort(key=lambda e: (e.at, e.kind, e.title))
    return Timeline(events, failures)
