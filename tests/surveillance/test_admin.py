"""The admin shows surveillance data and sets rules and reporting settings through the
services: the same refusals, the same audit events."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from epicommand.audit.models import AuditEvent
from epicommand.surveillance.models import AlertRule, ReportingSetting
from tests.factories import make_user

RULE = {"kind": "deaths", "level": "county", "threshold": "0", "is_active": "on"}


@pytest.fixture
def admin_client(client, country):
    client.force_login(make_user("root", Role.ADMIN, country["XX"]))
    return client


def test_admin_pages_open_and_a_rule_is_set_through_the_service(admin_client):
    for page in ("reportrevision", "alert", "alertrule", "reportingsetting"):
        assert admin_client.get(f"/admin/surveillance/{page}/").status_code == 200
    response = admin_client.post("/admin/surveillance/alertrule/add/", RULE)
    assert response.status_code == 302
    rule = AlertRule.objects.get()
    event = AuditEvent.objects.get(action="surveillance.set_alert_rule")
    assert event.object_id == str(rule.pk) and event.after["kind"] == "deaths"
    assert event.actor.username == "root" and event.before is None


def test_a_negative_threshold_is_refused_with_the_services_message(admin_client):
    response = admin_client.post("/admin/surveillance/alertrule/add/", {**RULE, "threshold": "-1"})
    page = response.content.decode()
    assert response.status_code == 200 and "an alert threshold cannot be negative" in page
    assert not AlertRule.objects.exists() and not AuditEvent.objects.exists()
    admin_client.post("/admin/surveillance/alertrule/add/", RULE)
    rule = AlertRule.objects.get()
    changed = {**RULE, "threshold": "-5"}
    page = admin_client.post(f"/admin/surveillance/alertrule/{rule.pk}/change/", changed)
    assert "an alert threshold cannot be negative" in page.content.decode()
    rule.refresh_from_db()
    assert rule.threshold == 0


def test_a_rule_change_is_audited_with_before_and_after(admin_client):
    admin_client.post("/admin/surveillance/alertrule/add/", RULE)
    rule = AlertRule.objects.get()
    admin_client.post(
        f"/admin/surveillance/alertrule/{rule.pk}/change/", {**RULE, "threshold": "3"}
    )
    event = AuditEvent.objects.filter(action="surveillance.set_alert_rule").first()
    assert (event.before["threshold"], event.after["threshold"]) == (0, 3)
    assert AlertRule.objects.get().threshold == 3


def test_a_second_rule_of_the_same_kind_and_level_is_refused_on_change(admin_client):
    admin_client.post("/admin/surveillance/alertrule/add/", RULE)
    admin_client.post("/admin/surveillance/alertrule/add/", {**RULE, "level": "province"})
    province = AlertRule.objects.get(level="province")
    page = admin_client.post(f"/admin/surveillance/alertrule/{province.pk}/change/", RULE)
    assert "there is already a deaths rule for the county level" in page.content.decode()
    assert AlertRule.objects.filter(level="province").exists()


def test_the_rules_admin_cannot_delete(admin_client):
    admin_client.post("/admin/surveillance/alertrule/add/", RULE)
    rule = AlertRule.objects.get()
    response = admin_client.post(
        f"/admin/surveillance/alertrule/{rule.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403 and AlertRule.objects.exists()


def test_a_reporting_setting_is_set_through_the_service(admin_client, country):
    area = country["XX-A"]
    form = {"area": area.pk, "files_reports": "true", "keeps_line_list": "on"}
    assert admin_client.post("/admin/surveillance/reportingsetting/add/", form).status_code == 302
    setting = ReportingSetting.objects.get()
    assert (setting.area, setting.files_reports, setting.keeps_line_list) == (area, True, True)
    form = {"files_reports": "unknown"}
    admin_client.post(f"/admin/surveillance/reportingsetting/{setting.pk}/change/", form)
    setting.refresh_from_db()
    assert (setting.files_reports, setting.keeps_line_list) == (None, False)
    events = AuditEvent.objects.filter(action="surveillance.set_reporting_setting")
    latest = events.first()
    assert events.count() == 2 and latest.area_path == area.path
    assert latest.before["files_reports"] is True and latest.after["files_reports"] is None
