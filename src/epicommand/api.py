"""The JSON API at /api/: one NinjaAPI, the routers every app declares in its contract
(``AppContract.api``), one error shape.

Errors answer ``{"error": {"code": ..., "message": ..., "details": [...]}}`` with the
domain error's status (404 for missing or out of scope, 403 for a role, 422 for bad input).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from epicommand.accounts.services import authenticate_token
from epicommand.core import registry
from epicommand.errors import DomainError


class BearerToken(HttpBearer):
    """``Authorization: Bearer epc_...`` for machine clients."""

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's login session, with CSRF checked on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api = NinjaAPI(
    title="EpiCommand API",
    version="1",
    description=(
        "National epidemic emergency command: areas, users, audit, situation reports and more."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)
for mount, router in registry.api_mounts():
    api.add_router(f"/{mount}", router)


def error_body(code: str, message: str, details: list | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or []}}


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, error_body(exc.code, exc.message, exc.details), status=exc.status
    )


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "reason": e.get("msg", "")}
        for e in exc.errors
    ]
    return api.create_response(
        request, error_body("validation_failed", "the request is not valid", details), status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", "log in or send a valid API token"), status=401
    )
