"""Areas are read-only in the admin: they change through the import service, which audits."""

from django.contrib import admin

from epicommand.admin_base import ReadOnlyAdmin
from epicommand.geo.models import Area


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "name_local", "level", "population")
    search_fields = ("code", "name", "name_local")
    list_filter = ("level",)
    ordering = ("path",)
    exclude = ("path", "depth", "numchild")
