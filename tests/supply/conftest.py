"""Supply fixtures: the small test country with its supply network and users."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone, translation

from epicommand.accounts.roles import Role
from tests.factories import make_user
from tests.supply.factories import make_network


@pytest.fixture(autouse=True)
def _english():
    """Messages built outside a request (alerts, refusals) in English, whatever language
    an earlier test's request left active in this thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def net(country):
    return make_network(country)


@pytest.fixture
def pharmacist(net):
    return make_user("pharmacist", Role.SITE_OPERATOR, net["PH-1"].area)


@pytest.fixture
def logistics(country):
    return make_user("logistics", Role.LOGISTICS_OFFICER, country["XX"])


@pytest.fixture
def hq(country):
    return make_user("hq", Role.HQ_COMMANDER, country["XX"])


@pytest.fixture
def county_operator(net):
    return make_user("county-op", Role.SITE_OPERATOR, net["CC-A1"].area)


@pytest.fixture
def officer_a(country):
    return make_user("officer-a", Role.AREA_OFFICER, country["XX-A"])


@pytest.fixture
def yesterday_noon(monkeypatch):
    """Run the test's first steps at noon of yesterday (local time); call the returned
    function to come back to the present."""
    real_now = timezone.now
    zone = ZoneInfo(settings.TIME_ZONE)
    local_today = real_now().astimezone(zone).date()
    noon = dt.datetime.combine(local_today - dt.timedelta(days=1), dt.time(12), tzinfo=zone)
    monkeypatch.setattr(timezone, "now", lambda: noon.astimezone(dt.UTC))
    return lambda: monkeypatch.setattr(timezone, "now", real_now)
