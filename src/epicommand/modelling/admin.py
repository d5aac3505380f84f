"""Modelling in the admin: runs to read (they are made by the services only), and the
treatment protocol table to edit, each save going through the service (audited)."""

from django.contrib import admin

from epicommand.admin_base import ReadOnlyAdmin, ServiceAdmin
from epicommand.modelling.models import ModelRun, ProtocolLine
from epicommand.modelling.services import save_protocol_line

PROTOCOL_FIELDS = (
    "item_code",
    "item_name",
    "case_category",
    "share",
    "units_per_new_case",
    "units_per_patient_day",
    "is_active",
)


@admin.register(ProtocolLine)
class ProtocolLineAdmin(ServiceAdmin):
    """No deleting: retire a line with "active" off, so past demand stays explained."""

    list_display = PROTOCOL_FIELDS
    list_filter = ("case_category", "is_active")
    search_fields = ("item_code", "item_name")
    fields = PROTOCOL_FIELDS

    def write(self, request, form, change) -> ProtocolLine:
        """Through ``save_protocol_line``: role checked, one transaction, one audit event."""
        return save_protocol_line(
            actor=request.user,
            line_id=form.instance.pk if change else None,
            **{name: form.cleaned_data[name] for name in PROTOCOL_FIELDS},
        )


@admin.register(ModelRun)
class ModelRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "kind",
        "area",
        "as_of",
        "inputs_known_at",
        "requested_via",
        "created_by",
        "created_at",
        "seconds",
    )
    list_filter = ("kind", "requested_via", "as_of")
    search_fields = ("area__code", "area__name")
    date_hierarchy = "created_at"
