"""Stand-ins for the surveillance app's selector and service, which the reports app calls
but another branch writes. ``install`` puts a fake in place whether or not the real module
exists yet (it is created empty in ``sys.modules`` when missing), so the same tests run
before and after the merge."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import types
from dataclasses import dataclass, field

from epicommand.errors import NotFound
from epicommand.surveillance.situation import SituationReport
from tests.reports.factories import make_situation_report


def ensure_module(monkeypatch, dotted: str) -> types.ModuleType:
    """The module ``dotted``, or an empty one registered under that name for this test."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        parent_name, _, child = dotted.rpartition(".")
        module = types.ModuleType(dotted)
        monkeypatch.setitem(sys.modules, dotted, module)
        monkeypatch.setattr(importlib.import_module(parent_name), child, module, raising=False)
        return module


@dataclass
class FakeSelector:
    """``situation_report`` answering for the codes it knows (NotFound for the rest, as
    missing and out of scope answer), recording each call."""

    codes: set[str] = field(default_factory=lambda: {"KP", "XX", "XX-A", "XX-A-1"})
    overrides: dict = field(default_factory=dict)
    calls: list[dict] = field(default_factory=list)

    def __call__(
        self, *, actor, area_code: str, as_of: dt.date, known_at: dt.datetime | None = None
    ) -> SituationReport:
        self.calls.append(
            {"actor": actor, "area_code": area_code, "as_of": as_of, "known_at": known_at}
        )
        if area_code not in self.codes:
            raise NotFound(f"no area {area_code!r} in your scope")
        return make_situation_report(
            as_of=as_of, known_at=known_at, area_code=area_code, **self.overrides
        )


@dataclass
class FakeAcknowledge:
    """``acknowledge_alert`` recording calls; ``error`` is raised instead when set."""

    error: Exception | None = None
    calls: list[dict] = field(default_factory=list)

    def __call__(self, *, actor, alert_id: int):
        self.calls.append({"actor": actor, "alert_id": alert_id})
        if self.error is not None:
            raise self.error
        return None


def install(monkeypatch, selector: FakeSelector | None = None) -> FakeSelector:
    selector = selector or FakeSelector()
    ensure_module(monkeypatch, "epicommand.surveillance.selectors")
    monkeypatch.setattr(
        "epicommand.surveillance.selectors.situation_report", selector, raising=False
    )
    return selector


def install_acknowledge(monkeypatch, service: FakeAcknowledge | None = None) -> FakeAcknowledge:
    service = service or FakeAcknowledge()
    ensure_module(monkeypatch, "epicommand.surveillance.services")
    monkeypatch.setattr(
        "epicommand.surveillance.services.acknowledge_alert", service, raising=False
    )
    return service
