"""The situation report as Markdown (for messages and wikis) and as JSON (the API's body).

JSON keys are a promise to machine clients: the area, the moments, then each block's
``as_json()``: merged into the top level for the surveillance figures (``headline``,
``case_fatality``, ``trend``, ``children``, ``completeness``, ``alerts``, whose keys the API
promised first), under ``blocks`` by name for every other block. Dates and times in ISO
8601; a figure nobody reported is ``null``, never 0. Markdown is written in the active
language, block by block.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from epicommand.reports.situation import SituationReport


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def report_json(report: SituationReport) -> dict:
    """The report as JSON-ready data."""
    data: dict = {
        "area": {
            "code": report.area_code,
            "name": report.area_name,
            "name_local": report.area_name_local,
            "level": report.level,
            "population": report.population,
        },
        "as_of": _iso(report.as_of),
        "known_at": _iso(report.known_at),
        "generated_at": _iso(report.generated_at),
    }
    others: dict[str, dict] = {}
    for name, block in report.blocks.items():
        if not hasattr(block, "as_json"):
            continue
        if getattr(block, "top_level", False):
            data.update(block.as_json())
        else:
            others[name] = block.as_json()
    data["blocks"] = others
    return data


def _local(moment: dt.datetime) -> str:
    """A timestamp in the country's time zone, to the minute, with its offset."""
    return timezone.localtime(moment).isoformat(timespec="minutes")


def _md_head(report: SituationReport) -> list[str]:
    title = _("Situation report")
    local = f" ({report.area_name_local})" if report.area_name_local else ""
    meta = [
        _("as of %(day)s") % {"day": report.as_of.isoformat()},
        _("generated %(at)s") % {"at": _local(report.generated_at)},
    ]
    if report.known_at is not None:
        meta.append(_("as known at %(at)s") % {"at": _local(report.known_at)})
    return [f"# {title}: {report.area_name}{local}", "", "_" + " · ".join(meta) + "_", ""]


def render_markdown(report: SituationReport) -> str:
    """The whole report as Markdown in the active language, ending with a newline."""
    lines = _md_head(report)
    for block in report.blocks.values():
        if hasattr(block, "markdown"):
            lines.extend(block.markdown())
    return "\n".join(lines).rstrip("\n") + "\n"
