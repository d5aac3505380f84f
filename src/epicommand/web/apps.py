from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "epicommand.web"
    label = "web"
    verbose_name = "Web"
