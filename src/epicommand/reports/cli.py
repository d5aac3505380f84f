"""``epicommand sitrep``: the situation report of one area as PDF, Markdown, HTML or JSON.

It runs as the system actor (the whole tree in scope). Text formats go to stdout unless
``-o`` names a file; a PDF needs ``-o``. Bad input is one line (click's usage error or the
CLI's ``error: ...``), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from epicommand.web.cli import day_option, moment_option, setup_django

FORMATS = ("pdf", "md", "html", "json")


def _render(report, fmt: str, language: str) -> str | bytes:
    from django.utils import translation

    from epicommand.reports import render

    if fmt == "pdf":
        return render.render_pdf(report, language)
    if fmt == "html":
        return render.render_document(report, language)
    with translation.override(language):
        if fmt == "md":
            return render.render_markdown(report)
        return json.dumps(render.report_json(report), ensure_ascii=False, indent=2) + "\n"


@click.command("sitrep")
@click.option("--area", "area_code", required=True, help="Area code, e.g. KP or KP-02.")
@click.option("--as-of", callback=day_option, help="The report's day (YYYY-MM-DD); default today.")
@click.option("--known-at", callback=moment_option, help="Only what was known then (ISO 8601).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--language", type=click.Choice(["en", "ko"]), default="en", show_default=True)
def sitrep(
    area_code: str,
    as_of: dt.date | None,
    known_at: dt.datetime | None,
    fmt: str,
    output: Path | None,
    language: str,
) -> None:
    """Write the situation report of an area (to stdout unless -o; a PDF needs -o)."""
    if fmt == "pdf" and output is None:
        raise click.UsageError("a PDF needs -o FILE (it is not written to a terminal)")
    setup_django()
    from epicommand.reports.selectors import situation_report
    from epicommand.surveillance.selectors import default_as_of

    report = situation_report(
        actor=None, area_code=area_code, as_of=as_of or default_as_of(), known_at=known_at
    )
    content = _render(report, fmt, language)
    if output is None:
        sys.stdout.write(content)
    elif isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
