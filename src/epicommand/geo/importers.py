"""Read an area file (CSV or GeoJSON) into validated rows, or list every problem in it.

Rows are numbered as a spreadsheet shows them: the header is row 1. GeoJSON features are
numbered from 1. Nothing here writes; ``geo.services.import_areas`` does, all or nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from epicommand.errors import ImportRejected, RowProblem
from epicommand.geo.geometry import centroid, geometry_problem

CSV_COLUMNS = ("code", "parent_code", "level", "name", "name_local", "population")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
LEVEL_RE = re.compile(r"^[a-z][a-z0-9_\-]{0,39}$")


@dataclass
class AreaRow:
    row: int
    code: str
    parent_code: str
    level: str
    name: str
    name_local: str
    population: int
    geometry: dict | None = None
    lat: float | None = None
    lon: float | None = None


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is accepted); a bad byte is reported with its row and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        field = data[line_start : exc.start].count(b",")
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
        column = header[field] if field < len(header) else f"field {field + 1}"
        problem = RowProblem(row, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})")
        raise ImportRejected([problem]) from None


def _text(raw: dict, key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def _check_fields(raw: dict, row: int) -> tuple[AreaRow, list[RowProblem]]:
    """The row as read, with its problems; a bad row still takes part in the tree checks."""
    problems: list[RowProblem] = []
    code, level, name = _text(raw, "code"), _text(raw, "level"), _text(raw, "name")
    if not CODE_RE.match(code):
        problems.append(RowProblem(row, "code", f"code {code!r} is empty or has odd characters"))
    if not LEVEL_RE.match(level):
        problems.append(RowProblem(row, "level", f"level {level!r} must be a lowercase slug"))
    if not name:
        problems.append(RowProblem(row, "name", "name is empty"))
    population = _population(raw.get("population"), row, problems)
    lat, lon = _coordinates(raw, row, problems)
    return AreaRow(
        row=row,
        code=code,
        parent_code=_text(raw, "parent_code"),
        level=level,
        name=name,
        name_local=_text(raw, "name_local"),
        population=population,
        lat=lat,
        lon=lon,
    ), problems


def _population(value: object, row: int, problems: list[RowProblem]) -> int:
    text = "" if value is None else str(value).strip()
    try:
        population = int(text) if text else 0
    except ValueError:
        problems.append(RowProblem(row, "population", f"{text!r} is not a whole number"))
        return 0
    if population < 0:
        problems.append(RowProblem(row, "population", f"population {population} is negative"))
    return population


def _coordinates(raw: dict, row: int, problems: list[RowProblem]) -> tuple[float | None, ...]:
    values: list[float | None] = []
    for column, bound in (("lat", 90.0), ("lon", 180.0)):
        text = _text(raw, column)
        if not text:
            values.append(None)
            continue
        try:
            number = float(text)
        except ValueError:
            number = bound * 2
        if not -bound <= number <= bound:
            problems.append(RowProblem(row, column, f"{text!r} is not a {column} in degrees"))
        values.append(number)
    return tuple(values)


def _check_tree(rows: list[AreaRow], existing_codes: set[str]) -> list[RowProblem]:
    """Duplicate codes and parents that are neither in the file nor already known."""
    problems: list[RowProblem] = []
    first_row: dict[str, int] = {}
    for r in rows:
        if r.code in first_row:
            problems.append(
                RowProblem(
                    r.row, "code", f"duplicate code {r.code!r} (first on row {first_row[r.code]})"
                )
            )
        else:
            first_row[r.code] = r.row
    known = existing_codes | set(first_row)
    for r in rows:
        if r.parent_code and r.parent_code not in known:
            problems.append(
                RowProblem(r.row, "parent_code", f"unknown parent code {r.parent_code!r}")
            )
        if r.parent_code == r.code:
            problems.append(RowProblem(r.row, "parent_code", "an area cannot be its own parent"))
    return problems


def read_csv(data: bytes, existing_codes: set[str]) -> list[AreaRow]:
    text = decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ImportRejected([RowProblem(1, c, "required column is missing") for c in missing])
    reader.fieldnames = header
    rows: list[AreaRow] = []
    problems: list[RowProblem] = []
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(RowProblem(number, "-", "more fields than the header has"))
            continue
        row, found = _check_fields(raw, number)
        problems.extend(found)
        rows.append(row)
    problems.extend(_check_tree(rows, existing_codes))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    return rows


def read_geojson(data: bytes, existing_codes: set[str]) -> list[AreaRow]:
    try:
        document = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise ImportRejected([RowProblem(exc.lineno, "-", f"not valid JSON: {exc.msg}")]) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise ImportRejected([RowProblem(1, "features", "expected a GeoJSON FeatureCollection")])
    rows: list[AreaRow] = []
    problems: list[RowProblem] = []
    for number, feature in enumerate(features, start=1):
        row, found = _feature_row(feature, number)
        problems.extend(found)
        if row is not None:
            rows.append(row)
    problems.extend(_check_tree(rows, existing_codes))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    return rows


def _feature_row(feature: object, number: int) -> tuple[AreaRow | None, list[RowProblem]]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        return None, [RowProblem(number, "properties", "feature has no properties object")]
    missing = [c for c in CSV_COLUMNS if c not in properties and c != "name_local"]
    if missing:
        return None, [RowProblem(number, c, "required property is missing") for c in missing]
    row, problems = _check_fields(properties, number)
    geometry = feature.get("geometry")
    if geometry is not None:
        reason = geometry_problem(geometry)
        if reason:
            problems.append(RowProblem(number, "geometry", reason))
    if problems:
        return row, problems
    if geometry is not None:
        row.geometry = geometry
        row.lat, row.lon = centroid(geometry)
    return row, []
