"""Shared fixtures."""

from __future__ import annotations

import pytest

from tests.factories import make_country


@pytest.fixture
def country(db):
    """A small tree: country XX > provinces XX-A, XX-B > counties XX-A-1, XX-A-2, XX-B-1."""
    return make_country()


def pytest_report_header(config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
