"""Choices of the modelling app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunKind(models.TextChoices):
    RT = "rt", _("reproduction number")
    FORECAST = "forecast", _("forecast")
    BACKTEST = "backtest", _("backtest")
    SCENARIO = "scenario", _("scenario")
    NOWCAST = "nowcast", _("nowcast")
    DEMAND = "demand", _("medicine demand")


class RunStatus(models.TextChoices):
    """Runs are synchronous: a run that fails is refused and stores nothing, so every stored
    run is done. The field is there for runs queued on a cluster later."""

    DONE = "done", _("done")


class Via(models.TextChoices):
    """Where a run was asked for: the audit trail names the person, this the way in."""

    API = "api", _("API")
    CLI = "cli", _("command line")
    PAGE = "page", _("analytics page")
    SITREP = "sitrep", _("situation report (on demand)")
    DEMO = "demo", _("demo data")


class Figure(models.TextChoices):
    """Daily figures a model can be driven by."""

    NEW_FEVER = "new_fever", _("new fever cases")
    NEW_CONFIRMED = "new_confirmed", _("new confirmed")
