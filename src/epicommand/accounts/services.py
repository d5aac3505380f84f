"""The only writers of users, roles, scopes and tokens."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from epicommand.accounts import tokens
from epicommand.accounts.errors import (
    LastAdministrator,
    UnknownRole,
    UserExists,
    UserHasHistory,
    WeakPassword,
)
from epicommand.accounts.models import ApiToken, User
from epicommand.accounts.roles import Role, role_codes
from epicommand.accounts.selectors import has_history
from epicommand.audit.services import record_event
from epicommand.clock import now
from epicommand.core.permissions import require_permission
from epicommand.errors import NotFound, ValidationFailed
from epicommand.geo.models import Area


def generate_password() -> str:
    """A password that passes every validator and can be typed from a printout."""
    return secrets.token_urlsafe(12)


def _user_dict(user: User) -> dict:
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "roles": user.roles,
        "scope": sorted(user.scope_areas.values_list("code", flat=True)),
        "is_active": user.is_active,
    }


def _check_roles(roles: list[str]) -> None:
    known = role_codes()
    unknown = [r for r in roles if r not in known]
    if unknown or not roles:
        raise UnknownRole(
            f"unknown role {(unknown or [''])[0]!r}; roles are: {', '.join(known)}",
            details=[{"field": "roles", "reason": "give one or more of the known roles"}],
        )


def _scope_areas(codes: list[str]) -> list[Area]:
    areas = list(Area.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {a.code for a in areas})
    if missing:
        raise NotFound(f"unknown area code(s): {', '.join(missing)}")
    return areas


def create_user(
    *,
    actor,
    username: str,
    role: str,
    scope_codes: list[str],
    password: str | None = None,
    password_hash: str | None = None,
    email: str = "",
) -> tuple[User, str]:
    """Create a user with one role and their scope; return the user and the password set.

    ``password_hash`` (from ``make_password``, already validated) lets many users share one
    password without paying the deliberately slow hash for each of them (the demo users)."""
    require_permission(actor, "accounts.add_user")
    _check_roles([role])
    if not scope_codes:
        raise ValidationFailed("a user needs at least one scope area (--scope CODE)")
    if User.objects.filter(username=username).exists():
        raise UserExists(f"user {username!r} already exists")
    areas = _scope_areas(scope_codes)
    if password_hash is None:
        password = password or generate_password()
        check_password_strength(password, User(username=username, email=email))
        password_hash = make_password(password)
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email)
        user.password = password_hash
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save(update_fields=["is_staff", "is_superuser", "password"])
        user.groups.add(Group.objects.get(name=role))
        user.scope_areas.set(areas)
        record_event(
            actor=actor,
            action="accounts.create_user",
            object_type="user",
            object_id=user.pk,
            after=_user_dict(user),
        )
    return user, password or ""


def ensure_user(*, actor, username: str, role: str, scope_codes: list[str], password: str) -> User:
    """The user as asked for: created when missing, its password reset when it differs
    (the demo keeps its printed password valid this way)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return create_user(
            actor=actor, username=username, role=role, scope_codes=scope_codes, password=password
        )[0]
    if not user.check_password(password):
        set_password(actor=actor, username=username, password=password)
    return user


def check_password_strength(password: str, user: User | None = None) -> None:
    """Django's password validators, as a domain error the CLI and API can show."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise WeakPassword("password refused: " + " ".join(exc.messages)) from None


def set_password(
    *, actor, username: str, password: str | None = None, password_hash: str | None = None
) -> User:
    """Reset a user's password (the demo keeps its printed password valid this way)."""
    require_permission(actor, "accounts.change_user")
    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    if password_hash is None:
        check_password_strength(password or "", user)
        password_hash = make_password(password)
    with transaction.atomic():
        user.password = password_hash
        user.save(update_fields=["password"])
        record_event(
            actor=actor, action="accounts.set_password", object_type="user", object_id=user.pk
        )
    return user


def _locked_user(username: str) -> User:
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def _keep_an_administrator(actor, user: User, *, stays_admin: bool) -> None:
    """Refuse to leave the system without an active administrator, and an administrator
    to take away their own role or account (nobody would be left to undo it)."""
    if stays_admin or not (user.is_superuser and user.is_active):
        return
    if actor is not None and actor.pk == user.pk:
        raise LastAdministrator("you cannot take away your own administrator role or account")
    others = User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
    if not others.exists():
        raise LastAdministrator(f"{user.username} is the last active administrator")


