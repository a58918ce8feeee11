"""Officers' Wagtail screens: listed, filtered, exported formula-safe; read-only for everyone."""

import pytest

from governors.choices import Category

from .conftest import appoint

URLS = [
    "/admin/governors/boards/",
    "/admin/governors/people/",
    "/admin/governors/terms/",
    "/admin/governors/instruments/",
    "/admin/governors/gias/",
]


def test_officer_sees_every_governors_screen(client, officer, board_a):
    appoint(officer, board_a, Category.PARENT)
    client.force_login(officer)
    for url in URLS:
        assert client.get(url).status_code == 200, url
    assert "Lovelace" in client.get("/admin/governors/terms/?category=parent").content.decode()
    assert "Lovelace" not in client.get("/admin/governors/terms/?category=staff").content.decode()


def test_exports_escape_formulae(client, officer, board_a):
    appoint(
        officer, board_a, Category.PARENT, person={"first_name": "=HYPERLINK(1)", "last_name": "X"}
    )
    client.force_login(officer)
    response = client.get("/admin/governors/terms/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "Date of appointment" in body


def test_nobody_can_add_or_edit_through_the_admin(client, officer, board_a):
    client.force_login(officer)
    assert client.get("/admin/governors/boards/new/").status_code in (302, 403)
    assert client.get(f"/admin/governors/boards/edit/{board_a.pk}/").status_code in (302, 403)


@pytest.mark.parametrize("url", URLS)
def test_school_leaders_and_anonymous_visitors_are_kept_out(client, leader_a, url):
    assert client.get(url).status_code == 302
    client.force_login(leader_a)
    assert client.get(url).status_code in (302, 403)
