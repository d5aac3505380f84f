from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "epicommand.reports"
    label = "reports"
    verbose_name = "Reports"
