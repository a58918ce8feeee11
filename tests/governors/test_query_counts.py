"""Governor pages run a fixed number of queries whatever the number of boards and terms."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governors import services
from governors.choices import Category, EndReason
from schools_platform.registry.services import grant_school_access
from tests.factories import make_authority, make_school

from .conftest import START, appoint, make_board


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _history(officer, board, n):
    """n resigned co-opted terms and one serving parent."""
    for i in range(n):
        term = appoint(
            officer,
            board,
            Category.CO_OPTED,
            first=f"C{i}",
            starts_on=START + datetime.timedelta(days=2 * i),
        )
        services.end_term(
            actor=officer,
            term=term,
            ended_on=term.starts_on + datetime.timedelta(days=1),
            reason=EndReason.RESIGNED,
        )


def _more_boards(officer, leader, n):
    authority = make_authority()
    for _ in range(n):
        school = make_school(authority)
        grant_school_access(actor=officer, user=leader, school=school)
        board = make_board(officer, [school])
        appoint(officer, board, Category.PARENT, starts_on=timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "leader_a"])
def test_board_list_fixed_queries(
    client, officer, leader_a, board_a, who, django_assert_max_num_queries
):
    client.force_login(officer if who == "officer" else leader_a)
    url = reverse("governors:board-list")
    _more_boards(officer, leader_a, 2)
    small = _queries(client, url)
    _more_boards(officer, leader_a, 15)
    with django_assert_max_num_queries(small):
        client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["board", "public"])
def test_board_and_public_pages_fixed_queries(
    client, officer, leader_a, school_a, board_a, page, django_assert_max_num_queries
):
    client.force_login(leader_a)
    url = (
        reverse("governors:board-detail", args=[board_a.pk])
        if page == "board"
        else reverse("governors:public", args=[school_a.urn])
    )
    _history(officer, board_a, 2)
    small = _queries(client, url)
    _history(officer, board_a, 30)
    with django_assert_max_num_queries(small):
        client.get(url)


@pytest.mark.django_db
def test_reconciliation_fixed_queries(
    client, officer, leader_a, school_a, board_a, django_assert_max_num_queries
):
    """gov-reconciliation: platform against GIAS, one page of schools with their serving
    governors, roles and GIAS records: the same queries with more schools, terms and
    records (the page holds 25 schools: the larger size fills it)."""
    from governors.models import GiasGovernanceRecord
    from schools_platform.registry.models import School

    gids = iter(range(1, 100_000))

    def grow(boards, history):
        _more_boards(officer, leader_a, boards)
        _history(officer, board_a, history)
        for school in School.objects.all():  # two GIAS records each: one only GIAS knows
            for last in ("Only-in-gias", "Other"):
                GiasGovernanceRecord.objects.create(
                    gid=next(gids), school=school, role="Governor", forename_1="A", surname=last
                )

    client.force_login(officer)
    url = reverse("governors:reconciliation")
    grow(2, 2)
    small = _queries(client, url)
    grow(25, 10)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
