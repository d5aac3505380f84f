"""The fixed vocabularies of the supply network."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemCategory(models.TextChoices):
    ESSENTIAL = "essential", _("Essential medicine")
    RESERVE = "reserve", _("Reserve medicine")
    TRADITIONAL = "traditional", _("Traditional medicine")
    PROTECTIVE = "protective", _("Protective equipment")
    TEST_KIT = "test_kit", _("Test kit")
    VACCINE = "vaccine", _("Vaccine")
    DAILY_NECESSITY = "daily_necessity", _("Daily necessity / food")


class SiteKind(models.TextChoices):
    STATE_RESERVE = "state_reserve", _("State reserve")
    CENTRAL_BASE = "central_base", _("Central supply base")
    PROVINCIAL_CENTRE = "provincial_centre", _("Provincial supply centre")
    COUNTY_CENTRE = "county_centre", _("County supply centre")
    PHARMACY = "pharmacy", _("Pharmacy")
    TREATMENT_CENTRE = "treatment_centre", _("Treatment centre")
    FACTORY = "factory", _("Factory")
    DISTRIBUTION_POINT = "distribution_point", _("Distribution point")


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ISSUE = "issue", _("Issue")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    DISPENSING = "dispensing", _("Dispensing to residents")
    LOSS = "loss", _("Loss")
    EXPIRY = "expiry", _("Expiry write-off")
    COUNT_ADJUSTMENT = "count_adjustment", _("Count adjustment")
    PRODUCTION = "production", _("Production")


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class RequisitionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REDUCED = "reduced", _("Approved with reduced quantities")
    REJECTED = "rejected", _("Rejected")


class ReleaseStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
