"""The situation report of an area for a day, assembled from every installed app's blocks.

The report's area comes from the one scoped getter (``geo.tree.get_node``): missing and out
of scope answer the same NotFound. Each block provider then gets the same context (who
asks, the area, the as-of day, the known-at moment) and a failing one is shown as such
while the rest of the report renders (``core.blocks.run_blocks``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from epicommand.clock import now
from epicommand.core.blocks import BlockContext, run_blocks
from epicommand.geo.tree import AreaTree, get_node
from epicommand.reports.situation import SituationReport


def situation_report(
    *, actor: Any, area_code: str, as_of: dt.date, known_at: dt.datetime | None = None
) -> SituationReport:
    tree = AreaTree()
    node = get_node(actor=actor, code=area_code, tree=tree)
    ctx = BlockContext(actor=actor, area=node, as_of=as_of, known_at=known_at, tree=tree)
    return SituationReport(
        area_code=node.code,
        area_name=node.name,
        area_name_local=node.name_local,
        level=node.level,
        population=node.population,
        as_of=as_of,
        known_at=known_at,
        generated_at=now(),
        blocks=run_blocks(ctx),
    )
