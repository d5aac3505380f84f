"""Areas form one tree stored as a materialised path.

"Everything under Province X" is then one indexed prefix query on ``path``, which is what
every scoped read of the system does (see ``core.scope``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

# Supply sites (pharmacies, supply centres, ...) are the leaves of the tree, one level below
# the area they sit in, so one scope mechanism covers areas and sites. Area pages and
# surveillance roll-ups leave them out.
SITE_LEVEL = "site"

# Display names of the usual level slugs; a country may use other slugs, shown as written.
LEVEL_LABELS = {
    "country": _("Country"),
    "province": _("Province"),
    "county": _("County"),
    "district": _("District"),
    "ward": _("Ward"),
    SITE_LEVEL: _("Site"),
}


class Area(MP_Node):
    """An administrative area. ``code`` is the stable key every file and API speaks."""

    steplen = 4

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("local name"), max_length=200, blank=True)
    level = models.SlugField(_("level"), max_length=40)
    population = models.PositiveBigIntegerField(_("population"), default=0)
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, self.level.replace("_", " ").title()))

    def as_audit_dict(self) -> dict:
        parent = Area.objects.get_parent(self)
        return {
            "code": self.code,
            "parent_code": parent.code if parent else None,
            "name": self.name,
            "name_local": self.name_local,
            "level": self.level,
            "population": self.population,
            "has_geometry": self.geometry is not None,
        }
