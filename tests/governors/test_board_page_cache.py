"""A board's page body is cached against a version of its inputs, the day and what the viewer
is shown: the second request reads the version instead of the board's records, every change
shows at once, and a viewer who may not change the board never gets a manager's copy."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from governors import services
from governors.choices import Category, EndReason
from governors.models import Governor, Term
from tests.factories import make_user

from .conftest import appoint

pytestmark = pytest.mark.django_db


def _page(client, board) -> str:
    response = client.get(reverse("governors:board-detail", args=[board.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def serving(officer, board_a):
    today = timezone.localdate()
    return appoint(
        officer,
        board_a,
        Category.PARENT,
        person={"first_name": "Cached", "last_name": "Lovelace", "email": "cached@example.invalid"},
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today + datetime.timedelta(days=30),
    )


def test_the_second_request_reads_the_version_not_the_terms(
    client, leader_a, board_a, serving, django_assert_max_num_queries
):
    client.force_login(leader_a)
    with CaptureQueriesContext(connection) as first:
        assert "Cached Lovelace" in _page(client, board_a)
    with django_assert_max_num_queries(len(first) - 5) as second:
        body = _page(client, board_a)
    assert "Cached Lovelace" in body and "cached@example.invalid" in body
    assert not any('"governors_term"."starts_on"' in q["sql"] for q in second.captured_queries)
    assert sum("MAX(" in q["sql"].upper() for q in second.captured_queries) == 1


def test_a_term_recorded_or_ended_shows_at_once(client, officer, leader_a, board_a, serving):
    client.force_login(leader_a)
    assert "1 serving of 9 seats; 8 vacant" in _page(client, board_a)
    today = timezone.localdate()
    second = appoint(officer, board_a, Category.PARENT, first="Second", starts_on=today)
    body = _page(client, board_a)
    assert "Second Lovelace" in body and "2 serving of 9 seats; 7 vacant" in body
    services.end_term(actor=officer, term=second, ended_on=today, reason=EndReason.RESIGNED)
    tomorrow = today + datetime.timedelta(days=1)
    body = services.board_page(
        viewer=leader_a, board=board_a, day=tomorrow, render=lambda c: str(c["make_up"].serving)
    )
    assert body == "1"


def test_a_bulk_load_with_no_audit_event_shows_at_once(client, leader_a, board_a, serving):
    client.force_login(leader_a)
    assert "Bulk Loaded" not in _page(client, board_a)
    governor = Governor.objects.create(first_name="Bulk", last_name="Loaded")
    Term.objects.create(
        board=board_a,
        governor=governor,
        category=Category.CO_OPTED,
        appointing_body="appointed_by_board",
        starts_on=serving.starts_on,
        ends_on=serving.ends_on,
    )
    assert "Bulk Loaded" in _page(client, board_a)


def test_a_viewer_who_may_not_change_the_board_never_sees_the_managers_copy(
    client, leader_a, school_a, board_a, serving
):
    client.force_login(leader_a)
    managers = _page(client, board_a)
    assert "cached@example.invalid" in managers and "Record a new term" in managers
    viewer = make_user()
    assign_perm("registry.view_school", viewer, school_a)
    client.force_login(viewer)
    body = _page(client, board_a)
    assert "Cached Lovelace" in body
    assert "cached@example.invalid" not in body and "Record a new term" not in body


def test_tomorrow_gives_a_fresh_page(leader_a, board_a, serving):
    built = []

    def render(context):
        built.append(context["make_up"].day)
        return str(context["make_up"].day)

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert services.board_page(viewer=leader_a, board=board_a, render=render) == str(today)
    assert services.board_page(viewer=leader_a, board=board_a, render=render, day=today) == str(
        today
    )
    assert services.board_page(viewer=leader_a, board=board_a, render=render, day=tomorrow) == str(
        tomorrow
    )
    assert built == [today, tomorrow]


def test_a_cache_outage_still_shows_the_page(client, leader_a, board_a, serving, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    client.force_login(leader_a)
    assert "Cached Lovelace" in _page(client, board_a)


def test_the_vacancies_api_follows_a_new_term_at_once(
    client, officer, leader_a, board_a, board_b, serving
):
    client.force_login(leader_a)

    def vacant() -> dict:
        rows = client.get("/governors/api/vacancies/").json()["results"]
        return {row["board"]: row["vacant"] for row in rows}

    assert vacant() == {board_a.pk: 8}  # the leader's board only, as before caching
    assert vacant() == {board_a.pk: 8}
    appoint(officer, board_a, Category.PARENT, first="Second", starts_on=timezone.localdate())
    assert vacant() == {board_a.pk: 7}
    client.force_login(officer)
    assert vacant() == {board_a.pk: 7, board_b.pk: 9}
