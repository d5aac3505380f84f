from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from epicommand.core.contract import AppContract, NavEntry


class AuditConfig(AppConfig):
    name = "epicommand.audit"
    label = "audit"
    verbose_name = "Audit"
    contract = AppContract(
        api=(("audit/", "epicommand.audit.api.router"),),
        urls=(("audit/", "epicommand.audit.urls"),),
        nav=(NavEntry(_("Audit"), "audit", perm="audit.view_auditevent", order=85),),
    )
