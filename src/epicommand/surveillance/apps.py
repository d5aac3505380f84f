from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "epicommand.surveillance"
    label = "surveillance"
    verbose_name = "Surveillance"
