from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "epicommand.geo"
    label = "geo"
    verbose_name = "Areas"
