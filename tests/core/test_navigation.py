"""Header links, dashboard cards and the officer's Wagtail home come from each app's
registration (core/navigation.py): who sees which, and at a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools_platform.core import audit, roles
from schools_platform.core.navigation import Card, _cards, register_card
from schools_platform.imports.models import ImportJob
from tests.factories import make_authority, make_school, make_user


def nav_labels(response) -> list[str]:
    nav = response.content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r'class="govuk-service-navigation__link"[^>]*>(.*?)</a>', nav)
    ]


def cards(response) -> list[str]:
    return re.findall(r'data-card="([^"]+)"', response.content.decode())


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_member_links(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert nav_labels(client.get("/accounts/login/")) == ["Sign in"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            roles.COUNCIL_OFFICER,
            ["Your dashboard", "Schools", "Council admin", "Representation"],
        ),
        (
            roles.DATA_STEWARD,
            ["Your dashboard", "Schools", "Council admin", "Representation", "Equality answers"],
        ),
        (roles.LEARNER, ["Your dashboard", "Training"]),  # cpd: the learner's pages
        (roles.PUBLIC_APPLICANT, ["Your dashboard"]),
    ],
)
def test_each_role_sees_only_the_links_it_can_use(client, role, expected):
    client.force_login(make_user(role, username="someone"))
    assert nav_labels(client.get("/dashboard/")) == [*expected, "Your equality answers"]


@pytest.mark.django_db
def test_the_schools_link_appears_once_a_leader_has_a_school(client, officer, school_a):
    from schools_platform.registry.services import grant_school_access

    leader = make_user(roles.SCHOOL_LEADER, username="newhead")
    client.force_login(leader)
    assert "Schools" not in nav_labels(client.get("/dashboard/"))
    assert "your-schools" in cards(client.get("/dashboard/"))  # with its empty state
    grant_school_access(actor=officer, user=leader, school=school_a)
    response = client.get("/dashboard/")
    assert "Schools" in nav_labels(response)
    assert "Alder Primary" in response.content.decode()


@pytest.mark.django_db
def test_a_role_whose_module_has_not_landed_sees_it_is_coming_not_a_list_of_schools(
    client, school_a
):
    # Every module has landed now, so take the policies module's cards away for this test: a
    # role whose module has registered no card sees the honest "coming" notice.
    client.force_login(make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities"))
    removed = {name: card for name, card in _cards.items() if card.module == "policies"}
    for name in removed:
        del _cards[name]
    try:
        response = client.get("/dashboard/")
    finally:
        _cards.update(removed)
    body = response.content.decode()
    assert "The policy reviews module is coming." in body
    assert "coming-policies" in cards(response)
    assert "your-schools" not in cards(response)
    assert "Alder Primary" not in body


@pytest.mark.django_db
def test_the_coming_notice_goes_once_the_module_registers_a_card(client):
    client.force_login(make_user(roles.APPEALS_CLERK, username="clerk"))
    card = Card("appeals", "Your appeals", "equality/cards/your_answers.html", module="admissions")
    register_card(card)
    try:
        response = client.get("/dashboard/")
    finally:
        del _cards[card.name]
    assert "coming-admissions" not in cards(response)
    assert "appeals" in cards(response)


@pytest.mark.django_db
def test_steward_and_officer_cards(client, officer, data_steward):
    client.force_login(data_steward)
    assert cards(client.get("/dashboard/")) == [
        "representation",
        "equality-steward",
        "your-equality-answers",
        "your-account",
    ]
    client.force_login(officer)
    assert cards(client.get("/dashboard/")) == [
        "representation",
        "your-equality-answers",
        "your-account",
    ]


@pytest.mark.django_db
def test_everyone_finds_their_messages_and_their_data_and_only_the_steward_erasure(
    client, officer, data_steward
):
    client.force_login(officer)
    page = client.get("/dashboard/").content.decode()
    assert 'href="/messages/"' in page
    assert 'href="/your-data/"' in page
    assert 'href="/personal-data/erase/"' not in page
    client.force_login(data_steward)
    assert 'href="/personal-data/erase/"' in client.get("/dashboard/").content.decode()


def _panels(response) -> list[str]:
    return re.findall(
        r'id="(imports-waiting|last-gias-import|recent-audit-events)-section"',
        response.content.decode(),
    )


def _job(officer, status, **kwargs):
    return ImportJob.objects.create(
        importer="gias",
        created_by=officer,
        original_filename=f"{status}.csv",
        file_format="csv",
        sha256="0" * 64,
        status=status,
        **kwargs,
    )


@pytest.mark.django_db
def test_officer_home_shows_waiting_imports_the_last_gias_import_and_audit_events(client, officer):
    from django.utils import timezone

    _job(officer, ImportJob.Status.DRY_RUN_OK)
    _job(officer, ImportJob.Status.FAILED)
    _job(
        officer,
        ImportJob.Status.SUCCEEDED,
        finished_at=timezone.now(),
        new_rows=12,
        updated_rows=3,
        notes=["New authority: 999 Testshire."],
    )
    audit.record(actor=officer, verb="test.something_happened")
    client.force_login(officer)
    response = client.get("/admin/")
    body = response.content.decode()
    assert _panels(response) == ["imports-waiting", "last-gias-import", "recent-audit-events"]
    assert "dry_run_ok.csv" in body and "failed.csv" in body
    assert "12 new schools" in body and "New authority: 999 Testshire." in body
    assert "test.something_happened" in body


@pytest.mark.django_db
def test_admin_panels_need_their_permissions(client):
    # The appeals clerk imports the term calendar (issue 9), so sees their own imports waiting,
    # but cannot read the audit log or see the last GIAS import.
    client.force_login(make_user(roles.APPEALS_CLERK, username="clerk"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert _panels(response) == ["imports-waiting"]
    client.force_login(make_user(roles.DATA_STEWARD, username="steward"))
    assert _panels(client.get("/admin/")) == ["recent-audit-events"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/dashboard/"])
def test_officer_home_and_dashboard_run_fixed_queries(
    client, officer, url, django_assert_max_num_queries
):
    from django.utils import timezone

    def grow(n):
        authority = make_authority()
        for _ in range(n):
            make_school(authority)
            _job(officer, ImportJob.Status.DRY_RUN_FAILED)
            _job(officer, ImportJob.Status.SUCCEEDED, finished_at=timezone.now())
            audit.record(actor=officer, verb="test.grow")

    client.force_login(officer)
    grow(2)
    small = _count(client, url)
    grow(30)
    with django_assert_max_num_queries(small):
        client.get(url)
