"""The governors API: scoped by the caller's schools, 404 alike for missing and forbidden,
refused to anonymous callers, in the OpenAPI schema, and in a fixed number of queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governors.choices import Category

from .conftest import appoint, make_board


@pytest.fixture
def terms(officer, board_a, board_b):
    return appoint(officer, board_a, Category.PARENT), appoint(officer, board_b, Category.PARENT)


def test_lists_are_scoped_and_carry_no_contact_details(client, leader_a, school_a, board_a, terms):
    client.force_login(leader_a)
    boards = client.get("/governors/api/boards/").json()
    assert [(b["id"], b["school_urns"]) for b in boards["results"]] == [
        (board_a.pk, [school_a.urn])
    ]
    data = client.get("/governors/api/terms/").json()
    assert [t["id"] for t in data["results"]] == [terms[0].pk]
    assert "email" not in data["results"][0]
    vacancies = client.get("/governors/api/vacancies/").json()["results"]
    assert [(v["board"], v["seats"], v["vacant"]) for v in vacancies] == [
        (board_a.pk, 9, 9 - (1 if terms[0].is_serving_on(timezone.localdate()) else 0))
    ]


def test_another_schools_objects_are_404_like_missing_ones(client, leader_a, board_b, terms):
    client.force_login(leader_a)
    for url in (
        f"/governors/api/boards/{board_b.pk}/",
        f"/governors/api/terms/{terms[1].pk}/",
        "/governors/api/boards/999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_callers_are_refused(client, terms):
    for url in ("/governors/api/boards/", "/governors/api/terms/", "/governors/api/vacancies/"):
        assert client.get(url).status_code in (401, 403)


def test_the_endpoints_are_in_the_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert {"/governors/api/boards/", "/governors/api/terms/", "/governors/api/vacancies/"} <= set(
        paths
    )


@pytest.mark.parametrize(
    "url", ["/governors/api/boards/", "/governors/api/terms/", "/governors/api/vacancies/"]
)
def test_fixed_queries(client, officer, url, terms, django_assert_max_num_queries):
    from tests.factories import make_school

    client.force_login(officer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(8):
        board = make_board(officer, [make_school()])
        appoint(officer, board, Category.PARENT)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_vacancy_rows_are_what_the_documented_serializer_gives(client, leader_a, board_a, terms):
    """The vacancies list writes its rows straight out; they must be the serializer's output."""
    from governors.api import VacancySerializer, _vacancy_row
    from governors.selectors import vacancies_by_board

    client.force_login(leader_a)
    listed = client.get("/governors/api/vacancies/").json()["results"]
    rows = [_vacancy_row(m) for m in vacancies_by_board([board_a])]
    expected = json.loads(json.dumps(VacancySerializer(rows, many=True).data))
    assert listed == expected
    assert listed[0]["categories"], "the board has seats, so category lines"
