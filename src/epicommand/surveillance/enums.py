"""The fixed vocabularies of surveillance: where a report came from, a case's status and
sex in the line list, and the kinds of alert rule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("API")
    FILE = "file", _("file import")
    DHIS2 = "dhis2", _("DHIS2 import")
    LINE_LIST = "line_list", _("case line list")
    DEMO = "demo", _("demo data")


class CaseStatus(models.TextChoices):
    SUSPECTED = "suspected", _("suspected")
    CONFIRMED = "confirmed", _("confirmed")
    NEGATIVE = "negative", _("negative")
    RECOVERED = "recovered", _("recovered")
    DIED = "died", _("died")


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    UNKNOWN = "u", _("unknown")


class AlertKind(models.TextChoices):
    INCIDENCE = "incidence", _("new cases per 100,000 above a threshold")
    GROWTH = "growth", _("week-on-week growth above a percentage")
    DEATHS = "deaths", _("any deaths")
    COMPLETENESS = "completeness", _("reporting completeness below a percentage")
