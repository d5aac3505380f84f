"""The daily census of a treatment centre, kept as revisions, and the capacity alerts it
raises."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from epicommand.care.enums import Severity, Source


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class CensusRevision(models.Model):
    """One revision of a centre's census for a day (movements of the day, patients and beds
    occupied at midnight). Filing again supersedes the current revision and adds the next:
    nothing is overwritten. ``warnings`` keeps what the checks said when it was filed."""

    centre = models.ForeignKey(
        "care.TreatmentCentre", on_delete=models.PROTECT, related_name="census"
    )
    area_path = models.CharField(max_length=255)
    reported_on = models.DateField(_("day"))
    revision = models.PositiveIntegerField(_("revision"))
    admissions = _count(_("admissions"))
    discharges = _count(_("discharges (recovered)"))
    deaths = _count(_("deaths"))
    transfers_in = _count(_("transfers in"))
    transfers_out = _count(_("transfers out"))
    patients_fevered = _count(_("patients fevered (suspected)"))
    patients_positive = _count(_("patients tested positive"))
    occupied_general = _count(_("general beds occupied"))
    occupied_isolation = _count(_("isolation beds occupied"))
    occupied_intensive = _count(_("intensive-care beds occupied"))
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("census revision")
        verbose_name_plural = _("census revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "reported_on", "revision"], name="care_census_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["centre", "reported_on"],
                condition=Q(superseded_at__isnull=True),
                name="care_census_one_current",
            ),
        ]
        indexes = [
            models.Index(fields=["reported_on", "area_path"], name="care_census_day_path"),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.reported_on} r{self.revision}"

    @property
    def patients(self) -> int:
        return self.patients_fevered + self.patients_positive

    @property
    def occupied(self) -> int:
        return self.occupied_general + self.occupied_isolation + self.occupied_intensive


class CapacityAlert(models.Model):
    """A centre's occupancy above a threshold on a day (raised when its census is filed;
    a corrected census below the thresholds clears it)."""

    centre = models.ForeignKey(
        "care.TreatmentCentre", on_delete=models.CASCADE, related_name="alerts"
    )
    area_path = models.CharField(max_length=255)
    on = models.DateField(_("day"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    occupancy = models.FloatField(_("occupancy"))
    raised_at = models.DateTimeField(_("raised at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("capacity alert")
        verbose_name_plural = _("capacity alerts")
        constraints = [models.UniqueConstraint(fields=["centre", "on"], name="care_alert_unique")]
        indexes = [models.Index(fields=["on", "area_path"], name="care_alert_day_path")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.on} {self.severity}"
