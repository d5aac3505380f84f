"""A snapshot of the administrative area tree, loaded in one query, and the scoped getter
that hands out its nodes.

Roll-ups, the situation report and the models walk the tree many times per request; one
query and in-memory lookups by path, id and code beat one query per step. Supply sites (the
tree's leaves) are left out. ``get_node`` is the only way to obtain a node for an actor: a
node handed out is in the actor's scope, and so is every node below it. A selector handed
nodes still checks each one in memory (``core.scope.require_area``, no query), so a caller
cannot widen the scope by passing a node of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from epicommand.core import scope
from epicommand.errors import NotFound
from epicommand.geo.models import SITE_LEVEL, Area

STEP = Area.steplen


@dataclass(frozen=True)
class AreaNode:
    id: int
    path: str
    code: str
    name: str
    name_local: str
    level: str
    population: int
    lat: float | None
    lon: float | None


class AreaTree:
    """The administrative areas (no sites), by path, id and code."""

    def __init__(self, nodes: list[AreaNode] | None = None) -> None:
        if nodes is None:
            rows = Area.objects.exclude(level=SITE_LEVEL).order_by("path")
            nodes = [
                AreaNode(
                    a.id,
                    a.path,
                    a.code,
                    a.name,
                    a.name_local,
                    a.level,
                    a.population,
                    a.centroid_lat,
                    a.centroid_lon,
                )
                for a in rows
            ]
        self.nodes = nodes
        self.by_path = {n.path: n for n in nodes}
        self.by_id = {n.id: n for n in nodes}
        self.by_code = {n.code: n for n in nodes}

    def ancestors_and_self(self, path: str) -> list[AreaNode]:
        return [self.by_path[path[:i]] for i in range(STEP, len(path) + 1, STEP)]

    def under(self, path: str) -> list[AreaNode]:
        return [n for n in self.nodes if n.path.startswith(path)]

    def children(self, path: str) -> list[AreaNode]:
        return [n for n in self.under(path) if len(n.path) == len(path) + STEP]

    def parent(self, node: AreaNode) -> AreaNode | None:
        return self.by_path.get(node.path[:-STEP]) if len(node.path) > STEP else None


def get_node(*, actor: Any, code: str, tree: AreaTree) -> AreaNode:
    """The node of area ``code`` if it lies in the actor's scope; missing and out of scope
    raise the same NotFound."""
    node = tree.by_code.get(code)
    if node is None or not scope.covers(actor, node):
        raise NotFound(f"no area {code!r} in your scope")
    return node
