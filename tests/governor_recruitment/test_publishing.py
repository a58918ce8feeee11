"""Publishing, changing and closing a board's vacancies from the member pages, and the
board page's links to them: the rules are services.publish_vacancy / update_listing /
close_listing; these tests are what the clerk, chair, school leader and officer see."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from governors.choices import Category
from governors.recruitment import services
from governors.recruitment.models import VacancyListing
from schools_platform.core.models import AuditEvent

from .conftest import DETAILS, publish

pytestmark = pytest.mark.django_db

LISTINGS = reverse("governor_recruitment:listings")


def vacancies_url(board):
    return reverse("governor_recruitment:board-vacancies", args=[board.pk])


def publish_url(board):
    return reverse("governor_recruitment:publish", args=[board.pk])


def test_board_page_links_to_its_vacancies_and_applications(client, leader_a, board_a):
    client.force_login(leader_a)
    page = client.get(reverse("governors:board-detail", args=[board_a.pk]))
    assert page.status_code == 200
    assert vacancies_url(board_a) in page.text
    applications = reverse("governor_recruitment:board-applications", args=[board_a.pk])
    assert applications in page.text
    followed = client.get(applications, follow=True)
    assert followed.redirect_chain[-1][0].endswith(f"?board={board_a.pk}")
    assert followed.context["filters"].board == board_a.pk


def test_school_leader_publishes_a_vacant_seat(client, leader_a, board_a):
    client.force_login(leader_a)
    page = client.get(vacancies_url(board_a))
    assert page.status_code == 200
    assert "Vacant seats today" in page.text
    assert f"{publish_url(board_a)}?category={Category.CO_OPTED}" in page.text
    assert "The board has not published a vacancy yet." in page.text
    form = client.get(publish_url(board_a), {"category": Category.CO_OPTED})
    assert form.context["form"]["category"].value() == Category.CO_OPTED
    done = client.post(
        publish_url(board_a),
        {
            "category": Category.CO_OPTED,
            "title": "Co-opted governor with finance skills",
            "description": "Help the board keep its budget honest.",
            "skills": "finance, audit",
            "meeting_times": ["weekday_evening"],
            "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == vacancies_url(board_a)
    assert "is published: it is on the public vacancy listing now" in done.text
    listing = VacancyListing.objects.get(board=board_a)
    assert listing.skills_sought == ["finance", "audit"]
    assert listing.meeting_times == ["weekday_evening"]
    assert listing.published_by == leader_a
    assert AuditEvent.objects.filter(verb="governor_recruitment.vacancy.published").count() == 1
    client.logout()
    assert "Co-opted governor with finance skills" in client.get(LISTINGS).text


def test_publish_errors_name_the_field_and_write_nothing(client, leader_a, board_a):
    client.force_login(leader_a)
    page = client.post(
        publish_url(board_a),
        {"category": "", "title": "", "description": "", "closes_on": "31/2/2027"},
    )
    assert page.status_code == 400
    assert page.context["page_title"].startswith("Error:")
    for message in (
        "Choose the seat to publish",
        "Enter a title for the vacancy",
        "Enter a description of the role",
        "Closing date must be a real date",
    ):
        assert message in page.text
    past = client.post(
        publish_url(board_a),
        {
            "category": Category.CO_OPTED,
            "title": "Governor",
            "description": "A role.",
            "closes_on": "1/1/2020",
        },
    )
    assert past.status_code == 400
    assert "The closing date must be today or in the future" in past.text
    assert not VacancyListing.objects.exists()


def test_a_seat_already_published_is_not_offered_again(client, leader_a, officer, board_a):
    seats = {line.category: line for line in services_vacant_seats(board_a)}
    for _ in range(seats[Category.CO_OPTED].vacant):
        publish(officer, board_a)
    client.force_login(leader_a)
    page = client.get(vacancies_url(board_a))
    assert f"?category={Category.CO_OPTED}" not in page.text
    refused = client.post(
        publish_url(board_a),
        {"category": Category.CO_OPTED, "title": "One more", "description": "A role."},
    )
    assert refused.status_code == 400
    assert "Choose one of the board&#x27;s vacant seats" in refused.text


def services_vacant_seats(board):
    from governors.recruitment import selectors

    return selectors.vacant_seats(board)


def test_change_then_close_a_listing(client, leader_a, board_a):
    listing = publish(leader_a, board_a)
    client.force_login(leader_a)
    change = reverse("governor_recruitment:edit-listing", args=[listing.pk])
    form = client.get(change)
    assert form.context["form"]["title"].value() == listing.title
    bad = client.post(change, {"title": "", "description": "Still here."})
    assert bad.status_code == 400 and "Enter a title for the vacancy" in bad.text
    client.post(change, {"title": "Parent-friendly governor role", "description": "Evenings."})
    listing.refresh_from_db()
    assert listing.title == "Parent-friendly governor role"
    event = AuditEvent.objects.get(verb="governor_recruitment.vacancy.changed")
    assert event.details["fields"] == ["description", "skills_sought", "title"]

    close = reverse("governor_recruitment:close-listing", args=[listing.pk])
    confirm = client.get(close)
    assert "Close the vacancy" in confirm.text
    assert VacancyListing.objects.get(pk=listing.pk).is_open  # a GET changes nothing
    done = client.post(close, follow=True)
    assert "is closed and off the public listing" in done.text
    assert not VacancyListing.objects.get(pk=listing.pk).is_open
    assert "Parent-friendly governor role" not in client.get(LISTINGS).text
    again = client.post(close, follow=True)
    assert "was already closed" in again.text
    assert AuditEvent.objects.filter(verb="governor_recruitment.vacancy.closed").count() == 1
    assert client.get(change).status_code == 404  # a closed listing is not changed


@pytest.mark.parametrize("name", ["vacancies", "publish", "applications"])
def test_another_boards_people_and_anonymous_are_refused_the_board(client, leader_b, board_a, name):
    url = {
        "vacancies": vacancies_url(board_a),
        "publish": publish_url(board_a),
        "applications": reverse("governor_recruitment:board-applications", args=[board_a.pk]),
    }[name]
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.url
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"category": Category.CO_OPTED, "title": "x"}).status_code == 404
    assert not VacancyListing.objects.exists()


@pytest.mark.parametrize("name", ["edit-listing", "close-listing"])
def test_another_boards_people_cannot_change_or_close_a_listing(
    client, officer, leader_b, board_a, name
):
    listing = publish(officer, board_a)
    url = reverse(f"governor_recruitment:{name}", args=[listing.pk])
    assert "/login" in client.post(url).url
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Taken over", "description": "x"}).status_code == 404
    listing.refresh_from_db()
    assert listing.is_open and listing.title != "Taken over"


def test_update_listing_service_refuses_others_and_unknown_fields(leader_b, officer, board_a):
    listing = publish(officer, board_a)
    with pytest.raises(services.PermissionDenied):
        services.update_listing(actor=leader_b, listing=listing, title="Mine now")
    with pytest.raises(services.ValidationError) as error:
        services.update_listing(actor=officer, listing=listing, board=None)
    assert "Unknown field" in str(error.value)
    with pytest.raises(services.ValidationError) as error:
        services.update_listing(actor=officer, listing=listing, meeting_times=["midnight"])
    assert "meeting_times" in error.value.message_dict


def test_application_list_filters_by_vacancy_and_stage(client, officer, board_a, board_b, campaign):
    one = publish(officer, board_a)
    other = publish(officer, board_b, title="Governor at Birch")
    for listing, email in ((one, "a@example.org"), (other, "b@example.org")):
        services.apply(
            actor=AnonymousUser(),
            listing=listing,
            details={**DETAILS, "email": email},
            campaign=campaign,
        )
    client.force_login(officer)
    url = reverse("governor_recruitment:application-list")
    assert len(client.get(url).context["page_obj"]) == 2
    by_listing = client.get(url, {"listing": one.pk}).context["page_obj"]
    assert [a.listing_id for a in by_listing] == [one.pk]
    by_board = client.get(url, {"board": board_b.pk}).context["page_obj"]
    assert [a.listing_id for a in by_board] == [other.pk]
    assert len(client.get(url, {"stage": "appointed"}).context["page_obj"]) == 0
    assert len(client.get(url, {"stage": "nonsense", "board": "x1"}).context["page_obj"]) == 2