USER_FIELDS = ("first_name", "last_name", "email", "is_active")


def change_user(
    *,
    actor,
    username: str,
    roles: list[str],
    scope_codes: list[str],
    is_active: bool = True,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Change a user's roles, scope, names and whether the account may log in. Roles decide
    the rest (an administrator is staff and superuser, nobody else is), so the admin and
    the roles never disagree."""
    require_permission(actor, "accounts.change_user")
    _check_roles(roles)
    if not scope_codes:
        raise ValidationFailed(
            "a user needs at least one scope area",
            details=[{"field": "scope_areas", "reason": "give at least one area"}],
        )
    admin = Role.ADMIN in roles
    with transaction.atomic():
        user = _locked_user(username)
        before = _user_dict(user)
        areas = _scope_areas(scope_codes)
        _keep_an_administrator(actor, user, stays_admin=admin and is_active)
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.is_active, user.is_staff, user.is_superuser = is_active, admin, admin
        user.save(update_fields=[*USER_FIELDS, "is_staff", "is_superuser"])
        user.groups.set(Group.objects.filter(name__in=roles))
        user.scope_areas.set(areas)
        deactivated = before["is_active"] and not is_active
        record_event(
            actor=actor,
            action="accounts.deactivate_user" if deactivated else "accounts.change_user",
            object_type="user",
            object_id=user.pk,
            before=before,
            after=_user_dict(user),
        )
    return user


def deactivate_user(*, actor, username: str) -> User:
    """The account may no longer log in nor use its API tokens; everything it did stays
    attributed to it. This, not deletion, is how a user with history leaves."""
    require_permission(actor, "accounts.change_user")
    with transaction.atomic():
        user = _locked_user(username)
        if not user.is_active:
            return user
        _keep_an_administrator(actor, user, stays_admin=False)
        before = _user_dict(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action="accounts.deactivate_user",
            object_type="user",
            object_id=user.pk,
            before=before,
            after=_user_dict(user),
        )
    return user


def delete_user(*, actor, username: str) -> None:
    """Delete an account the records never point at (made by mistake, never used); one
    with history is refused: deactivate it (``deactivate_user``)."""
    require_permission(actor, "accounts.delete_user")
    with transaction.atomic():
        user = _locked_user(username)
        if has_history(user):
            raise UserHasHistory(username)
        _keep_an_administrator(actor, user, stays_admin=False)
        before, user_id = _user_dict(user), user.pk
        user.delete()
        record_event(
            actor=actor,
            action="accounts.delete_user",
            object_type="user",
            object_id=user_id,
            before=before,
        )


def create_token(*, actor, username: str, name: str = "") -> tuple[ApiToken, str]:
    """Issue an API token; the raw value is returned once and never stored."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"no active user {username!r}")
    if actor is not None and actor.pk != user.pk:
        require_permission(actor, "accounts.add_apitoken")
    raw, prefix, secret_hash = tokens.new_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, secret_hash=secret_hash, created_at=now()
        )
        record_event(
            actor=actor,
            action="accounts.create_token",
            object_type="api_token",
            object_id=token.pk,
            after={"user": user.username, "name": name, "prefix": prefix},
        )
    return token, raw


def revoke_token(*, actor, token_id: int) -> ApiToken:
    queryset = ApiToken.objects.select_for_update().select_related("user")
    if actor is not None and not actor.has_perm("accounts.change_apitoken"):
        queryset = queryset.filter(user=actor)
    with transaction.atomic():
        token = queryset.filter(pk=token_id).first()
        if token is None:
            raise NotFound(f"no API token {token_id}")
        if token.revoked_at is None:
            token.revoked_at = now()
            token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="accounts.revoke_token",
            object_type="api_token",
            object_id=token.pk,
            after={"user": token.user.username, "prefix": token.prefix, "revoked": True},
        )
    return token


def authenticate_token(raw: str) -> User | None:
    """The user behind a bearer token, or None for an unknown, revoked or malformed token."""
    parts = tokens.split_token(raw)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if not tokens.secret_matches(secret, token.secret_hash):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now())
    return token.user
