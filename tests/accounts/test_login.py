"""Login pages, password rules and lockout after repeated failures."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from epicommand.accounts.services import create_user
from epicommand.errors import DomainError
from tests.factories import PASSWORD, make_user


def test_login_and_logout(client, country):
    make_user("hq", Role.HQ_COMMANDER, country["XX"])
    response = client.post("/login/", {"username": "hq", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/areas/XX/").status_code == 200
    client.post("/logout/")
    assert client.get("/areas/XX/").status_code == 302


def test_wrong_password_shows_the_form_again(client, country):
    make_user("hq", Role.HQ_COMMANDER, country["XX"])
    response = client.post("/login/", {"username": "hq", "password": "wrong-password"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_lockout_after_repeated_failures(client, country, settings):
    make_user("hq", Role.HQ_COMMANDER, country["XX"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "hq", "password": "wrong-password"})
    response = client.post("/login/", {"username": "hq", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed" in response.content.decode()
    assert client.get("/areas/XX/").status_code == 302


@pytest.mark.parametrize("password", ["short", "1234567890123", "password123"])
def test_weak_passwords_are_refused(country, password):
    with pytest.raises(DomainError, match="password refused"):
        create_user(
            actor=None, username="new", role=Role.ANALYST, scope_codes=["XX"], password=password
        )


def test_passwords_are_hashed_with_argon2_in_production():
    from django.conf import settings as django_settings

    from epicommand import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_PASSWORD_VALIDATORS == production.AUTH_PASSWORD_VALIDATORS


def test_unknown_role_and_scope_are_refused(country):
    with pytest.raises(DomainError, match="unknown role"):
        create_user(actor=None, username="n", role="king", scope_codes=["XX"])
    with pytest.raises(DomainError, match="unknown area"):
        create_user(actor=None, username="n", role=Role.ANALYST, scope_codes=["NOPE"])


def test_officer_cannot_create_users(country):
    officer = make_user("officer", Role.AREA_OFFICER, country["XX-A"])
    with pytest.raises(DomainError, match="role does not allow"):
        create_user(actor=officer, username="n", role=Role.ANALYST, scope_codes=["XX"])


def test_roles_are_groups_with_permissions(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert Group.objects.get(name=Role.HQ_COMMANDER).permissions.filter(codename="view_auditevent")
    assert not Group.objects.get(name=Role.ANALYST).permissions.filter(codename="view_auditevent")


def test_every_declared_role_permission_exists(db):
    from django.contrib.auth.models import Permission

    from epicommand.core.registry import role_permissions

    known = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    declared = {p for perms in role_permissions().values() for p in perms}
    assert declared - known == set()
