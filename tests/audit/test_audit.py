"""Every service write leaves exactly one audit event; the trail cannot be changed."""

from __future__ import annotations

import pytest

from epicommand.accounts import services as account_services
from epicommand.accounts.roles import Role
from epicommand.audit.models import AppendOnly, AuditEvent
from epicommand.geo import services as geo_services
from tests.factories import make_user

AREA_FILE = b"code,parent_code,level,name,name_local,population\nXX-C,XX,province,Gamma,,5\n"


@pytest.fixture
def admin(country):
    return make_user("root", Role.ADMIN, country["XX"])


def _one_new_event(action: str, before: int) -> AuditEvent:
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert event.action == action
    return event


SERVICE_CALLS = [
    (
        "geo.import_areas",
        lambda a: geo_services.import_areas(actor=a, data=AREA_FILE, filename="x.csv"),
    ),
    ("geo.update_area", lambda a: geo_services.update_area(actor=a, code="XX-A", population=7)),
    (
        "accounts.create_user",
        lambda a: account_services.create_user(
            actor=a, username="new", role=Role.ANALYST, scope_codes=["XX"]
        ),
    ),
    (
        "accounts.set_password",
        lambda a: account_services.set_password(
            actor=a, username="root", password="another-long-password-9"
        ),
    ),
    ("accounts.create_token", lambda a: account_services.create_token(actor=a, username="root")),
]


@pytest.mark.parametrize(("action", "call"), SERVICE_CALLS, ids=[c[0] for c in SERVICE_CALLS])
def test_each_service_write_leaves_exactly_one_event(admin, action, call):
    before = AuditEvent.objects.count()
    call(admin)
    event = _one_new_event(action, before)
    assert event.actor == admin and event.actor_label == "root"


def test_revoking_a_token_leaves_one_event_with_before_and_after(admin):
    token, _raw = account_services.create_token(actor=admin, username="root")
    before = AuditEvent.objects.count()
    account_services.revoke_token(actor=admin, token_id=token.pk)
    event = _one_new_event("accounts.revoke_token", before)
    assert event.object_id == str(token.pk)


def test_update_event_keeps_before_and_after(admin):
    geo_services.update_area(actor=admin, code="XX-A", population=7)
    event = AuditEvent.objects.first()
    assert event.before["population"] == 1000 and event.after["population"] == 7


def test_a_refused_write_leaves_no_event(admin):
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        geo_services.update_area(actor=admin, code="XX-A", population=-1)
    assert AuditEvent.objects.count() == before


def test_events_cannot_be_changed_or_deleted(admin):
    geo_services.update_area(actor=admin, code="XX-A", population=7)
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().update(action="forged")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "geo.update_area"


@pytest.mark.parametrize("role", [Role.AREA_OFFICER, Role.ANALYST, Role.OBSERVER, Role.INSPECTOR])
def test_audit_api_refuses_non_admins(client, country, role):
    client.force_login(make_user("someone", role, country["XX"]))
    response = client.get("/api/audit/events")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HQ_COMMANDER])
def test_audit_api_lists_and_filters_for_admins_and_hq(client, admin, country, role):
    geo_services.update_area(actor=admin, code="XX-A", population=7)
    account_services.create_token(actor=admin, username="root")
    client.force_login(make_user("reader", role, country["XX"]))
    body = client.get("/api/audit/events", {"action": "geo.update_area"}).json()
    assert body["count"] == 1
    assert body["items"][0]["after"]["population"] == 7
    assert client.get("/api/audit/events", {"actor": "root"}).json()["count"] == 2


def test_admin_site_shows_events_read_only(client, admin):
    geo_services.update_area(actor=admin, code="XX-A", population=7)
    client.force_login(admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    event = AuditEvent.objects.first()
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_hq_reads_and_filters_the_audit_page(client, admin, country):
    geo_services.update_area(actor=admin, code="XX-A", population=7)
    account_services.create_token(actor=admin, username="root")
    client.force_login(make_user("chief", Role.HQ_COMMANDER, country["XX"]))
    page = client.get("/audit/", {"action": "geo.update_area"}).content.decode()
    assert "geo.update_area" in page and "accounts.create_token" not in page


def test_officer_cannot_read_the_audit_page(client, country):
    client.force_login(make_user("officer", Role.AREA_OFFICER, country["XX-A"]))
    assert client.get("/audit/").status_code == 403
