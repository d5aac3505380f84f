"""Users carry their roles (groups) and the areas they may see and change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.accounts.roles import role_codes, role_label


class User(AbstractUser):
    scope_areas = models.ManyToManyField(
        "geo.Area", verbose_name=_("scope areas"), blank=True, related_name="+"
    )

    @property
    def roles(self) -> list[str]:
        """The user's roles (groups named after a role), in the roles' order."""
        names = {g.name for g in self.groups.all()}
        return [code for code in role_codes() if code in names]

    @property
    def role_labels(self) -> list[str]:
        return [role_label(r) for r in self.roles]

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.roles


class ApiToken(models.Model):
    """A machine client's bearer token. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
