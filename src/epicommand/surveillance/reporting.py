"""Which areas file daily reports, and the tree facts the roll-ups need.

By default every area of the reporting level (``REPORTING_LEVEL``, "county") files; an area
can be told to file for its whole subtree instead (a special city that reports as one), or
not to file. Areas above the reporting areas never file: their figures are sums.
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings

from epicommand.geo.models import Area
from epicommand.geo.tree import AreaNode, AreaTree

STEP = Area.steplen


class ReportingTree(AreaTree):
    """The area snapshot with the reporting settings: which areas file daily reports."""

    def __init__(self, base: AreaTree | None = None) -> None:
        from epicommand.surveillance.models import ReportingSetting

        super().__init__(base.nodes if base is not None else None)
        settings_rows = ReportingSetting.objects.values_list(
            "area_id", "files_reports", "keeps_line_list"
        )
        self.overrides = {a: f for a, f, _ in settings_rows if f is not None}
        self.line_list_ids = {a for a, _, keeps in settings_rows if keeps}

    @cached_property
    def reporting_ids(self) -> set[int]:
        """Areas of the reporting level, unless an area above files for them (override)."""
        level = settings.REPORTING_LEVEL
        filing = {i for i, f in self.overrides.items() if f}

        def under_filing(path: str) -> bool:
            return any(a.id in filing for a in self.ancestors_and_self(path)[:-1])

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

    def is_reporting(self, node: AreaNode) -> bool:
        return node.id in self.reporting_ids

    def reporting_under(self, path: str) -> list[AreaNode]:
        return [n for n in self.under(path) if n.id in self.reporting_ids]
