"""Serving governors' own optional equality monitoring answers, the clerk's invitation by
e-mail, and the board make-up of every serving governor against pupils and the community."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governors.choices import Category
from governors.models import Governor
from governors.recruitment import selectors, services
from governors.recruitment.models import ApplicantLink
from schools_platform.core.models import AuditEvent, Notification
from schools_platform.equality import services as equality_services
from schools_platform.equality.models import EqualityProfile
from schools_platform.representation.models import GroupMembership
from tests.factories import make_user
from tests.governors.conftest import appoint

pytestmark = pytest.mark.django_db

ANSWERS = {
    "equality-ethnicity": "black_caribbean",
    "equality-sex": "female",
    "equality-consent": "on",
}


@pytest.fixture
def serving(officer, board_a):
    """Three serving governors of board A; Ada has an account and an e-mail address."""
    ada = appoint(officer, board_a, Category.CO_OPTED, first="Ada", last="Lovelace")
    grace = appoint(officer, board_a, Category.PARENT, first="Grace", last="Hopper")
    alan = appoint(officer, board_a, Category.PARENT, first="Alan", last="Turing")
    user = make_user(username="ada", email="ada@example.org")
    Governor.objects.filter(pk=ada.governor_id).update(user=user, email="ada@example.org")
    Governor.objects.filter(pk=grace.governor_id).update(email="grace@example.org")
    return {"ada": user, "terms": [ada, grace, alan]}


def _link(text: str) -> str:
    return re.search(r"(/governors/recruitment/monitoring/[\w-]+/)", text).group(1)


def test_a_serving_governor_gives_answers_and_the_make_up_counts_everyone(
    client, serving, django_capture_on_commit_callbacks
):
    client.force_login(serving["ada"])
    url = reverse("governor_recruitment:serving-monitoring")
    page = client.get(url)
    assert page.status_code == 200 and "Governing board of Alder Primary" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, ANSWERS)
    assert done.status_code == 302
    profile = EqualityProfile.objects.get(purpose="serving_governor")
    assert profile.user == serving["ada"] and profile.ethnicity == "black_caribbean"
    assert profile.consent_given_at is not None and profile.outcome == "not_applicable"
    year = timezone.localdate().year
    members = GroupMembership.objects.filter(group="serving_governors", year=year)
    # Every serving governor is in the make-up; only Ada's answers are linked.
    assert members.count() == 3
    assert list(members.exclude(profile=None).values_list("profile", flat=True)) == [profile.pk]
    # Given again, the answers replace the earlier ones (one live profile).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**ANSWERS, "equality-ethnicity": "white_irish"})
    assert EqualityProfile.objects.active().filter(purpose="serving_governor").count() == 1
    assert EqualityProfile.objects.get(purpose="serving_governor").ethnicity == "white_irish"
    again = client.get(url)
    assert "You have given answers already" in again.text
    # The page never shows the answers back (they are on the person's own answers page).
    assert " checked" not in again.text


def test_the_answers_need_consent_and_an_answer(client, serving):
    client.force_login(serving["ada"])
    url = reverse("governor_recruitment:serving-monitoring")
    page = client.post(url, {"equality-ethnicity": "black_caribbean"})
    assert page.status_code == 400 and "Tick the box to agree" in page.text
    assert client.post(url, {}).status_code == 400
    assert not EqualityProfile.objects.exists()


def test_someone_serving_on_no_board_is_told_so_and_records_nothing(client, leader_a):
    client.force_login(leader_a)
    url = reverse("governor_recruitment:serving-monitoring")
    page = client.post(url, ANSWERS)
    assert page.status_code == 200 and "not recorded as serving" in page.text
    assert not EqualityProfile.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302


def test_only_the_governor_gives_their_own_answers(serving, leader_a):
    kwargs = {"answers": {"ethnicity": "white_irish"}, "consent_wording": "I agree."}
    with pytest.raises(services.PermissionDenied):
        services.record_serving_monitoring(
            actor=leader_a, governor_id=serving["terms"][0].governor_id, monitoring=kwargs
        )


def test_the_clerk_invites_and_a_governor_answers_by_the_link(
    client, leader_a, serving, django_capture_on_commit_callbacks
):
    client.force_login(leader_a)
    board = serving["terms"][0].board
    url = reverse("governor_recruitment:invite-monitoring", args=[board.pk])
    page = client.get(url)
    assert "2 governors will be invited" in page.text and "Alan Turing" in page.text
    client.post(url)
    sent = Notification.objects.filter(kind=services.MONITORING_KIND)
    assert sorted(sent.values_list("to_email", flat=True)) == [
        "ada@example.org",
        "grace@example.org",
    ]
    assert AuditEvent.objects.filter(verb="governor_recruitment.monitoring.invited").exists()
    client.logout()
    path = _link(sent.get(to_email="grace@example.org").body_text)
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, ANSWERS)
    assert done.status_code == 302
    profile = EqualityProfile.objects.get(purpose="serving_governor")
    # Grace had no account: a passwordless one for her address keeps her answers hers.
    assert profile.user.email == "grace@example.org" and services.is_applicant_account(profile.user)
    assert profile.subject_reference == services.serving_subject_reference(
        serving["terms"][1].governor_id
    )
    assert client.get(path).status_code == 404  # used up
    members = GroupMembership.objects.filter(group="serving_governors")
    assert members.exclude(profile=None).count() == 1


def test_another_schools_leader_and_a_visitor_cannot_invite(client, leader_b, serving):
    url = reverse("governor_recruitment:invite-monitoring", args=[serving["terms"][0].board_id])
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert not ApplicantLink.objects.exists()


def test_withdrawn_answers_leave_the_make_up_and_a_refresh_is_idempotent(officer, serving):
    kwargs = {"answers": {"ethnicity": "white_irish"}, "consent_wording": "I agree."}
    profile = services.record_serving_monitoring(
        actor=serving["ada"], governor_id=serving["terms"][0].governor_id, monitoring=kwargs
    )
    assert services.refresh_serving_make_up(actor=officer) == 3
    assert services.refresh_serving_make_up(actor=officer) == 3
    members = GroupMembership.objects.filter(group="serving_governors")
    assert members.count() == 3 and members.filter(profile=profile).count() == 1
    equality_services.withdraw_profile(actor=serving["ada"], profile=profile)
    services.refresh_serving_make_up(actor=officer)
    assert not members.exclude(profile=None).exists()


def test_the_funnel_page_shows_the_board_make_up_by_scope(client, officer, serving):
    from tests.representation.builders import add_pupils

    add_pupils(serving["terms"][0].board.memberships.get().school, year=2025, white_british=90)
    services.refresh_serving_make_up(actor=officer)
    client.force_login(officer)
    page = client.get(reverse("governor_recruitment:funnel"))
    assert page.status_code == 200
    assert "Serving governors in" in page.text and "Pupils (January 2025 census)" in page.text
    council = client.get(reverse("governor_recruitment:funnel"), {"scope": "council:901"})
    assert "Northvale council" in council.text
    odd = client.get(reverse("governor_recruitment:funnel"), {"scope": "council:999"})
    assert odd.status_code == 200 and "All schools" in odd.text
    report, _options, year = selectors.board_make_up(officer, year=None)
    assert year == timezone.localdate().year and report.group == "serving_governors"


def test_the_dashboard_card_links_governors_and_clerks(client, serving, leader_a):
    client.force_login(serving["ada"])
    page = client.get("/dashboard/")
    assert reverse("governor_recruitment:serving-monitoring") in page.text
    client.force_login(leader_a)
    page = client.get("/dashboard/")
    board = serving["terms"][0].board
    assert reverse("governor_recruitment:invite-monitoring", args=[board.pk]) in page.text
    assert reverse("governor_recruitment:application-list") in page.text


def test_query_counts_of_the_monitoring_pages_at_two_sizes(
    client, officer, board_a, leader_a, django_assert_max_num_queries
):
    user = make_user(username="gov", email="gov@example.org")
    counts = {"mine": [], "invite": []}
    for size in (1, 3):
        category = Category.CO_OPTED if size == 1 else Category.PARENT
        for i in range(size):
            term = appoint(officer, board_a, category, first="G", last=f"N{size}{i}")
            Governor.objects.filter(pk=term.governor_id).update(email=f"g{size}{i}@example.org")
        if size == 1:
            Governor.objects.filter(pk=term.governor_id).update(user=user)
        for name, who, url in (
            ("mine", user, reverse("governor_recruitment:serving-monitoring")),
            (
                "invite",
                leader_a,
                reverse("governor_recruitment:invite-monitoring", args=[board_a.pk]),
            ),
        ):
            client.force_login(who)
            with django_assert_max_num_queries(30) as captured:
                assert client.get(url).status_code == 200
            counts[name].append(len(captured))
    for name, (small, large) in counts.items():
        assert large <= small, name
