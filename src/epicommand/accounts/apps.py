from django.apps import AppConfig
from django.db.models.signals import post_migrate

from epicommand.accounts.roles import FOUNDATION_ROLES
from epicommand.core.contract import AppContract


class AccountsConfig(AppConfig):
    name = "epicommand.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    contract = AppContract(
        api=(("accounts/", "epicommand.accounts.api.router"),),
        cli=("epicommand.accounts.cli.createuser", "epicommand.accounts.cli.tokens"),
        roles=FOUNDATION_ROLES,
        permissions="epicommand.accounts.roles.ROLE_PERMISSIONS",
    )

    def ready(self) -> None:
        from epicommand.accounts.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="epicommand.sync_role_groups")
