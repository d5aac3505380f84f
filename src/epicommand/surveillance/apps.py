from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import AppContract, DemoStep, NavEntry, SitrepEntry

BLOCKS = "epicommand.surveillance.blocks"


class SurveillanceConfig(AppConfig):
    name = "epicommand.surveillance"
    label = "surveillance"
    verbose_name = "Surveillance"
    contract = AppContract(
        api=(
            ("surveillance/", "epicommand.surveillance.api.router"),
            ("surveillance/cases/", "epicommand.surveillance.linelist.api.router"),
        ),
        urls=(("", "epicommand.surveillance.urls"),),
        nav=(NavEntry(_("Daily reports"), "report_list", order=30),),
        cli=(
            "epicommand.surveillance.cli.reports",
            "epicommand.surveillance.linelist.cli.cases",
        ),
        permissions="epicommand.surveillance.roles.ROLE_PERMISSIONS",
        sitrep_blocks=(
            SitrepEntry("headline", f"{BLOCKS}.headline.headline", 10, _("Headline figures")),
            SitrepEntry("trend", f"{BLOCKS}.trend.trend", 20, _("Trend")),
            SitrepEntry("map", f"{BLOCKS}.areas.incidence_map", 30, _("Map")),
            SitrepEntry("children", f"{BLOCKS}.areas.children", 80, _("Areas below")),
            SitrepEntry(
                "completeness",
                f"{BLOCKS}.reporting.completeness_block",
                90,
                _("Reporting completeness"),
            ),
            SitrepEntry("alerts", f"{BLOCKS}.reporting.alerts_block", 100, _("Alerts")),
        ),
        timeline=("epicommand.surveillance.timeline.alert_events",),
        demo=(DemoStep("epicommand.surveillance.demo.build_outbreak", order=30),),
    )
