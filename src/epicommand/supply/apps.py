from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    name = "epicommand.supply"
    label = "supply"
    verbose_name = _("Supply")

    def ready(self) -> None:
        from epicommand.supply.sitrep import supply_blocks
        from epicommand.surveillance.sitrep import register_block_provider

        register_block_provider(supply_blocks)
