from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import AppContract, DemoStep, NavEntry, RoleSpec, SitrepEntry

SITREP = "epicommand.care.sitrep"
TIMELINE = "epicommand.care.timeline"


class CareConfig(AppConfig):
    name = "epicommand.care"
    label = "care"
    verbose_name = _("Care")
    contract = AppContract(
        api=(("care/", "epicommand.care.api.router"),),
        urls=(("care/", "epicommand.care.urls"),),
        nav=(NavEntry(_("Care"), "care:home", perm="care.view_care", order=55),),
        cli=("epicommand.care.cli.deploy_staff", "epicommand.care.cli.care"),
        roles=(RoleSpec("staff_health_officer", _("Staff health officer"), order=85),),
        permissions="epicommand.care.roles.ROLE_PERMISSIONS",
        sitrep_blocks=(
            SitrepEntry("beds", f"{SITREP}.beds_block", 72, _("Beds and occupancy")),
            SitrepEntry("staff", f"{SITREP}.staff_block", 74, _("Medical staff")),
        ),
        timeline=(
            f"{TIMELINE}.deployment_events",
            f"{TIMELINE}.capacity_events",
            f"{TIMELINE}.infection_events",
        ),
        home=("epicommand.care.views.home_url",),
        home_order=15,
        demo=(DemoStep("epicommand.care.demo.build.build_care", order=36),),
    )
