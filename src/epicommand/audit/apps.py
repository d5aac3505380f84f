from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "epicommand.audit"
    label = "audit"
    verbose_name = "Audit"
