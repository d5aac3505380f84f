"""Tile-map layout: one square tile per area on a small grid that keeps the areas' places.

Without boundaries we still want a map a commander can read at a glance, as the tile maps of
newspapers do (one square per US state). Each area gets the grid cell nearest to where its
centroid falls, all cells chosen together so that the tiles move as little as possible from
their places. Pure and deterministic: the same points always give the same cells. No
Django, no Altair.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    """An area to place: its code and centroid (None when the area has no centroid)."""

    code: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Cell:
    """A tile's place: row 0 is the top (north), column 0 the left (west)."""

    row: int
    col: int


SPARE = 1.5  # cells per tile: room for tiles to stay near their place instead of packing


def grid_shape(count: int, aspect: float = 1.0) -> tuple[int, int]:
    """Rows and columns for ``count`` tiles with room to spare; ``aspect`` is width over
    height of the area's extent (clamped to 0.5..2 so a long country still gets a grid)."""
    if count <= 0:
        return 0, 0
    aspect = min(2.0, max(0.5, aspect))
    cols = max(1, math.ceil(math.sqrt(count * SPARE * aspect)))
    rows = math.ceil(count * SPARE / cols)
    return rows, cols


def _aspect(points: Sequence[Point]) -> float:
    """Width over height of the points' extent, longitude shrunk by cos(latitude)."""
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    height = max(lats) - min(lats)
    width = (max(lons) - min(lons)) * math.cos(math.radians(sum(lats) / len(lats)))
    return 1.0 if height <= 0 or width <= 0 else width / height


def _spread(values: list[float], steps: int) -> list[float]:
    """Positions on [0, steps - 1]: half linear in the value, half by rank, so a cluster of
    small areas (a capital's districts) is pulled apart while outliers keep their side."""
    if steps <= 1:
        return [0.0] * len(values)
    low, high = min(values), max(values)
    order = sorted(range(len(values)), key=lambda i: values[i])
    rank = [0.0] * len(values)
    for position, index in enumerate(order):
        rank[index] = position / max(1, len(values) - 1)
    span = high - low
    return [
        (0.5 * ((v - low) / span if span else 0.5) + 0.5 * r) * (steps - 1)
        for v, r in zip(values, rank, strict=True)
    ]


def _place(points: Sequence[Point]) -> dict[str, Cell]:
    """The assignment of points to distinct cells with the least total squared distance
    from each point's target (Hungarian method, scipy's ``linear_sum_assignment``)."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = grid_shape(len(points), _aspect(points))
    target_rows = _spread([-p.lat for p in points], rows)  # north at the top
    target_cols = _spread([p.lon for p in points], cols)
    grid = [Cell(r, c) for r in range(rows) for c in range(cols)]
    cost = [
        [(cell.row - tr) ** 2 + (cell.col - tc) ** 2 for cell in grid]
        for tr, tc in zip(target_rows, target_cols, strict=True)
    ]
    chosen_points, chosen_cells = linear_sum_assignment(cost)
    return {points[i].code: grid[j] for i, j in zip(chosen_points, chosen_cells, strict=True)}


def _compact(cells: dict[str, Cell]) -> dict[str, Cell]:
    """Drop empty rows and columns, so the grid is no larger than it needs to be."""
    used_rows = sorted({c.row for c in cells.values()})
    used_cols = sorted({c.col for c in cells.values()})
    row_of = {r: i for i, r in enumerate(used_rows)}
    col_of = {c: i for i, c in enumerate(used_cols)}
    return {code: Cell(row_of[c.row], col_of[c.col]) for code, c in cells.items()}


def tile_layout(points: Sequence[Point]) -> dict[str, Cell]:
    """Assign each point a distinct cell, keyed by code (codes must be unique).

    Points with a centroid are placed on the grid near their scaled place (see ``_place``);
    points without one follow in code order on rows below the map. The input order does
    not matter: points are sorted by code first, so the result is deterministic.
    """
    ordered = sorted(points, key=lambda p: p.code)
    located = [p for p in ordered if p.lat is not None and p.lon is not None]
    unlocated = [p for p in ordered if p.lat is None or p.lon is None]
    cells = _compact(_place(located)) if located else {}
    width = max((c.col for c in cells.values()), default=-1) + 1
    width = width or grid_shape(len(unlocated))[1]
    below = max((c.row for c in cells.values()), default=-1) + 1
    for index, point in enumerate(unlocated):
        cells[point.code] = Cell(below + index // width, index % width)
    return cells


# Words that tell the kind of area, not which one: dropped first when a label is too long.
GENERIC_WORDS = frozenset({"district", "county", "city", "province", "region", "ward", "special"})


def short_name(name: str, limit: int = 10) -> str:
    """A label that fits a tile: the name itself when short; else without generic words
    ("Chung District" -> "Chung"); else the initials of the leading words with the last
    word ("North Hamgyong" -> "N.Hamgyong"); cut to ``limit`` with an ellipsis."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    words = [w for w in name.split(" ") if w.lower() not in GENERIC_WORDS] or name.split(" ")
    name = " ".join(words)
    if len(name) > limit and len(words) > 1:
        name = "".join(w[0] + "." for w in words[:-1]) + words[-1]
    return name if len(name) <= limit else name[: limit - 1] + "…"
