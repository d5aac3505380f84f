"""The ``epicommand`` console script.

The script itself holds what runs before any app is asked (``migrate``, ``serve``,
``demo``); every other command comes from an app's contract (``AppContract.cli``), found
when the script first looks one up. Every failure prints one line and exits non-zero; a
traceback is shown only with ``EPICOMMAND_TRACEBACK=1`` (it means a bug, to be reported).
"""

from __future__ import annotations

import os
import sys

import click

from epicommand.web.cli import console, ensure_var_dir, out, setup_django


class AppCommands(click.Group):
    """A group that adds every installed app's commands the first time it lists them or
    looks up a command it does not hold itself (Django is set up then)."""

    _loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        setup_django()
        from epicommand.core import registry

        for command in registry.cli_commands():
            self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None:
            self._load()
            found = super().get_command(ctx, cmd_name)
        return found


def run_migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    ensure_var_dir()
    call_command("migrate", interactive=False, verbosity=verbosity)


@click.group(cls=AppCommands)
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
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from waitress import serve as waitress_serve

    if settings.SECRET_KEY_GENERATED:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set SECRET_KEY to a long random value, "
            "or EPICOMMAND_DEBUG=1 for a local trial"
        )
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
