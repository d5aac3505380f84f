"""Users in the admin go through ``accounts.services``: created, changed, given a new
password, deactivated and (without history only) deleted, each change audited."""

from __future__ import annotations

import pytest

from epicommand.accounts import services
from epicommand.accounts.models import ApiToken, User
from epicommand.accounts.roles import Role
from epicommand.audit.models import AuditEvent
from epicommand.geo import services as geo_services
from tests.factories import make_user

NEW_PASSWORD = "another-long-passphrase-42"


@pytest.fixture
def root(country):
    return make_user("root", Role.ADMIN, country["XX"])


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def _change_form(user: User, **changes) -> dict:
    form = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "roles": user.roles,
        "scope_areas": [a.pk for a in user.scope_areas.all()],
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v != ""}


def test_admin_creates_a_user_through_the_service(admin_client, country):
    form = {
        "username": "officer-b",
        "email": "b@example.org",
        "role": Role.AREA_OFFICER,
        "scope_areas": [country["XX-B"].pk],
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    assert admin_client.get("/admin/accounts/user/add/").status_code == 200
    assert admin_client.post("/admin/accounts/user/add/", form).status_code == 302
    user = User.objects.get(username="officer-b")
    assert user.roles == [Role.AREA_OFFICER] and user.check_password(NEW_PASSWORD)
    assert not user.is_staff
    event = AuditEvent.objects.get(action="accounts.create_user")
    assert event.actor.username == "root" and event.after["scope"] == ["XX-B"]


def test_a_weak_password_is_refused_and_nothing_is_created(admin_client, country):
    form = {
        "username": "weak",
        "role": Role.OBSERVER,
        "scope_areas": [country["XX"].pk],
        "password1": "12345",
        "password2": "12345",
    }
    assert admin_client.post("/admin/accounts/user/add/", form).status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert not AuditEvent.objects.exists()


def test_admin_changes_roles_and_scope_audited_with_before_and_after(admin_client, country):
    user = make_user("someone", Role.OBSERVER, country["XX-A"])
    form = _change_form(user, roles=[Role.ADMIN], scope_areas=[country["XX"].pk])
    assert admin_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200
    assert admin_client.post(f"/admin/accounts/user/{user.pk}/change/", form).status_code == 302
    user.refresh_from_db()
    assert user.roles == [Role.ADMIN] and user.is_staff and user.is_superuser
    event = AuditEvent.objects.get(action="accounts.change_user")
    assert event.before["roles"] == [Role.OBSERVER] and event.after["scope"] == ["XX"]


def test_a_user_needs_a_scope(admin_client, country):
    user = make_user("someone", Role.OBSERVER, country["XX-A"])
    form = _change_form(user, scope_areas="")
    page = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", form).content.decode()
    assert "a user needs at least one scope area" in page
    assert list(user.scope_areas.values_list("code", flat=True)) == ["XX-A"]


def test_admin_password_reset_is_audited_and_works(admin_client, country):
    user = make_user("someone", Role.OBSERVER, country["XX"])
    url = f"/admin/accounts/user/{user.pk}/password/"
    assert admin_client.get(url).status_code == 200
    form = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set-password": "1"}
    assert admin_client.post(url, form).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.set_password")
    assert event.actor.username == "root" and event.object_id == str(user.pk)


def test_an_empty_password_does_not_disable_password_log_in(admin_client, country):
    user = make_user("someone", Role.OBSERVER, country["XX"])
    url = f"/admin/accounts/user/{user.pk}/password/"
    admin_client.post(url, {"usable_password": "false", "unset-password": "1"})
    user.refresh_from_db()
    assert user.has_usable_password() and not AuditEvent.objects.exists()


def test_deactivation_on_the_change_form_is_audited(admin_client, country):
    user = make_user("someone", Role.OBSERVER, country["XX"])
    admin_client.post(f"/admin/accounts/user/{user.pk}/change/", _change_form(user, is_active=""))
    user.refresh_from_db()
    assert not user.is_active
    event = AuditEvent.objects.get(action="accounts.deactivate_user")
    assert event.before["is_active"] and not event.after["is_active"]


def test_the_deactivate_action_goes_through_the_service(admin_client, country):
    users = [make_user(name, Role.OBSERVER, country["XX"]) for name in ("one", "two")]
    form = {"action": "deactivate_users", "_selected_action": [u.pk for u in users]}
    assert admin_client.post("/admin/accounts/user/", form).status_code == 302
    assert not User.objects.filter(username__in=["one", "two"], is_active=True).exists()
    assert AuditEvent.objects.filter(action="accounts.deactivate_user").count() == 2


def test_the_last_administrator_cannot_deactivate_themselves(admin_client, root):
    page = admin_client.post(
        f"/admin/accounts/user/{root.pk}/change/", _change_form(root, is_active="")
    ).content.decode()
    assert "you cannot take away your own administrator role or account" in page
    root.refresh_from_db()
    assert root.is_active


def test_a_user_with_history_is_deactivated_not_deleted(admin_client, root, country):
    user = make_user("worker", Role.ADMIN, country["XX"])
    geo_services.update_area(actor=user, code="XX-A", population=7)  # an audited change
    change_page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert f"/admin/accounts/user/{user.pk}/delete/" not in change_page
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    page = response.content.decode()
    assert response.status_code == 409 and "deactivate it instead of deleting it" in page
    assert User.objects.filter(username="worker").exists()
    actions = admin_client.get("/admin/accounts/user/").context["action_form"]
    assert "delete_selected" not in dict(actions.fields["action"].choices)


def test_a_user_without_history_is_deleted_through_the_service(admin_client, country):
    user = make_user("mistake", Role.OBSERVER, country["XX"])
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(username="mistake").exists()
    event = AuditEvent.objects.get(action="accounts.delete_user")
    assert event.before["username"] == "mistake" and event.object_id == str(user.pk)


def test_tokens_are_read_only_and_revoked_through_the_service(admin_client, root):
    token, _raw = services.create_token(actor=root, username="root", name="etl")
    assert admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").status_code == 200
    form = {"action": "revoke_tokens", "_selected_action": [token.pk]}
    assert admin_client.post("/admin/accounts/apitoken/", form).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.revoke_token").count() == 1
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_role_groups_are_read_only(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=Role.OBSERVER)
    assert admin_client.get("/admin/auth/group/").status_code == 200
    response = admin_client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "renamed"})
    assert response.status_code == 403 and Group.objects.filter(name=Role.OBSERVER).exists()
