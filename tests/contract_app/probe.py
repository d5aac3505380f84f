"""Everything the contract app brings, in one module. The block and the timeline provider
answer only when the test switches them on (``settings.CONTRACT_PROBE``), so the rest of the
suite sees the usual reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import click
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import Router

from epicommand.core.blocks import BlockContext
from epicommand.core.timeline import TimelineEvent, TimelineQuery

router = Router(tags=["contract-probe"])
PERMISSIONS = {"probe_keeper": ["geo.view_area"]}


@router.get("/ping")
def ping(request: HttpRequest) -> dict:
    return {"pong": request.user.username}


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("contract probe page")


urlpatterns = [path("", page, name="contract-probe")]


@click.command("contract-probe")
def probe_command() -> None:
    """Say that the contract app's command was found."""
    click.echo("contract probe command")


@dataclass(frozen=True)
class ProbeBlock:
    area: str
    template: ClassVar[str | None] = None

    def as_json(self) -> dict:
        return {"area": self.area}

    def markdown(self) -> list[str]:
        return ["", f"## Probe of {self.area}", ""]


def _on() -> bool:
    return getattr(settings, "CONTRACT_PROBE", False)


def probe_block(ctx: BlockContext) -> ProbeBlock | None:
    return ProbeBlock(ctx.area.code) if _on() else None


def broken_block(ctx: BlockContext) -> ProbeBlock | None:
    if _on():
        raise RuntimeError("the probe broke on purpose")
    return None


def probe_events(query: TimelineQuery):
    if not _on():
        return []
    at = dt.datetime(2022, 5, 14, 3, tzinfo=dt.UTC)
    return [
        TimelineEvent(
            at, "contract_app.probe", "Probe", query.area.code, "/api/contract-probe/ping"
        )
    ]
