"""The appeals officers' Wagtail screens: listed, filtered, exported formula-safe; read-only."""

import pytest

from admissions import models as m

URLS = [
    "/admin/appeals/pool/",
    "/admin/appeals/clerks/",
    "/admin/appeals/rounds/",
    "/admin/appeals/blocks/",
]


def test_clerk_sees_every_appeals_screen_and_filters(
    client, clerk_user, pool, appeals_clerk, block
):
    client.force_login(clerk_user)
    for url in URLS:
        assert client.get(url).status_code == 200, url
    assert "Ben Teacher" in client.get("/admin/appeals/pool/?category=education").content.decode()
    assert "Ben Teacher" not in client.get("/admin/appeals/pool/?category=lay").content.decode()


def test_exports_escape_formulae(client, clerk_user, pool):
    m.PanelMember.objects.filter(pk=pool[2].pk).update(full_name="=HYPERLINK(1)")
    client.force_login(clerk_user)
    response = client.get("/admin/appeals/pool/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "Category (derived)" in body


def test_nobody_can_add_or_edit_through_the_admin(client, clerk_user, pool):
    client.force_login(clerk_user)
    assert client.get("/admin/appeals/pool/new/").status_code in (302, 403)
    assert client.get(f"/admin/appeals/pool/edit/{pool[0].pk}/").status_code in (302, 403)


@pytest.mark.parametrize("url", URLS)
def test_panel_members_school_leaders_and_anonymous_are_kept_out(client, leader_a, panel_user, url):
    assert client.get(url).status_code == 302
    for user in (leader_a, panel_user):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
