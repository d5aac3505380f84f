"""Blocks (``core.blocks.Block``) made ready for a template: each with its template and its
charts drawn, as JSON for the browser or as SVG for a PDF."""

from __future__ import annotations

from collections.abc import Mapping

from epicommand.web.charts import chart_item


def block_items(blocks: Mapping[str, object], mode: str) -> list[dict]:
    """``[{"name", "template", "block", "charts"}]`` in the blocks' order; a block without
    a template (JSON and Markdown only) is left out."""
    items = []
    for name, block in blocks.items():
        template = getattr(block, "template", None)
        if template is None:
            continue
        specs = block.charts() if hasattr(block, "charts") else {}
        drawn = {key: chart_item(key, spec, mode) for key, spec in specs.items() if spec}
        items.append({"name": name, "template": template, "block": block, "charts": drawn})
    return items
