"""Users in the admin. Changes made here are audited like every service write."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from epicommand.accounts.models import ApiToken, User
from epicommand.audit.services import record_event


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Scope", {"fields": ("scope_areas",)}))
    filter_horizontal = ("groups", "user_permissions", "scope_areas")
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        record_event(
            actor=request.user,
            action="accounts.admin_change_user" if change else "accounts.admin_create_user",
            object_type="user",
            object_id=user.pk,
            after={
                "username": user.username,
                "roles": user.roles,
                "scope": sorted(user.scope_areas.values_list("code", flat=True)),
                "is_active": user.is_active,
            },
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("secret_hash",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
