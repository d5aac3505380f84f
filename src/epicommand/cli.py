"""The ``epicommand`` console script.

Commands that need the database set Django up when they run, so ``epicommand rt FILE``
works without one. Every failure prints one line and exits non-zero; a traceback is shown
only with ``EPICOMMAND_TRACEBACK=1`` (it means a bug, to be reported).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console

console = Console(stderr=True)
out = Console()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epicommand.settings")
    import django

    django.setup()


def ensure_var_dir() -> None:
    """The default SQLite file lives under var/; create the folder on first use."""
    if "DATABASE_URL" not in os.environ:
        from django.conf import settings

        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)


def run_migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    ensure_var_dir()
    call_command("migrate", interactive=False, verbosity=verbosity)


@click.group()
@click.version_option(package_name="epicommand")
def cli() -> None:
    """EpiCommand: the national epidemic emergency command system."""


@cli.command()
def migrate() -> None:
    """Create or upgrade the database tables."""
    setup_django()
    run_migrate(verbosity=1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int)
@click.option("--threads", default=8, show_default=True)
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web app and the API (production-grade WSGI server, static files included)."""
    setup_django()
    serve_app(host, port, threads)


def serve_app(host: str, port: int, threads: int = 8) -> None:
    from waitress import serve as waitress_serve

    from epicommand.wsgi import application

    out.print(f"EpiCommand serving at [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, _quiet=True)


@cli.command()
@click.option("--no-serve", is_flag=True, help="Build the demo data and exit.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int)
def demo(no_serve: bool, host: str, port: int) -> None:
    """Build the demo country and its users, then serve the web app."""
    os.environ.setdefault("EPICOMMAND_DEBUG", "1")
    setup_django()
    from epicommand.demo.build import build_demo

    run_migrate()
    build_demo(console=out)
    if not no_serve:
        serve_app(host, port)


@cli.command()
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


@cli.group()
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


@cli.group()
def areas() -> None:
    """The area tree: import and export."""


@areas.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), default=None)
def areas_import(file: Path, fmt: str | None) -> None:
    """Create or update areas from CSV (code,parent_code,level,name,name_local,population)
    or GeoJSON. A bad file is listed row by row and nothing is imported."""
    setup_django()
    from epicommand.geo.services import import_areas

    summary = import_areas(actor=None, data=file.read_bytes(), filename=file.name, fmt=fmt)
    out.print(
        f"{len(summary.created)} created, {len(summary.updated)} updated, "
        f"{len(summary.unchanged)} unchanged"
    )


@areas.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def areas_export(fmt: str, output: Path | None) -> None:
    """Write every area as CSV or GeoJSON (to stdout unless -o is given)."""
    setup_django()
    from epicommand.geo import exporters
    from epicommand.geo.models import Area

    rows = list(Area.objects.order_by("path"))
    chunks = exporters.export_csv(rows) if fmt == "csv" else [exporters.export_geojson(rows)]
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for chunk in chunks:
            stream.write(chunk)
    finally:
        if output:
            stream.close()


def _register_app_commands() -> None:
    """Command groups that live in their apps."""
    from epicommand.modelling.cli import COMMANDS
    from epicommand.reports.cli import sitrep
    from epicommand.supply.cli import stock, supply
    from epicommand.surveillance.cli import reports
    from epicommand.surveillance.cli_cases import cases, reports_export

    reports.add_command(reports_export)
    for command in (*COMMANDS, reports, cases, sitrep, stock, supply):
        cli.add_command(command)


_register_app_commands()


def _one_line(exc: BaseException) -> str:
    from epicommand.errors import DomainError, ImportRejected

    if isinstance(exc, ImportRejected):
        lines = [f"error: {exc.message}"] + [f"  {p}" for p in exc.problems[1:20]]
        if len(exc.problems) > 20:
            lines.append(f"  ... and {len(exc.problems) - 20} more")
        return "\n".join(lines)
    if isinstance(exc, DomainError):
        return f"error: {exc.message}"
    return f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="epicommand", standalone_mode=False)
    except click.exceptions.Abort:
        console.print("aborted")
        sys.exit(130)
    except click.UsageError as exc:  # a bad option or argument: one line, as every failure
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the CLI's one place that turns errors into a line
        if os.environ.get("EPICOMMAND_TRACEBACK"):
            raise
        click.echo(_one_line(exc), err=True)
        sys.exit(1)
