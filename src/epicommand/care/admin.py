"""Care records in the admin: listed and shown only. Every change goes through a service
(which checks scope and audits): the API, the pages or the command line."""

from django.contrib import admin

from epicommand.admin_base import ReadOnlyAdmin
from epicommand.care.models import (
    CensusRevision,
    Deployment,
    Proposal,
    StaffingNorm,
    StaffMember,
    TreatmentCentre,
)


@admin.register(TreatmentCentre)
class TreatmentCentreAdmin(ReadOnlyAdmin):
    list_display = ("site", "is_district", "beds_general", "beds_isolation", "beds_intensive")
    list_filter = ("is_district",)
    search_fields = ("site__area__code", "site__area__name")
    list_select_related = ("site__area",)


@admin.register(CensusRevision)
class CensusRevisionAdmin(ReadOnlyAdmin):
    list_display = ("centre", "reported_on", "revision", "patients", "occupied", "source")
    list_filter = ("source",)
    date_hierarchy = "reported_on"
    list_select_related = ("centre__site__area",)


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdmin):
    list_display = ("staff_number", "name", "qualification", "post", "must_stay")
    list_filter = ("qualification", "must_stay")
    search_fields = ("staff_number", "name")
    list_select_related = ("post__area",)


@admin.register(Deployment)
class DeploymentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "from_site", "to_site", "start_on", "state")
    list_filter = ("state",)
    list_select_related = ("from_site__area", "to_site__area")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("pk", "as_of", "state", "created_at")
    list_filter = ("state",)


@admin.register(StaffingNorm)
class StaffingNormAdmin(ReadOnlyAdmin):
    list_display = ("bed_type", "qualification", "patients_per_staff")
