"""GeoJSON boundaries made ready for Vega's map projection.

RFC 7946 asks for exterior rings counter-clockwise, but d3-geo (which Vega uses) reads rings
on the sphere and takes a counter-clockwise exterior as "the whole world except this area",
painting the map solid. Rewinding every exterior ring clockwise and every hole
counter-clockwise (in longitude/latitude) draws each area as itself, whatever the source.
"""

from __future__ import annotations

Ring = list[list[float]]


def signed_area(ring: Ring) -> float:
    """Shoelace area in degrees squared: positive when the ring runs counter-clockwise."""
    total = 0.0
    for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def _wind(ring: Ring, *, clockwise: bool) -> Ring:
    is_clockwise = signed_area(ring) < 0
    return list(ring) if is_clockwise == clockwise else list(reversed(ring))


def _polygon(rings: list[Ring]) -> list[Ring]:
    return [_wind(r, clockwise=(i == 0)) for i, r in enumerate(rings)]


def for_d3(geometry: dict) -> dict:
    """A copy of a Polygon or MultiPolygon (or a Feature's geometry) wound for d3-geo;
    other geometry types come back unchanged."""
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": _polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [_polygon(p) for p in geometry["coordinates"]]}
    return dict(geometry)
