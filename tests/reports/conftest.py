"""Fixtures of the reports tests: the fake selector and a fixed "today"."""

from __future__ import annotations

import pytest

from tests.reports import fakes
from tests.reports.factories import AS_OF


@pytest.fixture
def selector(monkeypatch) -> fakes.FakeSelector:
    return fakes.install(monkeypatch)


@pytest.fixture
def acknowledge(monkeypatch) -> fakes.FakeAcknowledge:
    return fakes.install_acknowledge(monkeypatch)


@pytest.fixture
def fixed_today(monkeypatch):
    """``clock.today()`` is the factory's as-of day."""
    monkeypatch.setattr("epicommand.clock.today", lambda: AS_OF)
    return AS_OF
