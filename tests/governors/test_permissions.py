"""Another school's user and an anonymous visitor are refused every member page (404 for
objects, alike for missing and forbidden); the selectors scope by schools_for_user."""

import pytest
from django.urls import reverse

from governors.choices import Category
from governors.selectors import boards_for_user

from .conftest import appoint


@pytest.fixture
def term_a(officer, board_a):
    return appoint(officer, board_a, Category.PARENT)


def member_urls(board, term):
    return [
        reverse("governors:board-detail", args=[board.pk]),
        reverse("governors:appoint", args=[board.pk]),
        reverse("governors:new-instrument", args=[board.pk]),
        reverse("governors:end-term", args=[term.pk]),
        reverse("governors:record-meeting", args=[board.pk]),
        reverse("governors:record-declaration", args=[term.pk]),
        reverse("governors:checks", args=[term.pk]),
        reverse("governors:set-role", args=[term.pk]),
        reverse("governors:correct-term", args=[term.pk]),
    ]


def test_a_leader_sees_only_their_schools_board(leader_a, officer, board_a, board_b):
    assert list(boards_for_user(leader_a)) == [board_a]
    assert set(boards_for_user(officer)) == {board_a, board_b}


def test_another_schools_leader_gets_404_like_a_missing_board(client, leader_b, board_a, term_a):
    client.force_login(leader_b)
    for url in member_urls(board_a, term_a):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    missing = [
        reverse("governors:board-detail", args=[999999]),
        reverse("governors:end-term", args=[999999]),
    ]
    for url in missing:
        assert client.get(url).status_code == 404


def test_the_board_list_shows_only_own_boards(client, leader_b, board_a, board_b):
    client.force_login(leader_b)
    body = client.get(reverse("governors:board-list")).content.decode()
    assert board_b.name in body and board_a.name not in body


def test_anonymous_visitors_are_sent_to_sign_in(client, board_a, term_a):
    for url in [
        reverse("governors:board-list"),
        reverse("governors:reconciliation"),
        *member_urls(board_a, term_a),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert client.post(url, {}).status_code == 302


def test_a_user_with_view_only_access_cannot_change_the_board(
    client, officer, school_a, board_a, term_a
):
    from guardian.shortcuts import assign_perm

    from tests.factories import make_user

    viewer = make_user()
    assign_perm("registry.view_school", viewer, school_a)
    client.force_login(viewer)
    page = client.get(reverse("governors:board-detail", args=[board_a.pk])).content.decode()
    assert "Record a new term" not in page and "Lovelace" in page
    assert client.get(reverse("governors:appoint", args=[board_a.pk])).status_code == 403
    assert client.post(reverse("governors:end-term", args=[term_a.pk]), {}).status_code == 403


def test_contact_details_are_not_shown_to_view_only_users(client, officer, school_a, board_a):
    from guardian.shortcuts import assign_perm

    from tests.factories import make_user

    appoint(
        officer,
        board_a,
        Category.CO_OPTED,
        person={"first_name": "C", "last_name": "D", "email": "cd@example.invalid"},
    )
    viewer = make_user()
    assign_perm("registry.view_school", viewer, school_a)
    client.force_login(viewer)
    page = client.get(reverse("governors:board-detail", args=[board_a.pk])).content.decode()
    assert "cd@example.invalid" not in page


def test_another_boards_clerk_is_refused_like_anyone_else(
    client, officer, school_b, board_a, board_b, term_a
):
    from schools_platform.core import roles
    from schools_platform.registry.services import grant_school_access
    from tests.factories import make_user

    clerk_b = make_user(roles.CLERK_TO_GOVERNORS)
    grant_school_access(actor=officer, user=clerk_b, school=school_b)
    client.force_login(clerk_b)
    for url in member_urls(board_a, term_a):
        assert client.get(url).status_code == 404, url
    assert board_a.name not in client.get(reverse("governors:board-list")).content.decode()
    # ...while their own board's forms are open to them.
    assert client.get(reverse("governors:appoint", args=[board_b.pk])).status_code == 200
