"""Admin building blocks shared by the apps.

The admin writes nothing itself: a record is either read-only there (``ReadOnlyAdmin``) or
saved by the app's service (``ServiceAdmin``), so the admin checks, refuses and audits
exactly as the API, the pages and the CLI do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from epicommand.errors import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through services (which audit) or never: the admin
    lists and shows them, and offers no way to add, change or delete one."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def add_refusal(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's refusal on the form: its message above the fields, and each
    detail that names a field of the form beside that field."""
    form.add_error(None, exc.message)
    for detail in exc.details:
        name = detail.get("field")
        if name in form.fields and name in getattr(form, "cleaned_data", {}):
            form.add_error(name, str(detail.get("reason", "")))


class ServiceAdmin(admin.ModelAdmin):
    """An admin whose saves are one service call (``write``), made as the form's last
    check: once Django's own field checks pass, the service runs, and a refusal comes back
    on the form with the service's message (a negative alert threshold is refused here as
    it is in the API). The admin's own save steps then have nothing left to write.

    The call runs inside the admin's transaction, so nothing the service wrote survives a
    later failure of the page. Deleting is refused unless an app allows it through a service
    (``delete_model``)."""

    def write(self, request: HttpRequest, form: forms.ModelForm, change: bool) -> Model:
        """Save ``form.cleaned_data`` through the app's service; return the saved object."""
        raise NotImplementedError

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        write = self.write

        class ThroughService(base):  # type: ignore[misc, valid-type]
            def _post_clean(self) -> None:
                super()._post_clean()
                if self.errors:
                    return
                try:
                    self.instance = write(request, self, obj is not None)
                except DomainError as exc:
                    add_refusal(self, exc)

            def save(self, commit: bool = True) -> Model:
                """The object the service saved; the form itself writes nothing."""
                self.save_m2m = lambda: None
                return self.instance

        ThroughService.__name__ = base.__name__
        return ThroughService

    def save_model(self, request, obj, form, change) -> None:
        """Nothing to do: the service saved the object when the form was checked."""

    def save_related(self, request, form, formsets, change) -> None:
        """Nothing to do: the service saved the relations too."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
