"""The situation report's extension point: blocks.

A block provider is a function of a ``BlockContext`` (who asks, which area, the as-of day and
the known-at moment) returning a block: a dataclass the renderers know how to show (the
``Block`` protocol) or ``None`` when it has nothing to show for that area (no supply sites,
say). Apps declare their providers in their contract (``SitrepEntry``); ``run_blocks`` calls
them in the declared order. A provider that raises does not take the report down: its place
shows "this part could not be computed" with the reason, and the error is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from django.utils.translation import gettext as _

from epicommand.core import registry
from epicommand.core.contract import SitrepEntry
from epicommand.errors import DomainError, PermissionDenied

logger = logging.getLogger(__name__)


@dataclass
class BlockContext:
    """What every provider is given. ``area`` is the report's area as the scoped getter
    handed it out (``geo.tree.AreaNode``: in the actor's scope, so a provider need not check
    it again) and ``tree`` the area snapshot it came from. ``memo`` lets blocks of one report
    share a read (``shared``): the headline and the areas table need the same day totals."""

    actor: Any
    area: Any
    as_of: dt.date
    known_at: dt.datetime | None
    tree: Any
    memo: dict[str, Any] = field(default_factory=dict)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per report under ``key`` (name keys ``app.what``)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@runtime_checkable
class Block(Protocol):
    """What a provider returns. ``template`` renders it on the page and in the PDF (given
    ``block`` and ``block_charts``; ``None``: JSON and Markdown only); ``as_json`` is its
    JSON (plain types); ``markdown`` its lines in the active language. Optional: ``charts()``
    returning ``{name: Vega-Lite spec}``, drawn like the report's own, and ``top_level =
    True`` to merge ``as_json()`` into the report's top level instead of under ``blocks``
    (the surveillance figures, whose keys the API promised before blocks existed)."""

    template: ClassVar[str | None]

    def as_json(self) -> dict: ...

    def markdown(self) -> list[str]: ...


class BlockProvider(Protocol):
    def __call__(self, ctx: BlockContext) -> Block | None: ...


@dataclass
class BlockFailure:
    """The place of a block whose provider raised."""

    name: str
    title: str
    reason: str
    template: ClassVar[str] = "web/block_failure.html"

    def as_json(self) -> dict:
        return {"error": {"code": "sitrep.block_failed", "message": self.reason}}

    def markdown(self) -> list[str]:
        notice = _("This part could not be computed: %(reason)s") % {"reason": self.reason}
        return ["", f"## {self.title}", "", f"_{notice}_", ""]


def run_block(entry: SitrepEntry, ctx: BlockContext) -> Block | None:
    """One provider's block; a failure becomes a ``BlockFailure`` (logged). A role that may
    not see the block's data gets no block rather than an error."""
    try:
        return registry.load(entry.provider)(ctx)
    except PermissionDenied:
        return None
    except DomainError as exc:
        logger.warning("situation report block %s refused: %s", entry.name, exc.message)
        return BlockFailure(entry.name, str(entry.title or entry.name), exc.message)
    except Exception as exc:  # noqa: BLE001 - one block must not take the report down
        logger.exception("situation report block %s failed", entry.name)
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return BlockFailure(entry.name, str(entry.title or entry.name), reason)


def run_blocks(ctx: BlockContext) -> dict[str, Block]:
    """Every installed app's blocks for ``ctx``, in the declared order, by name."""
    blocks: dict[str, Block] = {}
    for entry in registry.sitrep_entries():
        block = run_block(entry, ctx)
        if block is not None:
            blocks[entry.name] = block
    return blocks
