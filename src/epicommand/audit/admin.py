"""The audit trail in the admin: list and filter, never add, change or delete."""

from django.contrib import admin

from epicommand.admin_base import ReadOnlyAdmin
from epicommand.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "action")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
