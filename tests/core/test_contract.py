"""An app defined only in the test settings (``tests/contract_app``) brings an API route, a
page, a navigation entry, a CLI command, a role, situation-report blocks and a timeline
provider by its own contract alone: nothing outside it names it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from epicommand.accounts.roles import Role
from epicommand.core import registry
from epicommand.core.timeline import TimelineQuery, timeline
from epicommand.geo.tree import AreaTree, get_node
from epicommand.reports.selectors import situation_report
from epicommand.reports.text import render_markdown
from tests.cli_helpers import run
from tests.factories import make_user

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def keeper(country):
    return make_user("keeper", "probe_keeper", country["XX"])


@pytest.fixture
def probe_on(settings):
    settings.CONTRACT_PROBE = True


def test_nothing_in_the_source_names_the_contract_app():
    named = [p for p in SRC.rglob("*.py") if "contract_app" in p.read_text(encoding="utf-8")]
    assert named == []


def test_its_api_route_answers(client, keeper):
    client.force_login(keeper)
    assert client.get("/api/contract-probe/ping").json() == {"pong": "keeper"}


def test_its_page_is_served(client, keeper):
    client.force_login(keeper)
    assert client.get("/contract-probe/").content == b"contract probe page"


def test_its_navigation_entry_shows_for_its_role_only(client, keeper, country):
    client.force_login(keeper)
    assert 'href="/contract-probe/"' in client.get("/areas/XX/").content.decode()
    client.force_login(make_user("officer", Role.AREA_OFFICER, country["XX"]))
    assert 'href="/contract-probe/"' not in client.get("/areas/XX/").content.decode()


def test_its_cli_command_runs(capsys, db):
    code, out, _err = run(capsys, "contract-probe")
    assert code == 0 and out.strip() == "contract probe command"
    _code, listing, _err = run(capsys, "--help")
    assert "contract-probe" in listing


def test_its_role_is_a_group_with_its_permissions(keeper):
    assert "probe_keeper" in [spec.code for spec in registry.roles()]
    group = Group.objects.get(name="probe_keeper")
    assert [p.codename for p in group.permissions.all()] == ["view_area"]
    assert keeper.roles == ["probe_keeper"] and keeper.role_labels == ["Probe keeper"]


def test_its_block_joins_the_report_and_a_failing_block_does_not_take_it_down(country, probe_on):
    report = situation_report(actor=None, area_code="XX", as_of=dt.date(2022, 5, 20))
    names = list(report.blocks)
    assert names.index("headline") < names.index("probe") < names.index("trend")
    assert report.blocks["probe"].as_json() == {"area": "XX"}
    failure = report.blocks["broken_probe"]
    assert failure.reason == "RuntimeError: the probe broke on purpose"
    assert "alerts" in report.blocks  # the blocks after the failing one are there
    text = render_markdown(report)
    assert "## Broken probe" in text and "could not be computed" in text


def test_the_page_and_json_show_the_failing_block_with_its_reason(client, keeper, probe_on):
    client.force_login(keeper)
    page = client.get("/sitrep/XX/?as_of=2022-05-20")
    assert page.status_code == 200
    assert "This part could not be computed: RuntimeError: the probe broke on purpose" in (
        page.content.decode()
    )
    data = client.get("/api/reports/sitrep/XX?as_of=2022-05-20").json()
    assert data["blocks"]["broken_probe"]["error"]["code"] == "sitrep.block_failed"
    assert data["blocks"]["probe"] == {"area": "XX"} and "headline" in data


def test_its_timeline_events_are_merged_in_time_order(country, probe_on):
    node = get_node(actor=None, code="XX-A", tree=AreaTree())
    start = dt.datetime(2022, 5, 1, tzinfo=dt.UTC)
    found = timeline(TimelineQuery(None, node, start, start + dt.timedelta(days=30)))
    assert [(e.kind, e.area) for e in found.events] == [("contract_app.probe", "XX-A")]
    assert found.failures == []
    after = start + dt.timedelta(days=20)
    later = timeline(TimelineQuery(None, node, after, after + dt.timedelta(days=10)))
    assert later.events == []
