"""Treatment centres (the supply sites of that kind, extended with beds and a command line),
and what HQ sets for all of them: minimum staffing ratios, occupancy alert thresholds,
travel times between areas."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.care.enums import BedType, Qualification

BED_TYPES = ("general", "isolation", "intensive")


class TreatmentCentre(models.Model):
    """A supply site of kind treatment centre with its beds by type. ``area_path`` is the
    site's own node's path (kept here so scope needs no join); ``located_in`` the area the
    centre stands in. A district (county) centre commands the centres of its district
    (``commanded_by``) and may file their census for them."""

    site = models.OneToOneField(
        "supply.Site", on_delete=models.PROTECT, related_name="care_centre", verbose_name=_("site")
    )
    located_in = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("located in")
    )
    area_path = models.CharField(max_length=255, db_index=True)
    is_district = models.BooleanField(_("district treatment centre"), default=False)
    commanded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commands",
        verbose_name=_("commanded by"),
    )
    beds_general = models.PositiveIntegerField(_("general beds"), default=0)
    beds_isolation = models.PositiveIntegerField(_("isolation beds"), default=0)
    beds_intensive = models.PositiveIntegerField(_("intensive-care beds"), default=0)
    max_send = models.PositiveIntegerField(
        _("most staff it may send"),
        null=True,
        blank=True,
        help_text=_("Empty: the share the proposal sets."),
    )

    class Meta:
        verbose_name = _("treatment centre")
        verbose_name_plural = _("treatment centres")
        permissions = [
            ("view_care", "See treatment centres, census, roster and deployments"),
            ("file_census", "File the daily census of a treatment centre"),
            ("manage_centres", "Set beds, command lines, minimum ratios and thresholds"),
        ]

    def __str__(self) -> str:
        return str(self.site)

    @property
    def code(self) -> str:
        return self.site.area.code

    @property
    def name(self) -> str:
        return self.site.area.name

    @property
    def name_local(self) -> str:
        return self.site.area.name_local

    @property
    def beds(self) -> dict[str, int]:
        return {t: getattr(self, f"beds_{t}") for t in BED_TYPES}

    @property
    def total_beds(self) -> int:
        return sum(self.beds.values())

    def as_audit_dict(self) -> dict:
        return {
            "code": self.code,
            "beds": self.beds,
            "is_district": self.is_district,
            "commanded_by": self.commanded_by.code if self.commanded_by_id else None,
            "max_send": self.max_send,
        }


class StaffingNorm(models.Model):
    """HQ's minimum ratio for a bed type and a qualification: at most ``patients_per_staff``
    patients per person on duty."""

    bed_type = models.CharField(_("bed type"), max_length=12, choices=BedType.choices)
    qualification = models.CharField(
        _("qualification"), max_length=20, choices=Qualification.choices
    )
    patients_per_staff = models.FloatField(
        _("most patients per person"), validators=[MinValueValidator(0.01)]
    )

    class Meta:
        verbose_name = _("minimum staffing ratio")
        verbose_name_plural = _("minimum staffing ratios")
        constraints = [
            models.UniqueConstraint(fields=["bed_type", "qualification"], name="care_norm_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bed_type}/{self.qualification}: {self.patients_per_staff:g}"


class CapacityThresholds(models.Model):
    """The occupancy (per cent of beds) above which a centre raises a warning and a
    critical alert; one row, set by HQ."""

    warning_percent = models.FloatField(_("warning above (%)"), default=85.0)
    critical_percent = models.FloatField(_("critical above (%)"), default=95.0)

    class Meta:
        verbose_name = _("capacity alert thresholds")
        verbose_name_plural = _("capacity alert thresholds")

    def __str__(self) -> str:
        return f"{self.warning_percent:g} % / {self.critical_percent:g} %"


class TravelTime(models.Model):
    """Hours from one area to another as the user loaded them; pairs not loaded are
    estimated from the areas' centroids (``care.travel``)."""

    from_area = models.ForeignKey("geo.Area", on_delete=models.CASCADE, related_name="+")
    to_area = models.ForeignKey("geo.Area", on_delete=models.CASCADE, related_name="+")
    hours = models.FloatField(_("hours"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["from_area", "to_area"], name="care_travel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.from_area_id} -> {self.to_area_id}: {self.hours:g} h"
