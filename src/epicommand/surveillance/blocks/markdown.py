"""Markdown tables for the surveillance blocks: pipes escaped, a dash for no figure."""

from __future__ import annotations

from epicommand.web.formatting import number


def cell(value: object) -> str:
    text = number(value) if isinstance(value, int | float) or value is None else value
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[object]], numeric_from: int = 1) -> list[str]:
    aligns = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines
