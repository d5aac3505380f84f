"""API tokens: hashed at rest, sent as a bearer token, revocable."""

from __future__ import annotations

import pytest

from epicommand.accounts.models import ApiToken
from epicommand.accounts.roles import Role
from epicommand.accounts.services import create_token
from tests.factories import make_user


@pytest.fixture
def officer(country):
    return make_user("officer", Role.AREA_OFFICER, country["XX-A"])


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_authenticates_with_the_users_scope(client, officer):
    _token, raw = create_token(actor=None, username="officer")
    response = client.get("/api/geo/areas", **_bearer(raw))
    assert response.status_code == 200
    assert {a["code"] for a in response.json()} == {"XX-A", "XX-A-1", "XX-A-2"}
    assert client.get("/api/geo/areas/XX-B", **_bearer(raw)).status_code == 404


def test_only_a_hash_is_stored(officer):
    token, raw = create_token(actor=None, username="officer")
    stored = ApiToken.objects.get(pk=token.pk)
    secret = raw.split("_", 2)[2]
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64


def test_revoked_or_wrong_token_is_refused(client, officer):
    token, raw = create_token(actor=None, username="officer")
    assert client.get("/api/geo/areas", **_bearer(raw + "x")).status_code == 401
    assert client.post(f"/api/accounts/tokens/{token.pk}/revoke", **_bearer(raw)).status_code == 200
    assert client.get("/api/geo/areas", **_bearer(raw)).status_code == 401


def test_user_creates_own_token_through_the_api(client, officer):
    client.force_login(officer)
    response = client.post(
        "/api/accounts/tokens", {"name": "sync"}, content_type="application/json"
    )
    assert response.status_code == 201
    raw = response.json()["token"]
    client.logout()
    assert client.get("/api/accounts/me", **_bearer(raw)).json()["username"] == "officer"


def test_user_cannot_revoke_someone_elses_token(client, officer, country):
    other = make_user("other", Role.AREA_OFFICER, country["XX-B"])
    token, _raw = create_token(actor=None, username="other")
    client.force_login(officer)
    assert client.post(f"/api/accounts/tokens/{token.pk}/revoke").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert other.is_active
