"""An officer sees and opens only their subtree; HQ sees everything."""

from __future__ import annotations

import pytest

from epicommand.accounts.roles import Role
from tests.factories import make_user


@pytest.fixture
def officer(country):
    return make_user("officer", Role.AREA_OFFICER, country["XX-A-1"])


@pytest.fixture
def hq(country):
    return make_user("hq", Role.HQ_COMMANDER, country["XX"])


def test_officer_gets_404_for_another_countys_page(client, officer):
    client.force_login(officer)
    assert client.get("/areas/XX-A-1/").status_code == 200
    assert client.get("/areas/XX-A-2/").status_code == 404
    assert client.get("/areas/XX-B-1/").status_code == 404


def test_officer_gets_404_for_another_countys_api_object(client, officer):
    client.force_login(officer)
    assert client.get("/api/geo/areas/XX-A-1").status_code == 200
    response = client.get("/api/geo/areas/XX-B-1")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_missing_and_out_of_scope_answer_alike(client, officer):
    client.force_login(officer)
    missing = client.get("/api/geo/areas/NOPE")
    hidden = client.get("/api/geo/areas/XX-B-1")
    assert missing.status_code == hidden.status_code == 404


def test_officer_list_holds_only_their_subtree(client, country):
    officer = make_user("province-officer", Role.AREA_OFFICER, country["XX-A"])
    client.force_login(officer)
    codes = [a["code"] for a in client.get("/api/geo/areas").json()]
    assert codes == ["XX-A", "XX-A-1", "XX-A-2"]


def test_officer_cannot_list_children_outside_scope(client, officer):
    client.force_login(officer)
    assert client.get("/api/geo/areas", {"parent": "XX-B"}).status_code == 404


def test_hq_sees_everything(client, hq, country):
    client.force_login(hq)
    codes = {a["code"] for a in client.get("/api/geo/areas").json()}
    assert codes == set(country)
    for code in country:
        assert client.get(f"/areas/{code}/").status_code == 200


def test_area_page_shows_children_with_populations_and_links(client, hq):
    client.force_login(hq)
    page = client.get("/areas/XX-A/").content.decode()
    assert 'href="/areas/XX-A-1/"' in page
    assert "Alpha Two" in page and "600" in page
    assert "1,000" in page  # the children's total


def test_home_opens_the_users_own_areas_situation_report(client, officer):
    client.force_login(officer)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/sitrep/XX-A-1/"


def test_home_of_a_user_with_several_areas_lists_them(client, country):
    client.force_login(make_user("two", Role.AREA_OFFICER, country["XX-A-1"], country["XX-B-1"]))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/areas/"
    page = client.get("/areas/").content.decode()
    assert 'href="/areas/XX-A-1/"' in page and 'href="/areas/XX-B-1/"' in page


def test_home_of_a_user_without_areas_says_so(client, country):
    client.force_login(make_user("nobody", Role.AREA_OFFICER))
    page = client.get("/", follow=True).content.decode()
    assert "No area has been assigned to your account yet" in page


def test_areas_link_opens_the_users_own_area_page(client, officer):
    client.force_login(officer)
    response = client.get("/areas/")
    assert response.status_code == 302 and response["Location"] == "/areas/XX-A-1/"


def test_officer_breadcrumbs_stop_at_their_scope(client, officer):
    client.force_login(officer)
    page = client.get("/areas/XX-A-1/").content.decode()
    assert 'href="/areas/XX-A/"' not in page


def test_anonymous_is_sent_to_login(client, country):
    response = client.get("/areas/XX/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/api/geo/areas").status_code == 401


def test_user_without_scope_sees_nothing(client, country):
    nobody = make_user("nobody", Role.OBSERVER)
    client.force_login(nobody)
    assert client.get("/api/geo/areas").json() == []
    assert client.get("/areas/XX/").status_code == 404
