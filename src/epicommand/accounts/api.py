from django.http import HttpRequest
from ninja import Router, Status

from epicommand.accounts import services
from epicommand.accounts.models import ApiToken
from epicommand.accounts.schemas import MeOut, NewTokenOut, TokenIn, TokenOut
from epicommand.geo import selectors as geo_selectors

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    user = request.user
    return {
        "username": user.username,
        "roles": user.roles,
        "scope": sorted(user.scope_areas.values_list("code", flat=True)),
        "is_national": geo_selectors.is_national(actor=user),
    }


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest):
    """Your own API tokens (never their secret)."""
    return ApiToken.objects.filter(user=request.user).order_by("-created_at")


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request: HttpRequest, body: TokenIn):
    """A new token for yourself; its value is shown once, in this answer."""
    token, raw = services.create_token(
        actor=request.user, username=request.user.username, name=body.name
    )
    token.token = raw
    return Status(201, token)


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: int):
    return services.revoke_token(actor=request.user, token_id=token_id)
