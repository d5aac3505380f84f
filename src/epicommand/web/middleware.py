"""One error path for pages: a refusal raised anywhere below a view becomes a page of ours.

Views call a selector or a service and let ``DomainError`` (and ``Http404``) rise; this
middleware answers it inside the normal layout, with the navigation and a plain message, at
the error's status: 404 "not found in your scope", 403 for a role, 409 for a conflict, 422
for bad input. It does so in debug mode too, so the demo never shows Django's debug page
(with its list of every URL) to a user outside their scope. The API has its own handlers
(``epicommand.api``) and never reaches this.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from epicommand.errors import DomainError

TITLES = {
    400: gettext_lazy("The request could not be read"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found in your scope"),
    409: gettext_lazy("Not possible now"),
    413: gettext_lazy("Too large"),
    422: gettext_lazy("Not accepted"),
}


def back_url(request: HttpRequest) -> str | None:
    """The page the user came from, when it is one of ours and not this one: a refused
    button (acknowledge, dispatch) leads back to the page that holds it."""
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
    if not referer or not safe or referer == request.build_absolute_uri():
        return None
    return referer


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """Our error page at ``status`` with ``message`` (already in the user's words)."""
    title = TITLES.get(status) or (TITLES[400] if status < 500 else _("Something went wrong"))
    values = {"status": status, "title": title, "message": message, "back": back_url(request)}
    return render(request, "web/error.html", values, status=status)


class DomainErrorPages:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, DomainError):
            return error_page(request, exception.status, exception.message)
        if isinstance(exception, Http404):
            return error_page(request, 404, str(exception) or _("There is no such page."))
        if isinstance(exception, DjangoPermissionDenied):
            return error_page(request, 403, str(exception) or _("Your role does not allow this."))
        return None
