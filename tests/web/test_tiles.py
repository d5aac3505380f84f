"""The tile map's layout and the boundaries' winding: pure functions, no Django."""

from __future__ import annotations

import csv
import random
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from epicommand.web.shapes import for_d3, signed_area
from epicommand.web.tiles import Point, grid_shape, short_name, tile_layout
from tests.reports.factories import PROVINCES, square


def demo_points(parent: str) -> list[Point]:
    """The demo country's areas directly below ``parent``, with their centroids."""
    text = (resources.files("epicommand.demo") / "data" / "centroids.csv").read_text("utf-8")
    depth = parent.count("-") + 1
    return [
        Point(row["code"], float(row["lat"]), float(row["lon"]))
        for row in csv.DictReader(text.splitlines())
        if row["code"].startswith(parent + "-") and row["code"].count("-") == depth
    ]


def test_provinces_get_distinct_cells_and_keep_north_and_east():
    cells = tile_layout(demo_points("KP"))
    assert len(cells) == 13 and len(set(cells.values())) == 13
    rason, kaesong, nampo = cells["KP-13"], cells["KP-15"], cells["KP-14"]
    assert rason.row == 0  # the far north-east
    assert kaesong.row == max(c.row for c in cells.values())  # the far south
    assert rason.col > nampo.col  # east of the west coast


def test_the_capitals_twenty_districts_fit_without_collisions():
    points = demo_points("KP-01")
    cells = tile_layout(points)
    assert len(points) == 20 and len(set(cells.values())) == 20


def test_layout_is_deterministic_whatever_the_input_order():
    points = demo_points("KP")
    shuffled = list(points)
    random.Random(7).shuffle(shuffled)
    assert tile_layout(points) == tile_layout(shuffled)


def test_areas_without_centroid_go_on_rows_below_the_map():
    points = [Point(code, lat, lon) for code, *_r, lat, lon, _f, _w in PROVINCES[:5]]
    points += [Point("ZZ-2", None, None), Point("ZZ-1", None, 127.0)]
    cells = tile_layout(points)
    bottom = max(cells[p.code].row for p in points[:5])
    assert cells["ZZ-1"].row > bottom and cells["ZZ-2"].row > bottom
    assert (cells["ZZ-1"].col, cells["ZZ-2"].col) == (0, 1)
    assert len(set(cells.values())) == len(points)


def test_same_centroid_for_every_area_still_separates_them():
    cells = tile_layout([Point(f"A-{i}", 40.0, 127.0) for i in range(6)])
    assert len(set(cells.values())) == 6


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(st.tuples(st.floats(-60, 70), st.floats(-170, 170)), st.just((None, None))),
        min_size=1,
        max_size=30,
    )
)
def test_no_two_tiles_ever_share_a_cell(coords):
    points = [Point(f"C{i:02d}", lat, lon) for i, (lat, lon) in enumerate(coords)]
    cells = tile_layout(points)
    assert set(cells) == {p.code for p in points}
    assert len(set(cells.values())) == len(points)
    assert cells == tile_layout(list(reversed(points)))


def test_grid_has_room_to_spare():
    rows, cols = grid_shape(13)
    assert rows * cols >= 13 * 1.5
    assert grid_shape(0) == (0, 0)


def test_short_names_fit_a_tile():
    assert short_name("Rason") == "Rason"
    assert short_name("Chung District") == "Chung"
    assert short_name("North Hamgyong") == "N.Hamgyong"
    assert short_name("Pothonggang District") == "Pothongga…"
    assert short_name("평안남도") == "평안남도"
    assert all(len(short_name(row[1])) <= 10 for row in PROVINCES)


def test_boundaries_are_rewound_for_d3():
    polygon = square(39.0, 125.8)  # counter-clockwise, as RFC 7946 writes it
    assert signed_area(polygon["coordinates"][0]) > 0
    wound = for_d3(polygon)
    assert signed_area(wound["coordinates"][0]) < 0
    assert for_d3(wound) == wound
    multi = {"type": "MultiPolygon", "coordinates": [polygon["coordinates"]]}
    assert signed_area(for_d3(multi)["coordinates"][0][0]) < 0
    feature = {"type": "Feature", "geometry": polygon, "properties": {}}
    assert for_d3(feature) == wound
