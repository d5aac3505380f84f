"""The roster of medical staff and the records of their health.

A person's status on a day (on duty, deployed, sick, in quarantine, off, deceased) is not
stored: it follows from their absences, deployments and death (``care.rules.status_on``), so
the roster can be read for any past day. ``area_path`` (the post's node path) is kept on
each row for scope: a person belongs to the areas of their post.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.care.enums import AbsenceKind, InfectionStatus, Qualification


class StaffMember(models.Model):
    staff_number = models.CharField(_("staff number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("local name"), max_length=200, blank=True)
    qualification = models.CharField(
        _("qualification"), max_length=20, choices=Qualification.choices, db_index=True
    )
    home_area = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("home area")
    )
    home_site = models.ForeignKey(
        "supply.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home site"),
    )
    post = models.ForeignKey(
        "supply.Site",
        on_delete=models.PROTECT,
        related_name="staff_posted",
        verbose_name=_("current post"),
    )
    area_path = models.CharField(max_length=255)
    must_stay = models.BooleanField(_("must stay at post"), default=False)
    died_on = models.DateField(_("died on"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        permissions = [
            ("manage_staff", "Add staff to the roster and import rosters"),
            ("view_staff_health", "See a person's infections, sick leave, quarantine and death"),
            ("record_staff_health", "Record infections, sick leave, quarantine and deaths"),
        ]
        indexes = [
            models.Index(fields=["area_path", "qualification"], name="care_staff_path_q"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.staff_number})"

    def as_audit_dict(self) -> dict:
        return {
            "staff_number": self.staff_number,
            "name": self.name,
            "qualification": self.qualification,
            "home_area": self.home_area.code,
            "post": self.post.area.code,
            "must_stay": self.must_stay,
        }


class Absence(models.Model):
    """Sick leave, quarantine or time off from ``start_on`` to ``end_on`` (inclusive;
    empty: still absent)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="absences")
    area_path = models.CharField(max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=AbsenceKind.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    infection = models.ForeignKey(
        "care.Infection", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["start_on", "area_path"], name="care_absence_start")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.kind} {self.start_on}..{self.end_on or ''}"


class Infection(models.Model):
    """An infection of a member of staff: suspected on a day, confirmed (or not) later."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="infections")
    area_path = models.CharField(max_length=255)
    status = models.CharField(_("status"), max_length=12, choices=InfectionStatus.choices)
    detected_on = models.DateField(_("detected on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("staff infection")
        verbose_name_plural = _("staff infections")
        indexes = [models.Index(fields=["detected_on", "area_path"], name="care_infection_day")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.status} {self.detected_on}"
