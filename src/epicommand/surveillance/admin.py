"""Surveillance in the admin: revisions and alerts to read, rules and reporting settings to
set (changes audited like every service write)."""

from django.contrib import admin

from epicommand.admin_base import ReadOnlyAdmin
from epicommand.audit.services import record_event
from epicommand.surveillance.models import Alert, AlertRule, ReportingSetting, ReportRevision


class AuditedAdmin(admin.ModelAdmin):
    """Saves from the admin leave an audit event in the same transaction."""

    audit_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            actor=request.user,
            action=f"surveillance.admin_{'change' if change else 'create'}_{obj._meta.model_name}",
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            after={f: getattr(obj, f) for f in self.audit_fields},
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AlertRule)
class AlertRuleAdmin(AuditedAdmin):
    list_display = ("kind", "level", "threshold", "is_active")
    list_filter = ("kind", "level", "is_active")
    audit_fields = ("kind", "level", "threshold", "is_active")


@admin.register(ReportingSetting)
class ReportingSettingAdmin(AuditedAdmin):
    list_display = ("area", "files_reports", "keeps_line_list")
    autocomplete_fields = ("area",)
    audit_fields = ("area_id", "files_reports", "keeps_line_list")


@admin.register(ReportRevision)
class ReportRevisionAdmin(ReadOnlyAdmin):
    list_display = ("area", "reported_on", "revision", "new_fever", "source", "submitted_at")
    list_filter = ("source", "reported_on")
    search_fields = ("area__code", "area__name")
    date_hierarchy = "reported_on"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("rule", "area", "on", "value", "cleared_at", "acknowledged_at")
    list_filter = ("rule__kind", "on")
    search_fields = ("area__code", "area__name")
