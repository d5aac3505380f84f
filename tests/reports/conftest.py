"""Fixtures of the reports tests: the fake selector and a fixed "today"."""

from __future__ import annotations

import pytest

from tests.reports.factories import AS_OF, FakeSelector, install_selector


@pytest.fixture
def selector(monkeypatch) -> FakeSelector:
    return install_selector(monkeypatch)


@pytest.fixture
def fixed_today(monkeypatch):
    """``clock.today()`` is the factory's as-of day."""
    monkeypatch.setattr("epicommand.clock.today", lambda: AS_OF)
    return AS_OF
