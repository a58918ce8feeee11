import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from governors.recruitment import services
from governors.recruitment.models import Application, Stage
from schools_platform.equality.models import EqualityProfile

from .conftest import DETAILS, publish

pytestmark = pytest.mark.django_db

LISTINGS = reverse("governor_recruitment:listings")


def form_data(**extra):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "skills": "finance, safeguarding",
    }
    data.update(extra)
    return data


def test_anonymous_sees_listings_and_filters(client, listing_a, listing_b):
    page = client.get(LISTINGS)
    assert page.status_code == 200
    assert "Co-opted governor" in page.text and "Governor at Birch" in page.text
    by_council = client.get(LISTINGS, {"council": "902"})
    assert "Governor at Birch" in by_council.text and "Co-opted governor" not in by_council.text
    by_area = client.get(LISTINGS, {"area": "Riverside"})
    assert "Co-opted governor" in by_area.text and "Governor at Birch" not in by_area.text
    by_phase = client.get(LISTINGS, {"phase": "Secondary"})
    assert "Governor at Birch" in by_phase.text and "Co-opted governor" not in by_phase.text
    by_category = client.get(LISTINGS, {"category": "parent"})
    assert "No vacancies match" in by_category.text


def test_closed_listing_is_404(client, officer, listing_a):
    services.close_listing(actor=officer, listing=listing_a)
    url = reverse("governor_recruitment:listing-detail", args=[listing_a.pk])
    assert client.get(url).status_code == 404


def test_apply_errors_summarised_and_nothing_written(client, listing_a, heard):
    url = reverse("governor_recruitment:apply", args=[listing_a.pk])
    page = client.post(url, {"email": "not-an-email"})
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Enter your first name" in page.text
    assert "Tell us where you heard" in page.text or "Enter an email address" in page.text
    assert page.context["page_title"].startswith("Error:")
    assert Application.objects.count() == 0


def test_apply_without_monitoring(client, listing_a, heard):
    url = reverse("governor_recruitment:apply", args=[listing_a.pk])
    page = client.post(url, form_data(heard_about=str(heard.pk)), follow=True)
    assert "Application sent" in page.text
    application = Application.objects.get()
    assert application.skills == ["finance", "safeguarding"]
    assert application.heard_about == heard
    assert EqualityProfile.objects.count() == 0


def test_campaign_link_attributes_and_skips_question(client, listing_a, campaign):
    client.get(reverse("governor_recruitment:campaign-link", args=["faith1"]))
    url = reverse("governor_recruitment:apply", args=[listing_a.pk])
    assert "Faith leaders breakfast" in client.get(url).text
    client.post(url, form_data())
    assert Application.objects.get().campaign == campaign


def test_register_interest_without_vacancy(client, heard):
    url = reverse("governor_recruitment:register-interest")
    client.post(url, form_data(heard_about_other="The library"))
    application = Application.objects.get()
    assert application.listing is None and application.heard_about_other == "The library"


def test_equality_answers_never_shown_to_whoever_decides(client, leader_a, listing_a, heard):
    url = reverse("governor_recruitment:apply", args=[listing_a.pk])
    client.post(
        url,
        form_data(
            heard_about=str(heard.pk),
            **{
                "equality-ethnicity": "other_any",
                "equality-ethnicity_other_any": "Zzyzxian heritage",
                "equality-consent": "on",
                "equality-disability": "yes",
            },
        ),
    )
    assert EqualityProfile.objects.get().ethnicity == "other_any"
    application = Application.objects.get()
    client.force_login(leader_a)
    listing = client.get(reverse("governor_recruitment:application-list")).text
    detail = client.get(reverse("governor_recruitment:application-detail", args=[application.pk]))
    assert detail.status_code == 200
    for page in (listing, detail.text):
        assert "Zzyzxian" not in page
        assert "Any other ethnic group" not in page
        assert "disab" not in page.lower()


def test_other_schools_user_refused_application(client, leader_a, listing_b, heard):
    application = services.apply(
        actor=AnonymousUser(), listing=listing_b, details=DETAILS, heard_about=heard
    )
    client.force_login(leader_a)
    url = reverse("governor_recruitment:application-detail", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"stage": Stage.SCREENED}).status_code == 404
    assert reverse("governor_recruitment:application-detail", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert (
        application.reference
        not in client.get(reverse("governor_recruitment:application-list")).text
    )


def test_anonymous_refused_member_pages(client, listing_a, heard):
    application = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, heard_about=heard
    )
    for url in (
        reverse("governor_recruitment:application-list"),
        reverse("governor_recruitment:application-detail", args=[application.pk]),
        reverse("governor_recruitment:campaign-report"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_board_manager_moves_own_with_error_for_skip(client, leader_a, listing_a, heard):
    application = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, heard_about=heard
    )
    client.force_login(leader_a)
    url = reverse("governor_recruitment:application-detail", args=[application.pk])
    page = client.post(url, {"stage": Stage.INTERVIEWED})
    assert "There is a problem" in page.text and "cannot be skipped" in page.text
    client.post(url, {"stage": Stage.SCREENED, "note": "strong finance"})
    application.refresh_from_db()
    assert application.stage == Stage.SCREENED


def test_report_refused_to_school_leader(client, leader_a):
    client.force_login(leader_a)
    assert client.get(reverse("governor_recruitment:campaign-report")).status_code == 403


def test_query_counts_listing_at_two_sizes(
    client, officer, board_a, board_b, django_assert_max_num_queries
):
    publish(officer, board_a)
    with django_assert_max_num_queries(12):
        client.get(LISTINGS)
    publish(officer, board_a)
    publish(officer, board_b)
    publish(officer, board_b)
    with django_assert_max_num_queries(12):
        page = client.get(LISTINGS)
    assert page.text.count('class="govuk-summary-card__title"') == 4


def test_appoint_page_records_the_term(client, officer, listing_a, heard):
    from governors.recruitment.models import Application as App

    from .conftest import advance

    application = advance(
        officer,
        services.apply(
            actor=AnonymousUser(), listing=listing_a, details=DETAILS, heard_about=heard
        ),
    )
    client.force_login(officer)
    url = reverse("governor_recruitment:appoint", args=[application.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"appointing_body": "appointed_by_board"})
    assert "There is a problem" in page.text and "Enter the date of appointment" in page.text
    data = {
        "appointing_body": "appointed_by_board",
        "starts_on": "1/10/2024",
        "ends_on": "30/9/2028",
        "is_school_staff": "no",
        "q_aged_18_or_over": "no",
        "q_registered_pupil": "no",
        "q_other_disqualification": "no",
    }
    page = client.post(url, data)
    assert "aged 18 or over" in page.text
    assert App.objects.get().stage == Stage.NOMINATED
    page = client.post(url, dict(data, q_aged_18_or_over="yes"))
    assert page.status_code == 302
    assert App.objects.get().term is not None


def test_another_boards_manager_cannot_open_appoint(client, leader_a, listing_b, heard):
    application = services.apply(
        actor=AnonymousUser(), listing=listing_b, details=DETAILS, heard_about=heard
    )
    client.force_login(leader_a)
    url = reverse("governor_recruitment:appoint", args=[application.pk])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
