"""``epicommand createuser`` and ``epicommand tokens ...``: users and API tokens from the
command line (the system actor)."""

from __future__ import annotations

import os

import click

from epicommand.web.cli import out, setup_django


@click.command()
@click.argument("username")
@click.option("--role", required=True, help="hq_commander, analyst, area_officer, ...")
@click.option("--scope", "scopes", multiple=True, required=True, help="Area code; repeatable.")
@click.option("--email", default="")
def createuser(username: str, role: str, scopes: tuple[str, ...], email: str) -> None:
    """Create a user. The password is EPICOMMAND_PASSWORD if set, else generated and printed."""
    setup_django()
    from epicommand.accounts.services import create_user

    user, password = create_user(
        actor=None,
        username=username,
        role=role,
        scope_codes=list(scopes),
        password=os.environ.get("EPICOMMAND_PASSWORD"),
        email=email,
    )
    out.print(f"created {user.username} ({role}, scope {', '.join(scopes)})")
    if not os.environ.get("EPICOMMAND_PASSWORD"):
        out.print(f"password: {password}")


@click.group()
def tokens() -> None:
    """API tokens for machine clients."""


@tokens.command("create")
@click.argument("username")
@click.option("--name", default="", help="What the token is for.")
def tokens_create(username: str, name: str) -> None:
    """Print a new token, sent as 'Authorization: Bearer TOKEN'. It is shown only once."""
    setup_django()
    from epicommand.accounts.services import create_token

    _token, raw = create_token(actor=None, username=username, name=name)
    click.echo(raw)


@tokens.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke a token by its id (see the admin or GET /api/accounts/tokens)."""
    setup_django()
    from epicommand.accounts.services import revoke_token

    token = revoke_token(actor=None, token_id=token_id)
    out.print(f"revoked token {token.pk} ({token.prefix}) of {token.user.username}")
