from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import AppContract, NavEntry


class GeoConfig(AppConfig):
    name = "epicommand.geo"
    label = "geo"
    verbose_name = "Areas"
    contract = AppContract(
        api=(("geo/", "epicommand.geo.api.router"),),
        urls=(("areas/", "epicommand.geo.urls"),),
        nav=(NavEntry(_("Areas"), "areas", order=20),),
        cli=("epicommand.geo.cli.areas",),
        home=("epicommand.geo.views.home_url",),
        home_order=99,
    )
