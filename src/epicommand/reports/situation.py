"""The situation report as every renderer (page, PDF, Markdown, JSON, CLI) reads it: the
area, its moments, and the blocks of every app in their declared order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SituationReport:
    area_code: str
    area_name: str
    area_name_local: str
    level: str
    population: int
    as_of: dt.date
    known_at: dt.datetime | None  # None: everything known now
    generated_at: dt.datetime
    # Every app's blocks by name (``core.blocks``), in the order their contracts declare.
    blocks: dict[str, object] = field(default_factory=dict)
