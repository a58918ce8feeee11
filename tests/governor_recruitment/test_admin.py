"""The officers' Wagtail screens: campaigns and the heard-about list change through the
services (audited); vacancies and applications are read-only with exports; others refused."""

import pytest

from governors.recruitment.models import Campaign
from schools_platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PREFIX = "/admin/governors/recruitment/"


def test_officer_sees_every_screen_and_export(client, officer, listing_a, campaign, heard):
    client.force_login(officer)
    for screen in ("campaigns", "heard-about", "vacancies", "applications"):
        assert client.get(f"{PREFIX}{screen}/").status_code == 200, screen
        export = client.get(f"{PREFIX}{screen}/", {"export": "csv"})
        assert export.status_code == 200 and export["Content-Disposition"].startswith("attach")
    assert client.get(f"{PREFIX}applications/new/").status_code in (302, 403, 404)


def test_officer_adds_a_campaign_through_the_service(client, officer):
    client.force_login(officer)
    page = client.post(
        f"{PREFIX}campaigns/new/",
        {
            "name": "Mosque open day",
            "partner_name": "Central Mosque",
            "partner_type": "faith",
            "channel": "event",
            "starts_on": "2025-03-01",
            "ends_on": "2025-02-01",
            "target_areas": "[]",
            "target_phases": "[]",
            "code": "MOSQUE",
        },
    )
    assert page.status_code == 200 and not Campaign.objects.exists()  # ends before it starts
    client.post(
        f"{PREFIX}campaigns/new/",
        {
            "name": "Mosque open day",
            "partner_name": "Central Mosque",
            "partner_type": "faith",
            "channel": "event",
            "starts_on": "2025-03-01",
            "ends_on": "",
            "target_areas": "[]",
            "target_phases": '["Primary"]',
            "code": "mosque",
        },
    )
    campaign = Campaign.objects.get()
    assert campaign.code == "MOSQUE" and campaign.target_phases == ["Primary"]
    assert AuditEvent.objects.filter(verb="governor_recruitment.campaign.created").count() == 1


def test_school_leader_and_visitor_refused(client, leader_a):
    client.force_login(leader_a)
    assert client.get(f"{PREFIX}campaigns/").status_code in (302, 403)
    client.logout()
    assert client.get(f"{PREFIX}campaigns/").status_code == 302


# --- vacancies and applications written from the admin (through the services) -------------


def test_officer_publishes_changes_and_closes_a_vacancy_in_the_admin(client, officer, board_a):
    from governors.recruitment.models import VacancyListing

    client.force_login(officer)
    form = client.get(f"{PREFIX}vacancies/new/")
    assert form.status_code == 200
    assert 'value="headteacher"' not in form.text  # ex officio: never advertised
    refused = client.post(
        f"{PREFIX}vacancies/new/",
        {"board": board_a.pk, "category": "foundation", "title": "Foundation", "description": "x"},
    )
    assert refused.status_code == 200 and not VacancyListing.objects.exists()
    assert "This board has no unpublished vacancy in that category" in refused.text
    client.post(
        f"{PREFIX}vacancies/new/",
        {
            "board": board_a.pk,
            "category": "co_opted",
            "title": "Co-opted governor",
            "description": "Help the board.",
            "skills": "law, HR",
            "meeting_times": ["weekday_evening"],
            "closes_on": "",
        },
    )
    listing = VacancyListing.objects.get()
    assert listing.skills_sought == ["law", "HR"] and listing.published_by == officer
    assert listing.title in client.get("/governors/recruitment/").text

    edit = client.get(f"{PREFIX}vacancies/edit/{listing.pk}/")
    assert edit.status_code == 200 and "law, HR" in edit.text
    client.post(
        f"{PREFIX}vacancies/edit/{listing.pk}/",
        {"title": "Co-opted governor (law)", "description": "Help the board.", "skills": "law"},
    )
    listing.refresh_from_db()
    assert listing.title == "Co-opted governor (law)" and listing.skills_sought == ["law"]

    index = client.get(f"{PREFIX}vacancies/")
    assert f"{PREFIX}vacancies/close/{listing.pk}/" in index.text
    assert client.get(f"{PREFIX}vacancies/close/{listing.pk}/").status_code == 200
    assert VacancyListing.objects.get().is_open
    client.post(f"{PREFIX}vacancies/close/{listing.pk}/")
    assert not VacancyListing.objects.get().is_open
    public = client.get("/governors/recruitment/").context["rows"]
    assert listing.pk not in [shown.pk for shown, _schools in public]
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "governor_recruitment.vacancy.published",
        "governor_recruitment.vacancy.changed",
        "governor_recruitment.vacancy.closed",
    } <= verbs


def test_officer_moves_an_application_in_the_admin_up_to_appointed(
    client, officer, listing_a, campaign
):
    from django.contrib.auth.models import AnonymousUser

    from governors.recruitment import services
    from governors.recruitment.models import Application, Stage

    from .conftest import DETAILS

    application = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, campaign=campaign
    )
    client.force_login(officer)
    url = f"{PREFIX}applications/edit/{application.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    # Only the moves the pipeline allows are offered.
    assert 'value="screened"' in form.text and 'value="nominated"' not in form.text
    skip = client.post(url, {"stage": "nominated"})
    assert skip.status_code == 200
    assert Application.objects.get().stage == Stage.APPLIED
    for stage in ("screened", "interviewed", "nominated"):
        client.post(url, {"stage": stage, "note": f"to {stage}"})
        assert Application.objects.get().stage == stage
    missing = client.post(url, {"stage": "appointed"})
    assert missing.status_code == 200 and "Choose the appointing body" in missing.text
    assert Application.objects.get().stage == Stage.NOMINATED
    appointment = {
        "stage": "appointed",
        "appointing_body": "appointed_by_board",
        "starts_on": "1/10/2024",
        "ends_on": "30/9/2028",
        "is_school_staff": "no",
        "q_aged_18_or_over": "yes",
        "q_registered_pupil": "no",
        "q_other_disqualification": "no",
    }
    done = client.post(url, appointment, follow=True)
    application = Application.objects.get()
    assert application.stage == Stage.APPOINTED, done.text[:3000]
    assert application.term is not None
    assert not type(listing_a).objects.get(pk=listing_a.pk).is_open
    assert AuditEvent.objects.filter(verb="governor_recruitment.application.moved").count() == 4
    final = client.get(url)
    assert 'value="screened"' not in final.text


def test_leader_and_visitor_cannot_publish_or_move_in_the_admin(
    client, leader_a, officer, listing_a, board_a
):
    from governors.recruitment.models import VacancyListing

    for user in (leader_a, None):
        client.logout()
        if user:
            client.force_login(user)
        for url in (
            f"{PREFIX}vacancies/new/",
            f"{PREFIX}vacancies/edit/{listing_a.pk}/",
            f"{PREFIX}vacancies/close/{listing_a.pk}/",
        ):
            response = client.post(url, {"board": board_a.pk, "title": "x"})
            assert response.status_code in (302, 403), url
    assert VacancyListing.objects.get().is_open and VacancyListing.objects.count() == 1
