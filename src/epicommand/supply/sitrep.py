"""The supply block of the situation report: stock status of the report's area that day."""

from __future__ import annotations

import dataclasses
import json
from typing import ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from epicommand.core.blocks import BlockContext
from epicommand.supply.selectors.status import StockStatus, stock_status

MARKDOWN_ITEMS = 15


@dataclasses.dataclass
class SupplyBlock:
    """Renders through ``supply/sitrep_block.html`` on the page and in the PDF."""

    status: StockStatus
    template: ClassVar[str] = "supply/sitrep_block.html"

    def as_json(self) -> dict:
        """Plain JSON types (dates as ISO text), with each item's days of stock."""
        data = dataclasses.asdict(self.status)
        for item, row in zip(self.status.items, data["items"], strict=True):
            row["days_of_stock"] = item.days_of_stock
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))

    def markdown(self) -> list[str]:
        status = self.status
        lines = [
            "",
            f"## {_('Medicine supply')}",
            "",
            f"- {_('Sites')}: {status.sites:,}; "
            f"{_('Stock-outs (site and item)')}: {status.stock_out_count:,}; "
            f"{_('Shipments on the road')}: {status.pipeline_shipments:,}",
            "",
            f"| {_('Item')} | {_('On hand')} | {_('Days of stock')} | {_('Sites out')} |",
            "| --- | ---: | ---: | ---: |",
        ]
        for item in [i for i in status.items if i.on_hand or i.stock_outs][:MARKDOWN_ITEMS]:
            days = "–" if item.days_of_stock is None else f"{item.days_of_stock:.1f}"
            lines.append(f"| {item.name} | {item.on_hand:,} | {days} | {item.stock_outs:,} |")
        return lines


def supply_block(ctx: BlockContext) -> SupplyBlock | None:
    """The block provider: none for an area without supply sites (and none for a role that
    does not see stock: ``stock_status`` refuses, and the report leaves the block out)."""
    status = stock_status(actor=ctx.actor, area=ctx.area.code, as_of=ctx.as_of)
    return SupplyBlock(status) if status.sites else None
