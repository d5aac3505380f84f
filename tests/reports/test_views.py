"""The situation report page, its downloads, the dashboard and acknowledging an alert,
through the test client with the selector faked (``factories.FakeSelector``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from epicommand.accounts.roles import Role
from epicommand.errors import NotFound, PermissionDenied
from tests.factories import make_user
from tests.reports.factories import AS_OF

ROW = re.compile(r'<tr data-code="([^"]+)">')


@dataclasses.dataclass
class FakeAcknowledge:
    """``surveillance.services.acknowledge_alert`` recording calls; ``error`` is raised
    instead when set."""

    error: Exception | None = None
    calls: list[dict] = dataclasses.field(default_factory=list)

    def __call__(self, *, actor, alert_id: int):
        self.calls.append({"actor": actor, "alert_id": alert_id})
        if self.error is not None:
            raise self.error


@pytest.fixture
def acknowledge(monkeypatch) -> FakeAcknowledge:
    fake = FakeAcknowledge()
    monkeypatch.setattr("epicommand.surveillance.services.acknowledge_alert", fake)
    return fake


@pytest.fixture
def hq(country):
    return make_user("hq", Role.HQ_COMMANDER, country["XX"])


@pytest.fixture
def hq_client(client, hq):
    client.force_login(hq)
    return client


def order(page: str) -> list[str]:
    return ROW.findall(page)


def test_page_shows_headline_charts_table_completeness_and_alerts(hq_client, selector):
    page = hq_client.get("/sitrep/XX/?as_of=2022-05-20").content.decode()
    assert "219,030" in page and "▼ -44,340" in page and "10.048 %" in page
    blocks = re.findall(r'<script type="application/json" data-vega>(.*?)</script>', page, re.S)
    assert len(blocks) == 2 and all(json.loads(b)["$schema"] for b in blocks)
    assert "/static/vendor/vega-embed.min.js" in page and "cdn" not in page.lower()
    assert "205 of 212 reports received" in page and "Musan County" in page
    assert selector.calls[-1]["area_code"] == "XX" and selector.calls[-1]["as_of"] == AS_OF


def test_children_sorted_by_incidence_descending_by_default(hq_client, selector):
    rows = order(hq_client.get("/sitrep/XX/?as_of=2022-05-20").content.decode())
    assert rows[:3] == ["KP-01", "KP-15", "KP-14"] and rows[-1] == "KP-13"
    assert len(rows) == 13


def test_children_sorted_by_name_and_other_columns(hq_client, selector):
    by_name = order(hq_client.get("/sitrep/XX/?sort=name").content.decode())
    assert by_name[:3] == ["KP-04", "KP-15", "KP-07"]  # Chagang, Kaesong, Kangwon
    by_name_desc = order(hq_client.get("/sitrep/XX/?sort=name&dir=desc").content.decode())
    assert by_name_desc == list(reversed(by_name))
    by_population = order(hq_client.get("/sitrep/XX/?sort=population").content.decode())
    assert by_population[0] == "KP-02" and by_population[-1] == "KP-13"
    by_cases_asc = order(hq_client.get("/sitrep/XX/?sort=cases&dir=asc").content.decode())
    assert by_cases_asc[0] == "KP-15" and by_cases_asc[-1] == "KP-13"  # unknown stays last
    unknown = order(hq_client.get("/sitrep/XX/?sort=nonsense&dir=up").content.decode())
    assert unknown[0] == "KP-01"


def test_sort_links_keep_the_dates_and_flip_the_sorted_column(hq_client, selector):
    page = hq_client.get("/sitrep/XX/?as_of=2022-05-20").content.decode()
    assert 'href="/sitrep/XX/?as_of=2022-05-20&amp;dir=asc&amp;sort=incidence"' in page
    assert 'href="/sitrep/XX/?as_of=2022-05-20&amp;dir=asc&amp;sort=name"' in page
    assert 'aria-sort="descending"' in page


def test_child_rows_link_to_their_reports_and_downloads_are_offered(hq_client, selector):
    page = hq_client.get("/sitrep/XX/?as_of=2022-05-20").content.decode()
    assert 'href="/sitrep/KP-01/?as_of=2022-05-20"' in page
    assert 'href="/sitrep/XX.pdf?as_of=2022-05-20"' in page
    assert 'href="/sitrep/XX.md?as_of=2022-05-20"' in page
    assert 'href="/api/reports/sitrep/XX?as_of=2022-05-20"' in page
    assert 'href="/areas/XX/"' in page


def test_known_at_reaches_the_selector_and_the_page(hq_client, selector):
    page = hq_client.get("/sitrep/XX/?as_of=2022-05-20&known_at=2022-05-20T18:00").content
    assert selector.calls[-1]["known_at"] == dt.datetime(2022, 5, 20, 9, 0, tzinfo=dt.UTC)
    assert "as known at 2022-05-20 18:00 KST" in page.decode()


def test_as_of_defaults_to_today(hq_client, selector, fixed_today):
    assert hq_client.get("/sitrep/XX/").status_code == 200
    assert selector.calls[-1]["as_of"] == fixed_today and selector.calls[-1]["known_at"] is None


@pytest.mark.parametrize("query", ["as_of=2022-13-01", "as_of=yesterday", "known_at=noon"])
def test_bad_dates_answer_400_with_a_message(hq_client, selector, query):
    response = hq_client.get(f"/sitrep/XX/?{query}")
    assert response.status_code == 400
    assert "The request could not be read:" in response.content.decode()
    assert selector.calls == []


def test_out_of_scope_or_missing_area_is_404(hq_client, selector):
    assert hq_client.get("/sitrep/XX-B/").status_code == 404
    assert hq_client.get("/sitrep/XX-B.pdf").status_code == 404
    assert hq_client.get("/sitrep/XX-B.md").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, selector):
    response = client.get("/sitrep/XX/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_acknowledge_button_only_for_unacknowledged_alerts(hq_client, selector):
    page = hq_client.get("/sitrep/XX/").content.decode()
    assert page.count('action="/alerts/41/acknowledge/"') == 1
    assert "/alerts/37/acknowledge/" not in page
    from tests.reports.factories import _alerts

    selector.overrides["alerts"] = [
        dataclasses.replace(a, acknowledged=True) for a in _alerts(AS_OF)
    ]
    assert "/acknowledge/" not in hq_client.get("/sitrep/XX/").content.decode()


def test_acknowledging_calls_the_service_and_goes_back(hq_client, hq, acknowledge):
    response = hq_client.post("/alerts/41/acknowledge/", {"next": "/sitrep/XX/?as_of=2022-05-20"})
    assert response.status_code == 302 and response["Location"] == "/sitrep/XX/?as_of=2022-05-20"
    assert acknowledge.calls == [{"actor": hq, "alert_id": 41}]
    elsewhere = hq_client.post("/alerts/41/acknowledge/", {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"


def test_acknowledging_refused_or_missing(hq_client, acknowledge):
    acknowledge.error = PermissionDenied("your role may not acknowledge alerts")
    response = hq_client.post(
        "/alerts/41/acknowledge/",
        {"next": "/sitrep/XX/"},
        HTTP_REFERER="http://testserver/sitrep/XX/",
    )
    page = response.content.decode()
    assert response.status_code == 403 and "your role may not acknowledge alerts" in page
    assert 'href="http://testserver/sitrep/XX/"' in page  # back to the button's page
    acknowledge.error = NotFound("no alert 99 in your scope")
    assert hq_client.post("/alerts/99/acknowledge/").status_code == 404
    assert hq_client.get("/alerts/41/acknowledge/").status_code == 405


def test_downloads_markdown_and_pdf(hq_client, selector):
    markdown = hq_client.get("/sitrep/XX.md?as_of=2022-05-20")
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="sitrep-XX-2022-05-20.md"' in markdown["Content-Disposition"]
    assert "(`new_fever`) | 219,030" in markdown.content.decode()
    pdf = hq_client.get("/sitrep/XX.pdf?as_of=2022-05-20", HTTP_ACCEPT_LANGUAGE="ko")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert hq_client.get("/sitrep/XX.pdf?as_of=2022-5-40").status_code == 400


def test_hq_home_opens_the_dashboard_of_the_country(hq_client, selector):
    response = hq_client.get("/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    page = hq_client.get("/dashboard/").content.decode()
    assert selector.calls[-1]["area_code"] == "XX" and "219,030" in page
    assert "<title>Dashboard" in page


def test_officer_home_opens_their_areas_report(client, country, selector):
    client.force_login(make_user("officer", Role.AREA_OFFICER, country["XX-A-1"]))
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/sitrep/XX-A-1/", 302)]
    assert selector.calls[-1]["area_code"] == "XX-A-1"


def test_page_in_korean(hq_client, selector):
    page = hq_client.get("/sitrep/XX/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "상황 보고서" in page and "치명률" in page and "신규 발열자" in page
    assert "최근 28일" in page  # the chart spec's title
