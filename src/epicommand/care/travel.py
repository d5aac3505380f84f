"""Travel times between areas: the table the user loaded, else an estimate from centroids.

The estimate is the great-circle distance times a road circuity factor of 1.4 (road
distance over straight-line distance; Ballou, Rahardja & Sakai 2002, Transportation
Research Part A 36(9):843-848, report 1.2 to 1.6 by country) at 40 km/h, an assumption for
mountain roads and checkpoints, plus half an hour to set off between areas.
"""

from __future__ import annotations

import math

from epicommand.care.models import TravelTime
from epicommand.geo.tree import AreaNode, AreaTree

CIRCUITY = 1.4
SPEED_KMH = 40.0
SETTING_OFF_H = 0.5
EARTH_KM = 6371.0
UNKNOWN_H = 24.0  # an area without a centroid: a day, so it is the last to send or receive


def great_circle_km(a: AreaNode, b: AreaNode) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def estimated_hours(a: AreaNode, b: AreaNode) -> float:
    if a.id == b.id:
        return 0.0
    km = great_circle_km(a, b)
    if km is None:
        return UNKNOWN_H
    return SETTING_OFF_H + km * CIRCUITY / SPEED_KMH


def hours_matrix(areas: list[AreaNode], tree: AreaTree) -> tuple[list[list[float]], int]:
    """Hours between every pair of ``areas``: a loaded pair, else the pair of their
    provinces when loaded (a table may give provinces only), else the estimate; and how many
    pairs came from the table."""
    ids = {a.id for a in areas}
    parents = {a.id: tree.parent(a) for a in areas}
    ids |= {p.id for p in parents.values() if p is not None}
    loaded = {
        (f, t): h
        for f, t, h in TravelTime.objects.filter(
            from_area_id__in=ids, to_area_id__in=ids
        ).values_list("from_area_id", "to_area_id", "hours")
    }
    matrix, from_table = [], 0
    for a in areas:
        row = []
        for b in areas:
            pa, pb = parents[a.id], parents[b.id]
            value = loaded.get((a.id, b.id))
            if value is None and pa is not None and pb is not None and a.id != b.id:
                value = loaded.get((pa.id, pb.id))
            if value is None:
                row.append(estimated_hours(a, b))
            else:
                from_table += 1
                row.append(value)
        matrix.append(row)
    return matrix, from_table
