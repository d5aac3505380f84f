"""Users and API tokens in the admin, every change through ``accounts.services`` (checked and
audited as from the CLI): creating and changing a user, setting a password, deactivating,
deleting an account that has no history, revoking a token."""

from __future__ import annotations

import copy
import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from epicommand.accounts import services
from epicommand.accounts.errors import UserHasHistory
from epicommand.accounts.models import ApiToken, User
from epicommand.accounts.selectors import has_history
from epicommand.admin_base import ReadOnlyAdmin, ServiceAdmin
from epicommand.errors import DomainError


def role_choices() -> list[tuple[str, str]]:
    from epicommand.core import registry

    return [(spec.code, spec.label) for spec in registry.roles()]


class UserAddForm(UserCreationForm):
    """A new user: name, one role, the scope and a password (the rest on the next page)."""

    role = forms.ChoiceField(label=_("Role"), choices=role_choices)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "scope_areas")


class UserEditForm(UserChangeForm):
    """A user's roles replace Django's groups and permissions: a role decides them all."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=role_choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("roles", self.instance.roles)


class PasswordThroughService(AdminPasswordChangeForm):
    """Django's password form, saving through ``set_password`` as the acting administrator
    (the same validators, one audit event). Passwords are the only way to log in here, so
    there is no "disable password-based authentication": deactivate the account instead."""

    def __init__(self, user: User, *args, actor: User | None = None, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.actor = actor
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = self.fields["password2"].required = True

    def save(self, commit: bool = True) -> User:
        self.user = services.set_password(
            actor=self.actor, username=self.user.username, password=self.cleaned_data["password1"]
        )
        return self.user


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    add_form_template = None
    change_user_password_template = "accounts/admin/change_password.html"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles and scope"), {"fields": ("is_active", "roles", "scope_areas")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "email", "role", "scope_areas", "password1", "password2")}),
    )
    autocomplete_fields = ("scope_areas",)
    filter_horizontal = ()
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("is_active", "groups")
    actions = ("deactivate_users",)

    def get_readonly_fields(self, request, obj=None):
        return ("username", "last_login", "date_joined") if obj is not None else ()

    def write(self, request, form, change) -> User:
        data = form.cleaned_data
        scope = [area.code for area in data["scope_areas"]]
        if not change:
            return services.create_user(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                scope_codes=scope,
                password=data["password1"],
                email=data["email"],
            )[0]
        return services.change_user(
            actor=request.user,
            username=form.instance.username,
            roles=data["roles"],
            scope_codes=scope,
            is_active=data["is_active"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )

    def user_change_password(self, request, id, form_url=""):
        """Django's page with ``PasswordThroughService``; the actor rides on a copy of this
        admin, so two requests at the same time never share it."""
        bound = copy.copy(self)
        bound.change_password_form = functools.partial(PasswordThroughService, actor=request.user)
        return DjangoUserAdmin.user_change_password(bound, request, id, form_url)

    def has_delete_permission(self, request, obj=None) -> bool:
        """Only accounts without history can be deleted; the others are deactivated."""
        allowed = request.user.has_perm("accounts.delete_user")
        return allowed and (obj is None or not has_history(obj))

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and has_history(user):
            raise UserHasHistory(user.username)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj) -> None:
        services.delete_user(actor=request.user, username=obj.username)

    def get_actions(self, request):
        found = super().get_actions(request)
        found.pop("delete_selected", None)  # one by one, so history is checked for each
        return found

    @admin.action(description=_("Deactivate the selected users"))
    def deactivate_users(self, request, queryset) -> None:
        for user in queryset:
            try:
                services.deactivate_user(actor=request.user, username=user.username)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_tokens",)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset) -> None:
        for token in queryset:
            services.revoke_token(actor=request.user, token_id=token.pk)


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(ReadOnlyAdmin):
    """Roles are groups whose permissions the apps declare (``ROLE_PERMISSIONS``) and
    ``sync_role_groups`` sets after each migration: shown, never edited here."""

    list_display = ("name",)
    filter_horizontal = ()
