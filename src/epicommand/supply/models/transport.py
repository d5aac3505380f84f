"""Who carries stock: transport units and their vehicles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TransportUnit(models.Model):
    """A unit that carries stock (for example an army transport battalion), based in an area."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("local name"), max_length=200, blank=True)
    base_area = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("base area")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("transport unit")
        verbose_name_plural = _("transport units")
        permissions = [("manage_transport", "Can manage transport units and vehicles")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Vehicle(models.Model):
    """A vehicle of a unit; a capacity of 0 means "not stated" and is not checked."""

    unit = models.ForeignKey(TransportUnit, on_delete=models.PROTECT, related_name="vehicles")
    registration = models.CharField(_("registration"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=100, blank=True)
    capacity_kg = models.PositiveIntegerField(_("capacity (kg)"), default=0)
    capacity_l = models.PositiveIntegerField(_("capacity (litres)"), default=0)
    is_available = models.BooleanField(_("available"), default=True)

    class Meta:
        ordering = ["unit_id", "registration"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self) -> str:
        return self.registration
