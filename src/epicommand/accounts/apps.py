from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "epicommand.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from epicommand.accounts.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="epicommand.sync_role_groups")
