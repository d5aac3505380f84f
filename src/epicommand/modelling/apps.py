from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.accounts.roles import Role
from epicommand.core.contract import AppContract, DemoStep, NavEntry, SitrepEntry

CLI = "epicommand.modelling.cli"
SITREP = "epicommand.modelling.sitrep"


class ModellingConfig(AppConfig):
    name = "epicommand.modelling"
    label = "modelling"
    verbose_name = "Modelling"
    contract = AppContract(
        api=(("modelling/", "epicommand.modelling.api.router"),),
        urls=(("modelling/", "epicommand.modelling.urls"),),
        # Analysts and HQ get the link; other roles reach an area's analytics page from
        # its situation report.
        nav=(
            NavEntry(
                _("Analytics"),
                "modelling-home",
                roles=(Role.ANALYST, Role.HQ_COMMANDER, Role.ADMIN),
                order=40,
            ),
        ),
        cli=tuple(f"{CLI}.{name}" for name in ("rt", "forecast", "backtest", "simulate", "demand")),
        permissions="epicommand.modelling.roles.ROLE_PERMISSIONS",
        sitrep_blocks=(
            SitrepEntry("rt", f"{SITREP}.rt_block", 40, _("Reproduction number (Rt)")),
            SitrepEntry("forecast", f"{SITREP}.forecast_block", 50, _("Forecast")),
            SitrepEntry("scenario", f"{SITREP}.scenario_block", 60, _("Scenario")),
        ),
        demo=(DemoStep("epicommand.modelling.demo.build_modelling", order=40),),
    )
