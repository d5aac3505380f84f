"""Small GeoJSON helpers: validation of polygon geometry and its area-weighted centroid."""

from __future__ import annotations

from collections.abc import Iterable

Ring = list[list[float]]


def _rings(geometry: dict) -> Iterable[tuple[Ring, bool]]:
    """Yield (ring, is_outer) for a Polygon or MultiPolygon."""
    kind = geometry.get("type")
    polygons = [geometry.get("coordinates")] if kind == "Polygon" else geometry.get("coordinates")
    for polygon in polygons or []:
        for index, ring in enumerate(polygon):
            yield ring, index == 0


def geometry_problem(geometry: object) -> str | None:
    """Why ``geometry`` is not a usable boundary, or None when it is."""
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        return "geometry must be a GeoJSON Polygon or MultiPolygon"
    try:
        for ring, _outer in _rings(geometry):
            if len(ring) < 4:
                return "a polygon ring needs at least 4 positions"
            for lon, lat, *_rest in ring:
                if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                    return f"position ({lon}, {lat}) is outside longitude/latitude range"
    except (TypeError, ValueError):
        return "polygon coordinates must be lists of [longitude, latitude] numbers"
    return None


def centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) by the shoelace formula; holes count negatively."""
    weight_sum = lon_sum = lat_sum = 0.0
    for ring, outer in _rings(geometry):
        cross_sum = x_sum = y_sum = 0.0
        for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            cross_sum += cross
            x_sum += (x0 + x1) * cross
            y_sum += (y0 + y1) * cross
        if cross_sum == 0:
            continue
        weight = abs(cross_sum) / 2.0 * (1.0 if outer else -1.0)
        weight_sum += weight
        lon_sum += weight * x_sum / (3.0 * cross_sum)
        lat_sum += weight * y_sum / (3.0 * cross_sum)
    if weight_sum == 0:
        first = next(iter(_rings(geometry)))[0][0]
        return float(first[1]), float(first[0])
    return lat_sum / weight_sum, lon_sum / weight_sum
