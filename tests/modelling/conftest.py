"""Fixtures of the modelling tests: the test country with its outbreak filed, and users."""

from __future__ import annotations

import json

import pytest

from epicommand.accounts.roles import Role
from tests.factories import make_user
from tests.modelling.factories import file_outbreak, set_places


@pytest.fixture
def outbreak(country):
    set_places()
    file_outbreak()
    return country


@pytest.fixture
def analyst(country):
    return make_user("analyst", Role.ANALYST, country["XX"])


@pytest.fixture
def api(client, analyst):
    """POST/GET JSON as the analyst."""
    client.force_login(analyst)
    return Api(client)


class Api:
    def __init__(self, client) -> None:
        self.client = client

    def post(self, path: str, body: dict):
        return self.client.post(
            "/api/modelling" + path, json.dumps(body), content_type="application/json"
        )

    def get(self, path: str, **query):
        return self.client.get("/api/modelling" + path, query)
