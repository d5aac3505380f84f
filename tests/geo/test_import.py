"""Area files: every bad row is reported with its row and column, and nothing is written."""

from __future__ import annotations

import json

import pytest

from epicommand.errors import ImportRejected
from epicommand.geo.models import Area
from epicommand.geo.services import import_areas

HEADER = "code,parent_code,level,name,name_local,population\n"
GOOD = (
    HEADER
    + "ZZ,,country,Zedland,제드,0\nZZ-1,ZZ,province,One,하나,100\nZZ-2,ZZ,province,Two,둘,200\n"
)


def _import(text: str | bytes, filename: str = "areas.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_areas(actor=None, data=data, filename=filename)


def _problems(text: str | bytes, filename: str = "areas.csv") -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as caught:
        _import(text, filename)
    assert Area.objects.count() == 0, "a rejected file must write nothing"
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


def test_good_file_imports_the_tree(db):
    summary = _import(GOOD)
    assert summary.created == ["ZZ", "ZZ-1", "ZZ-2"]
    one = Area.objects.get(code="ZZ-1")
    assert Area.objects.get_parent(one).code == "ZZ" and one.name_local == "하나"


def test_reimport_updates_instead_of_failing(db):
    _import(GOOD)
    summary = _import(GOOD.replace("Two,둘,200", "Two,둘,250"))
    assert summary.updated == ["ZZ-2"] and summary.created == []
    assert Area.objects.get(code="ZZ-2").population == 250


def test_children_may_come_before_their_parent(db):
    lines = GOOD.splitlines()
    _import("\n".join([lines[0], lines[3], lines[1], lines[2]]) + "\n")
    assert Area.objects.get(code="ZZ-2").depth == 2


def test_unknown_parent_code(db):
    problems = _problems(GOOD + "ZZ-3,QQ,province,Three,,5\n")
    assert problems == [(5, "parent_code", "unknown parent code 'QQ'")]


def test_duplicate_code(db):
    problems = _problems(GOOD + "ZZ-1,ZZ,province,Again,,5\n")
    assert problems == [(5, "code", "duplicate code 'ZZ-1' (first on row 3)")]


def test_negative_population(db):
    problems = _problems(GOOD.replace("One,하나,100", "One,하나,-100"))
    assert problems == [(3, "population", "population -100 is negative")]


def test_population_not_a_number(db):
    problems = _problems(GOOD.replace("One,하나,100", "One,하나,many"))
    assert problems == [(3, "population", "'many' is not a whole number")]


def test_missing_column(db):
    problems = _problems(GOOD.replace(",population", "").replace(",0\n", "\n"))
    assert problems == [(1, "population", "required column is missing")]


def test_bad_utf8_names_its_row_and_column(db):
    data = GOOD.encode("utf-8").replace("둘".encode(), b"\xff\xfe")
    assert _problems(data) == [(4, "name_local", "not valid UTF-8 (byte 0xff)")]


def test_every_bad_row_is_listed(db):
    bad = GOOD + "ZZ-3,QQ,province,Three,,5\nZZ-4,ZZ,province,,,-1\n"
    rows = {(row, column) for row, column, _ in _problems(bad)}
    assert rows == {(5, "parent_code"), (6, "name"), (6, "population")}


def test_cycle_is_refused(db):
    text = HEADER + "A1,B1,province,A,,1\nB1,A1,province,B,,1\n"
    assert _problems(text)[0][2] == "parents form a cycle"


def test_byte_order_mark_is_accepted(db):
    _import(b"\xef\xbb\xbf" + GOOD.encode())
    assert Area.objects.count() == 3


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "code": "ZZ",
                "parent_code": "",
                "level": "country",
                "name": "Z",
                "population": 0,
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]],
            },
        },
        {
            "type": "Feature",
            "properties": {
                "code": "ZZ-1",
                "parent_code": "ZZ",
                "level": "province",
                "name": "One",
                "name_local": "하나",
                "population": 3,
            },
            "geometry": None,
        },
    ],
}


def test_geojson_import_keeps_geometry_and_centroid(db):
    _import(json.dumps(GEOJSON), "areas.geojson")
    country = Area.objects.get(code="ZZ")
    assert country.geometry["type"] == "Polygon"
    assert (country.centroid_lat, country.centroid_lon) == pytest.approx((1.0, 2.0))


def test_geojson_problems_name_the_feature_and_property(db):
    doc = json.loads(json.dumps(GEOJSON))
    doc["features"][1]["properties"]["population"] = -3
    doc["features"][0]["geometry"] = {"type": "Point", "coordinates": [1, 2]}
    problems = _problems(json.dumps(doc), "areas.geojson")
    assert {(r, c) for r, c, _ in problems} == {(1, "geometry"), (2, "population")}


def test_csv_export_reimports_identically(client, db):
    from tests.factories import make_user

    _import(GOOD)
    admin = make_user("root", "admin", Area.objects.get(code="ZZ"))
    client.force_login(admin)
    exported = b"".join(client.get("/api/geo/areas/export").streaming_content)
    assert exported.decode().splitlines()[2] == "ZZ-1,ZZ,province,One,하나,100,,"
    summary = _import(exported)
    assert summary.unchanged == ["ZZ", "ZZ-1", "ZZ-2"]


def test_geojson_export_round_trip(client, db):
    from tests.factories import make_user

    _import(json.dumps(GEOJSON), "areas.geojson")
    client.force_login(make_user("root", "admin", Area.objects.get(code="ZZ")))
    doc = client.get("/api/geo/areas/export", {"format": "geojson"}).json()
    assert [f["properties"]["code"] for f in doc["features"]] == ["ZZ", "ZZ-1"]
    assert doc["features"][0]["geometry"] == GEOJSON["features"][0]["geometry"]


def test_api_import_answers_422_with_rows(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import make_user

    _import(GOOD)
    client.force_login(make_user("root", "admin", Area.objects.get(code="ZZ")))
    upload = SimpleUploadedFile("a.csv", (HEADER + "ZZ-9,NOPE,province,N,,1\n").encode())
    response = client.post("/api/geo/areas/import", {"file": upload})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0] == {
        "row": 2,
        "column": "parent_code",
        "reason": "unknown parent code 'NOPE'",
        "severity": "error",
    }
    assert not Area.objects.filter(code="ZZ-9").exists()


def test_api_import_refuses_officers(client, country):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import make_user

    client.force_login(make_user("officer", "area_officer", country["XX-A"]))
    upload = SimpleUploadedFile("a.csv", (HEADER + "XX-A-9,XX-A,county,N,,1\n").encode())
    assert client.post("/api/geo/areas/import", {"file": upload}).status_code == 403
