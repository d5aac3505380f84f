"""English and Korean: the switch works and every string of the pages has a translation."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from epicommand.accounts.roles import Role
from epicommand.i18n import catalogs
from tests.factories import make_user


@pytest.mark.parametrize("po_path", catalogs(), ids=lambda p: str(p.parent.parent.parent))
def test_every_korean_message_is_translated(po_path):
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="ko")
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_language_switch_turns_the_area_page_korean(client, country):
    client.force_login(make_user("hq", Role.HQ_COMMANDER, country["XX"]))
    english = client.get("/areas/XX/").content.decode()
    assert "Population" in english and "인구" not in english
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/areas/XX/"})
    assert response.status_code == 302
    korean = client.get("/areas/XX/").content.decode()
    assert "인구" in korean and "하위 지역" in korean and "로그아웃" in korean
    assert 'lang="ko"' in korean
    assert "알파도" in korean  # local-language area names stay as entered


def test_login_page_in_korean(client, db):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "로그인" in page and "비밀번호" in page
