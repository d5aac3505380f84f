"""The fixed vocabularies of treatment centres and medical staff."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BedType(models.TextChoices):
    GENERAL = "general", _("General")
    ISOLATION = "isolation", _("Isolation")
    INTENSIVE = "intensive", _("Intensive care")


class Qualification(models.TextChoices):
    DOCTOR = "doctor", _("Doctor")
    NURSE = "nurse", _("Nurse")
    PHARMACIST = "pharmacist", _("Pharmacist")
    LABORATORY = "laboratory", _("Laboratory")
    EPIDEMIOLOGIST = "epidemiologist", _("Epidemiologist")
    KORYO_DOCTOR = "koryo_doctor", _("Koryo (traditional) medicine doctor")
    DRIVER = "driver", _("Driver")
    OTHER = "other", _("Other")


class StaffStatus(models.TextChoices):
    """A person's status on a day, derived from the records (``rules.status_on``)."""

    ON_DUTY = "on_duty", _("On duty")
    DEPLOYED = "deployed", _("Deployed")
    SICK = "sick", _("Sick")
    QUARANTINE = "quarantine", _("In quarantine")
    OFF = "off", _("Off")
    DECEASED = "deceased", _("Deceased")
    #: What a role without ``care.view_staff_health`` sees instead of sick, quarantine and
    #: deceased: a person's health is theirs and HQ's.
    UNAVAILABLE = "unavailable", _("Unavailable")


class AbsenceKind(models.TextChoices):
    SICK = "sick", _("Sick leave")
    QUARANTINE = "quarantine", _("Quarantine")
    OFF = "off", _("Off duty")


class InfectionStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    CONFIRMED = "confirmed", _("Confirmed")


class DeploymentState(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    TRAVELLING = "travelling", _("Travelling")
    ARRIVED = "arrived", _("Arrived")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Source(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("API")
    FILE = "file", _("file import")
    DEMO = "demo", _("demo data")


class Severity(models.TextChoices):
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")
