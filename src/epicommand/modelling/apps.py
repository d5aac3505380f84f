from django.apps import AppConfig


class ModellingConfig(AppConfig):
    name = "epicommand.modelling"
    label = "modelling"
    verbose_name = "Modelling"

    def ready(self) -> None:
        """Attach the Rt, forecast and scenario blocks to every situation report. The
        surveillance app only offers the hook; it imports nothing from here."""
        from epicommand.modelling.sitrep import situation_blocks
        from epicommand.surveillance.sitrep import register_block_provider

        register_block_provider(situation_blocks)
