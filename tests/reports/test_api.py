"""GET /api/reports/sitrep/{code}: the report as JSON, the API's error shape."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.accounts.roles import Role
from epicommand.surveillance.situation import HEADLINE_KEYS
from tests.factories import make_user


@pytest.fixture
def api_client(client, country):
    client.force_login(make_user("analyst", Role.ANALYST, country["XX"]))
    return client


def test_sitrep_json_has_the_headline_under_stable_names(api_client, selector):
    response = api_client.get("/api/reports/sitrep/XX?as_of=2022-05-20")
    assert response.status_code == 200
    data = response.json()
    assert list(data["headline"]) == list(HEADLINE_KEYS)
    assert data["headline"]["new_fever"]["change_day"] == -44_340
    assert data["as_of"] == "2022-05-20" and data["area"]["code"] == "XX"
    assert selector.calls[-1]["as_of"] == dt.date(2022, 5, 20)


def test_known_at_with_an_offset(api_client, selector):
    response = api_client.get(
        "/api/reports/sitrep/XX?as_of=2022-05-20&known_at=2022-05-20T18:00%2B09:00"
    )
    assert response.status_code == 200
    assert response.json()["known_at"] == "2022-05-20T09:00:00+00:00"


def test_missing_or_out_of_scope_is_404_with_the_error_body(api_client, selector):
    response = api_client.get("/api/reports/sitrep/XX-B")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_bad_date_is_422_naming_the_field(api_client, selector):
    response = api_client.get("/api/reports/sitrep/XX?as_of=20-05-2022")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and error["details"][0]["field"] == "as_of"


def test_without_credentials_is_401(client, selector):
    assert client.get("/api/reports/sitrep/XX").status_code == 401
