"""The admin shows surveillance data and audits rule changes."""

from __future__ import annotations

from epicommand.accounts.roles import Role
from epicommand.audit.models import AuditEvent
from epicommand.surveillance.models import AlertRule
from tests.factories import make_user


def test_admin_pages_open_and_a_rule_change_is_audited(client, country):
    client.force_login(make_user("root", Role.ADMIN, country["XX"]))
    for page in ("reportrevision", "alert", "alertrule", "reportingsetting"):
        assert client.get(f"/admin/surveillance/{page}/").status_code == 200
    response = client.post(
        "/admin/surveillance/alertrule/add/",
        {"kind": "deaths", "level": "county", "threshold": "0", "is_active": "on"},
    )
    assert response.status_code == 302
    rule = AlertRule.objects.get()
    event = AuditEvent.objects.get(action="surveillance.admin_create_alertrule")
    assert event.object_id == str(rule.pk) and event.after["kind"] == "deaths"
