"""Travel times: a loaded table (per area pair, or per pair of provinces) before the
centroid estimate; bad rows refused by row and column."""

from __future__ import annotations

import io

import pytest

from epicommand.care import travel
from epicommand.geo.models import Area
from epicommand.geo.tree import AreaTree

pytestmark = pytest.mark.django_db


def upload(text: str) -> io.BytesIO:
    data = io.BytesIO(text.encode())
    data.name = "travel.csv"
    return data


def test_loaded_pairs_replace_the_estimate_and_bad_rows_are_refused(client, hq, country):
    Area.objects.filter(code="XX-A-1").update(centroid_lat=39.0, centroid_lon=125.7)
    Area.objects.filter(code="XX-B-1").update(centroid_lat=40.0, centroid_lon=125.7)
    tree = AreaTree()
    a, b, c = (tree.by_code[k] for k in ("XX-A-1", "XX-B-1", "XX-A-2"))
    [[_, estimate], _row], _ = travel.hours_matrix([a, b], tree)
    assert estimate == pytest.approx(0.5 + 111.2 * 1.4 / 40, rel=0.01)  # 1 degree of latitude
    client.force_login(hq)
    rows = "from_area,to_area,hours\nXX-A-1,XX-Q,2\nXX-A-1,XX-B-1,-1\n"
    bad = client.post("/api/care/travel-times/import", {"file": upload(rows)})
    assert bad.status_code == 422
    assert {(d["row"], d["column"]) for d in bad.json()["error"]["details"]} == {
        (2, "to_area"), (3, "hours"),
    }  # fmt: skip
    good = "from_area,to_area,hours\nXX-A-1,XX-B-1,6\nXX-A,XX-B,9\n"
    assert client.post("/api/care/travel-times/import", {"file": upload(good)}).json() == {
        "pairs": 2
    }
    matrix, from_table = travel.hours_matrix([a, b, c], tree)
    assert matrix[0][1] == 6  # the county pair
    assert matrix[2][1] == 9  # no pair for XX-A-2: its province's
    assert matrix[1][0] == pytest.approx(estimate)  # one way: the way back is not loaded
    assert from_table == 2
