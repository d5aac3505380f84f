"""Daily reports (kept as revisions), their roll-ups, the case line list, and alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from epicommand.geo.models import Area
from epicommand.surveillance.enums import AlertKind, CaseStatus, Sex, Source


def _figure(label: str) -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(label, null=True, blank=True)


class ReportingSetting(models.Model):
    """Per-area exceptions to the default reporting level, and whether it keeps a line list."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="reporting")
    files_reports = models.BooleanField(
        _("files daily reports"),
        null=True,
        blank=True,
        help_text=_("Empty: by level (the reporting level files, areas above sum them)."),
    )
    keeps_line_list = models.BooleanField(_("keeps a case line list"), default=False)

    class Meta:
        verbose_name = _("reporting setting")
        verbose_name_plural = _("reporting settings")

    def __str__(self) -> str:
        return str(self.area)


class ReportRevision(models.Model):
    """One revision of the daily report of a reporting area for a day.

    Sending the report again supersedes the current revision (``superseded_at`` set) and adds
    the next one; nothing is overwritten, so any past state can be read back "as known at".
    A figure left empty was not reported (None), which is not the same as zero.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("day"))
    revision = models.PositiveIntegerField(_("revision"))
    new_fever = _figure(_("new fever cases"))
    new_confirmed = _figure(_("new confirmed"))
    new_recovered = _figure(_("new recovered"))
    new_deaths = _figure(_("new deaths"))
    under_treatment = _figure(_("under treatment"))
    tests_done = _figure(_("tests done"))
    in_quarantine = _figure(_("in quarantine"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "reported_on", "revision"], name="revision_unique"
            ),
            models.UniqueConstraint(
                fields=["area", "reported_on"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_revision",
            ),
        ]
        indexes = [models.Index(fields=["reported_on", "area"], name="revision_day_area")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.reported_on} r{self.revision}"


class DailyTotal(models.Model):
    """Current figures of every area (reporting areas and every area above them) per day.

    Maintained in the transaction that saves a report, so a parent shows a report the moment
    it is saved. Figures are sums of the reporting areas' current revisions (empty counts as
    nothing); ``reports`` is how many reporting areas sent one for the day.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    new_fever = models.BigIntegerField(default=0)
    new_confirmed = models.BigIntegerField(default=0)
    new_recovered = models.BigIntegerField(default=0)
    new_deaths = models.BigIntegerField(default=0)
    under_treatment = models.BigIntegerField(default=0)
    tests_done = models.BigIntegerField(default=0)
    in_quarantine = models.BigIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "on"], name="daily_total_unique")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.on}"


class Idempotency(models.Model):
    """A submission's answer kept under its Idempotency-Key, replayed on a retry."""

    key = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique")]

    def __str__(self) -> str:
        return self.key


class Case(models.Model):
    """One person in the line list of an area that keeps one."""

    case_id = models.CharField(_("case id"), max_length=64, unique=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    onset_on = models.DateField(_("onset"), null=True, blank=True)
    reported_on = models.DateField(_("reported"))
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices)
    confirmed_on = models.DateField(_("confirmed"), null=True, blank=True)
    outcome_on = models.DateField(_("outcome"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    is_medical_worker = models.BooleanField(_("medical worker"), default=False)
    treatment_centre = models.CharField(_("treatment centre"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["area", "reported_on"], name="case_area_day")]

    def __str__(self) -> str:
        return self.case_id


class AlertRule(models.Model):
    """A rule evaluated for every area of one level whenever that area's figures change."""

    level = models.SlugField(_("area level"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    threshold = models.FloatField(_("threshold"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.level}, {self.threshold:g})"


class Alert(models.Model):
    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("day"))
    value = models.FloatField(_("value"))
    raised_at = models.DateTimeField(_("raised at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["rule", "area", "on"], name="alert_unique")]
        indexes = [models.Index(fields=["on", "area"], name="alert_day_area")]

    def __str__(self) -> str:
        return f"{self.rule} {self.area_id} {self.on}"
