"""Stored model runs and the treatment protocol table.

A ``ModelRun`` keeps what is needed to trace a number to its inputs: the area and as-of day,
the moment its inputs were read (``inputs_known_at``: reading the data "as known at" that
moment gives them back exactly), the parameters (seed included, so the random paths can be
drawn again), a digest of the input series, and a summary of the results to show them again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.geo.models import Area
from epicommand.modelling.enums import RunKind, RunStatus, Via


class ModelRun(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RunKind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("as of"))
    inputs_known_at = models.DateTimeField(_("inputs known at"))
    parameters = models.JSONField(_("parameters"))
    parameters_digest = models.CharField(max_length=64)
    inputs_digest = models.CharField(max_length=64)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DONE
    )
    requested_via = models.CharField(_("requested via"), max_length=12, choices=Via.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    seconds = models.FloatField(_("seconds"), default=0)
    warnings = models.JSONField(_("warnings"), default=list)
    summary = models.JSONField(_("summary"))

    class Meta:
        verbose_name = _("model run")
        verbose_name_plural = _("model runs")
        indexes = [
            models.Index(fields=["area", "kind", "as_of"], name="modelrun_area_kind_day"),
            models.Index(fields=["kind", "created_at"], name="modelrun_kind_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.area_id} {self.as_of} #{self.pk}"


class ProtocolLine(models.Model):
    """Units of an item a case of a category uses: once per new case (a course started at
    diagnosis) and per day under treatment. ``share`` is the share of new cases (and of
    patients) that fall in the category. ``item_code`` is a plain code: the supply app's
    items are matched by it."""

    item_code = models.CharField(_("item code"), max_length=40)
    item_name = models.CharField(_("item name"), max_length=200, blank=True)
    case_category = models.SlugField(_("case category"), max_length=40)
    share = models.FloatField(
        _("share of cases"), validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    units_per_new_case = models.FloatField(
        _("units per new case"), default=0, validators=[MinValueValidator(0)]
    )
    units_per_patient_day = models.FloatField(
        _("units per patient-day"), default=0, validators=[MinValueValidator(0)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("treatment protocol line")
        verbose_name_plural = _("treatment protocol lines")
        ordering = ["item_code", "case_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_code", "case_category"], name="protocol_item_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_code} ({self.case_category})"

    def as_audit_dict(self) -> dict:
        return {
            "item_code": self.item_code,
            "item_name": self.item_name,
            "case_category": self.case_category,
            "share": self.share,
            "units_per_new_case": self.units_per_new_case,
            "units_per_patient_day": self.units_per_patient_day,
            "is_active": self.is_active,
        }
