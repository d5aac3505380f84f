"""Surveillance in the admin: revisions and alerts to read, rules and reporting settings to
set, each save through the service (``set_alert_rule``, ``set_reporting_setting``), which
checks, refuses and audits as it does for the API and the CLI."""

from django.contrib import admin

from epicommand.admin_base import ReadOnlyAdmin, ServiceAdmin
from epicommand.surveillance import services
from epicommand.surveillance.models import Alert, AlertRule, ReportingSetting, ReportRevision


@admin.register(AlertRule)
class AlertRuleAdmin(ServiceAdmin):
    list_display = ("kind", "level", "threshold", "is_active")
    list_filter = ("kind", "level", "is_active")
    fields = ("kind", "level", "threshold", "is_active")

    def write(self, request, form, change) -> AlertRule:
        data = form.cleaned_data
        return services.set_alert_rule(
            actor=request.user,
            level=data["level"],
            kind=data["kind"],
            threshold=data["threshold"],
            is_active=data["is_active"],
            rule_id=form.instance.pk if change else None,
        )


@admin.register(ReportingSetting)
class ReportingSettingAdmin(ServiceAdmin):
    list_display = ("area", "files_reports", "keeps_line_list")
    autocomplete_fields = ("area",)
    fields = ("area", "files_reports", "keeps_line_list")

    def get_readonly_fields(self, request, obj=None):
        return ("area",) if obj is not None else ()

    def write(self, request, form, change) -> ReportingSetting:
        data = form.cleaned_data
        area = form.instance.area if change else data["area"]
        return services.set_reporting_setting(
            actor=request.user,
            area_code=area.code,
            files_reports=data["files_reports"],
            keeps_line_list=data["keeps_line_list"],
        )


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
