"""The officers' compliance dashboard: each figure, and who may open it."""

import datetime

import pytest
from django.utils import timezone

from governors import services
from governors.choices import AttendanceStatus, Category
from governors.selectors import compliance

from .conftest import appoint


@pytest.fixture
def boards(officer, board_a, board_b):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    # Board A: a parent whose term ends in 30 days and who has missed 7 months of meetings.
    parent = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Ending",
        starts_on=start,
        ends_on=today + datetime.timedelta(days=30),
    )
    for months in (7, 4, 1):
        services.record_meeting(
            actor=officer,
            board=board_a,
            held_on=today - datetime.timedelta(days=30 * months),
            attendance={parent.pk: AttendanceStatus.ABSENT},
        )
    # Board B: full enough, and declared.
    for i, category in enumerate(
        [
            Category.PARENT,
            Category.PARENT,
            Category.HEADTEACHER,
            Category.STAFF,
            Category.LOCAL_AUTHORITY,
            Category.CO_OPTED,
            Category.CO_OPTED,
        ]
    ):
        term = appoint(officer, board_b, category, first=f"B{i}", starts_on=start)
        services.record_declaration(
            actor=officer, term=term, declared_on=today, nothing_to_declare=True
        )
    return parent


def test_figures(boards, board_a, board_b):
    figures = compliance()
    assert (figures["total"].seats, figures["total"].vacant) == (18, 18 - 1 - 7)
    assert [t.governor.first_name for t in figures["ending"]] == ["Ending"]
    assert [r["make_up"].board for r in figures["below"]] == [board_a]
    assert figures["breaking"] == []
    assert [t.governor.first_name for t in figures["missing_declarations"]] == ["Ending"]
    (flag,) = figures["absence_flags"]
    assert flag.term == boards and flag.is_flag


def test_the_dashboard_page_for_officers_only(client, officer, leader_a, boards, board_a):
    client.force_login(officer)
    body = client.get("/admin/governors/compliance/").content.decode()
    assert "Terms ending in the next 90 days" in body and "Ending Lovelace" in body
    assert 'href="#absence"' in body and f"/governors/boards/{board_a.pk}/" in body
    client.force_login(leader_a)
    assert client.get("/admin/governors/compliance/").status_code in (302, 403)
    client.logout()
    assert client.get("/admin/governors/compliance/").status_code == 302


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, officer, boards, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_school

    from .conftest import make_board

    client.force_login(officer)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/governors/compliance/").status_code == 200
    for _ in range(10):
        board = make_board(officer, [make_school()])
        appoint(officer, board, Category.PARENT, starts_on=timezone.localdate())
    with django_assert_max_num_queries(len(small)):
        client.get("/admin/governors/compliance/")
