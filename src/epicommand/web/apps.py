from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import AppContract, NavEntry


class WebConfig(AppConfig):
    name = "epicommand.web"
    label = "web"
    verbose_name = "Web"
    contract = AppContract(
        urls=(("", "epicommand.web.urls"),),
        nav=(
            NavEntry(_("Situation report"), "home", order=10),
            NavEntry(_("Administration"), "admin:index", staff_only=True, order=95),
            NavEntry(_("API"), "api:openapi-view", order=99),
        ),
    )
