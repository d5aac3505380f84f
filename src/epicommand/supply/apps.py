from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import AppContract, DemoStep, NavEntry, SitrepEntry


class SupplyConfig(AppConfig):
    name = "epicommand.supply"
    label = "supply"
    verbose_name = _("Supply")
    contract = AppContract(
        api=(("supply/", "epicommand.supply.api.router"),),
        urls=(("supply/", "epicommand.supply.urls"),),
        nav=(NavEntry(_("Supply"), "supply:status", perm="supply.view_stock", order=50),),
        cli=("epicommand.supply.cli.stock", "epicommand.supply.cli.supply"),
        permissions="epicommand.supply.roles.ROLE_PERMISSIONS",
        sitrep_blocks=(
            SitrepEntry(
                "supply", "epicommand.supply.sitrep.supply_block", 70, _("Medicine supply")
            ),
        ),
        home=("epicommand.supply.views.stock.home_url",),
        home_order=20,
        demo=(DemoStep("epicommand.supply.demo.build.build_supply", order=20),),
    )
