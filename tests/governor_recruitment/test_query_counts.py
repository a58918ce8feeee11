"""Query counts of the recruitment pages that list people, at two data sizes: the same (or
fewer) queries with four times the applications and listings."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from governors.recruitment import services
from governors.recruitment.models import Application

from .conftest import DETAILS, publish

pytestmark = pytest.mark.django_db


def _grow(officer, boards, heard, n):
    listings = [publish(officer, board, title=f"Seat {board.pk}") for board in boards]
    for i in range(n):
        services.apply(
            actor=AnonymousUser(),
            listing=listings[i % len(listings)],
            details={**DETAILS, "email": "same@example.org", "skills": ["finance"]},
            heard_about=heard,
        )
    return listings


def test_application_pages_at_two_sizes(
    client, officer, leader_a, board_a, board_b, heard, django_assert_max_num_queries
):
    counts: dict[str, list[int]] = {}
    for n in (2, 8):
        listings = _grow(officer, [board_a, board_b], heard, n)
        application = Application.objects.filter(listing=listings[0]).first()
        applicant = application.user
        pages = [
            ("officer list", officer, reverse("governor_recruitment:application-list")),
            ("leader list", leader_a, reverse("governor_recruitment:application-list")),
            (
                "detail",
                officer,
                reverse("governor_recruitment:application-detail", args=[application.pk]),
            ),
            (
                "suggestions",
                officer,
                reverse("governor_recruitment:suggestions", args=[listings[0].pk]),
            ),
            ("mine", applicant, reverse("governor_recruitment:my-applications")),
            ("api", officer, reverse("governor_recruitment:api-application-list")),
        ]
        for name, who, url in pages:
            client.force_login(who)
            with django_assert_max_num_queries(30) as captured:
                assert client.get(url).status_code == 200, name
            counts.setdefault(name, []).append(len(captured))
    for name, (small, large) in counts.items():
        assert large <= small, (name, small, large)


def test_board_vacancies_and_publish_pages_at_two_sizes(
    client, officer, leader_a, board_a, django_assert_max_num_queries
):
    """A board with one listing, then with many more (mostly closed): the board's
    vacancies page and the publish form cost the same queries."""
    from governors.recruitment.models import VacancyListing

    counts: dict[str, list[int]] = {}
    urls = {
        "vacancies": reverse("governor_recruitment:board-vacancies", args=[board_a.pk]),
        "publish": reverse("governor_recruitment:publish", args=[board_a.pk]),
        "filtered list": reverse("governor_recruitment:application-list")
        + f"?board={board_a.pk}&stage=applied",
    }
    for extra in (1, 8):
        for i in range(extra):
            listing = publish(officer, board_a, title=f"Seat {i}")
            if i:  # the co-opted seats are three: most of these listings are closed ones
                services.close_listing(actor=officer, listing=listing)
        client.force_login(leader_a)
        for name, url in urls.items():
            with django_assert_max_num_queries(30) as captured:
                assert client.get(url).status_code == 200, name
            counts.setdefault(name, []).append(len(captured))
    assert VacancyListing.objects.count() == 9
    for name, (small, large) in counts.items():
        assert large <= small, (name, small, large)
