"""Which areas file daily reports, and the tree facts the roll-ups need.

By default every area of the reporting level (``REPORTING_LEVEL``, "county") files; an area
can be told to file for its whole subtree instead (a special city that reports as one), or
not to file. Areas above the reporting areas never file: their figures are sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings

from epicommand.geo.models import SITE_LEVEL, Area

STEP = Area.steplen


@dataclass(frozen=True)
class TreeNode:
    id: int
    path: str
    code: str
    name: str
    name_local: str
    level: str
    population: int
    lat: float | None
    lon: float | None


class Tree:
    """A snapshot of the administrative areas (sites left out), loaded in one query."""

    def __init__(self) -> None:
        from epicommand.surveillance.models import ReportingSetting

        rows = Area.objects.exclude(level=SITE_LEVEL).order_by("path")
        self.nodes = [
            TreeNode(
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
        self.by_path = {n.path: n for n in self.nodes}
        self.by_id = {n.id: n for n in self.nodes}
        self.by_code = {n.code: n for n in self.nodes}
        settings_rows = ReportingSetting.objects.values_list(
            "area_id", "files_reports", "keeps_line_list"
        )
        self.overrides = {a: f for a, f, _ in settings_rows if f is not None}
        self.line_list_ids = {a for a, _, keeps in settings_rows if keeps}

    def ancestors_and_self(self, path: str) -> list[TreeNode]:
        return [self.by_path[path[:i]] for i in range(STEP, len(path) + 1, STEP)]

    def under(self, path: str) -> list[TreeNode]:
        return [n for n in self.nodes if n.path.startswith(path)]

    def children(self, path: str) -> list[TreeNode]:
        return [n for n in self.under(path) if len(n.path) == len(path) + STEP]

    @cached_property
    def reporting_ids(self) -> set[int]:
        """Areas of the reporting level, unless an area above files for them (override)."""
        level = settings.REPORTING_LEVEL
        filing_paths = sorted(self.by_id[i].path for i, f in self.overrides.items() if f)

        def under_filing(path: str) -> bool:
            return any(path.startswith(p) and path != p for p in filing_paths)

        return {
            n.id
            for n in self.nodes
            if (
                self.overrides.get(n.id) is True
                or (n.level == level and n.id not in self.overrides)
            )
            and not under_filing(n.path)
        }

    @cached_property
    def reporting_counts(self) -> dict[int, int]:
        """How many reporting areas lie under each area (itself included)."""
        counts = dict.fromkeys(self.by_id, 0)
        for area_id in self.reporting_ids:
            for node in self.ancestors_and_self(self.by_id[area_id].path):
                counts[node.id] += 1
        return counts

    def is_reporting(self, node: TreeNode) -> bool:
        return node.id in self.reporting_ids

    def reporting_under(self, path: str) -> list[TreeNode]:
        return [n for n in self.under(path) if n.id in self.reporting_ids]
