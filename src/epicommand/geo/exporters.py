"""Area files out, in the same formats the importer reads (so a round trip is lossless)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from epicommand.geo.importers import CSV_COLUMNS
from epicommand.geo.models import Area


def _parent_codes(areas: list[Area]) -> dict[str, str]:
    by_path = {a.path: a.code for a in areas}
    missing = {a.path[: -Area.steplen] for a in areas if a.depth > 1} - set(by_path)
    by_path.update(dict(Area.objects.filter(path__in=missing).values_list("path", "code")))
    return {a.code: by_path.get(a.path[: -Area.steplen], "") for a in areas}


def export_csv(areas: list[Area]) -> Iterator[str]:
    """CSV lines: the import columns plus the centroid."""
    parents = _parent_codes(areas)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "lat", "lon"])
    for area in areas:
        writer.writerow(
            [
                area.code,
                parents[area.code],
                area.level,
                area.name,
                area.name_local,
                area.population,
                "" if area.centroid_lat is None else area.centroid_lat,
                "" if area.centroid_lon is None else area.centroid_lon,
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def export_geojson(areas: list[Area]) -> str:
    parents = _parent_codes(areas)
    features = []
    for area in areas:
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "code": area.code,
                    "parent_code": parents[area.code],
                    "level": area.level,
                    "name": area.name,
                    "name_local": area.name_local,
                    "population": area.population,
                    "lat": area.centroid_lat,
                    "lon": area.centroid_lon,
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
