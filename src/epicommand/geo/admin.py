"""Areas are read-only in the admin: they change through the import service, which audits."""

from django.contrib import admin

from epicommand.geo.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_local", "level", "population")
    search_fields = ("code", "name", "name_local")
    list_filter = ("level",)
    ordering = ("path",)
    exclude = ("path", "depth", "numchild")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
