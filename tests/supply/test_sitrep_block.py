"""Stock appears in the situation report of an area with supply sites."""

from __future__ import annotations

import datetime as dt

from epicommand.accounts.roles import Role
from epicommand.reports.selectors import situation_report
from epicommand.surveillance.services import submit_reports
from tests.factories import make_user
from tests.supply.factories import make_site
from tests.surveillance.factories import DAY, report


def test_sitrep_has_a_supply_block_where_sites_hold_stock(client, country):
    make_site("PH-1", area=country["XX-A-1"])
    submit_reports(actor=None, rows=[report("XX-A-1")])
    data = situation_report(actor=None, area_code="XX", as_of=DAY)
    assert "supply" in data.blocks and data.blocks["supply"].status.sites == 1
    client.force_login(make_user("hq", Role.HQ_COMMANDER, country["XX"]))
    body = client.get("/api/reports/sitrep/XX", {"as_of": DAY.isoformat()}).json()
    assert body["blocks"]["supply"]["sites"] == 1
    assert dt.date.fromisoformat(body["blocks"]["supply"]["as_of"]) == DAY
    page = client.get("/sitrep/XX/", {"as_of": DAY.isoformat()}).content.decode()
    assert "Medicine supply in" in page
    markdown = client.get("/sitrep/XX.md", {"as_of": DAY.isoformat()}).content.decode()
    assert "## Medicine supply" in markdown


def test_no_supply_block_without_sites(country):
    submit_reports(actor=None, rows=[report("XX-A-1")])
    assert "supply" not in situation_report(actor=None, area_code="XX", as_of=DAY).blocks
