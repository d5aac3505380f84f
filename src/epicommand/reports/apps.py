from django.apps import AppConfig

from epicommand.core.contract import AppContract


class ReportsConfig(AppConfig):
    name = "epicommand.reports"
    label = "reports"
    verbose_name = "Reports"
    contract = AppContract(
        api=(("reports/", "epicommand.reports.api.router"),),
        urls=(("", "epicommand.reports.urls"),),
        cli=("epicommand.reports.cli.sitrep",),
        home=("epicommand.reports.views.home_url",),
        home_order=90,
    )
