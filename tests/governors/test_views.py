"""Member pages and the public governance page, through the real URLs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governors import services
from governors.choices import BoardRoleKind, Category
from governors.models import Term

from .conftest import START, appoint

TODAY = timezone.localdate()


@pytest.fixture
def staffed(officer, board_a):
    start = TODAY - datetime.timedelta(days=30)
    parent = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Pat",
        last="Parent",
        starts_on=start,
        person={"first_name": "Pat", "last_name": "Parent", "email": "pat@example.invalid"},
    )
    appoint(officer, board_a, Category.HEADTEACHER, first="Hana", last="Head", starts_on=START)
    services.set_board_role(actor=officer, term=parent, role=BoardRoleKind.CHAIR, starts_on=start)
    return parent


def test_board_page_shows_make_up_vacancies_and_contacts_to_its_leader(
    client, leader_a, board_a, staffed
):
    client.force_login(leader_a)
    body = client.get(reverse("governors:board-detail", args=[board_a.pk])).content.decode()
    assert "Pat Parent" in body and "Hana Head" in body
    assert "2 serving of 9 seats; 7 vacant" in body
    assert "pat@example.invalid" in body
    assert "Record a new term" in body


def test_board_page_links_each_term_to_its_own_actions(client, leader_a, board_a, staffed):
    """The term links are built once a request, not reversed per row: each still points at its
    own term's pages."""
    client.force_login(leader_a)
    body = client.get(reverse("governors:board-detail", args=[board_a.pk])).content.decode()
    for name in ("end-term", "set-role", "correct-term", "checks"):
        assert f'href="{reverse(f"governors:{name}", args=[staffed.pk])}"' in body, name
    assert reverse("governors:end-term", args=[staffed.pk]) != reverse(
        "governors:end-term", args=[staffed.pk + 1]
    )


def test_a_clerk_records_a_new_term_and_the_vacancy_disappears(client, leader_a, board_a, staffed):
    client.force_login(leader_a)
    url = reverse("governors:appoint", args=[board_a.pk])
    assert client.get(url).status_code == 200
    answers = {
        f"q_{k}": "no"
        for k in (
            "registered_pupil",
            "la_elected_member",
            "paid_over_500_hours",
            "other_disqualification",
        )
    }
    response = client.post(
        url,
        {
            "first_name": "Lola",
            "last_name": "Authority",
            "category": Category.LOCAL_AUTHORITY,
            "appointing_body": "nominated_by_la",
            "starts_on": TODAY.strftime("%d/%m/%Y"),
            "ends_on": (TODAY + datetime.timedelta(days=700)).strftime("%d/%m/%Y"),
            "is_school_staff": "no",
            "q_aged_18_or_over": "yes",
            **answers,
        },
    )
    assert response.status_code == 302, response.context["error_items"]
    body = client.get(reverse("governors:board-detail", args=[board_a.pk])).content.decode()
    assert "3 serving of 9 seats; 6 vacant" in body


def test_a_bad_term_shows_the_error_summary_naming_the_rule(client, leader_a, board_a, staffed):
    client.force_login(leader_a)
    response = client.post(
        reverse("governors:appoint", args=[board_a.pk]),
        {
            "first_name": "Young",
            "last_name": "Person",
            "category": Category.CO_OPTED,
            "appointing_body": "appointed_by_board",
            "starts_on": TODAY.strftime("%d/%m/%Y"),
            "ends_on": (TODAY + datetime.timedelta(days=300)).strftime("%d/%m/%Y"),
            "is_school_staff": "no",
            "q_aged_18_or_over": "no",
            "q_registered_pupil": "no",
            "q_other_disqualification": "no",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "Schedule 4 para 2" in body
    assert body.count("<title>Error:") == 1
    assert not Term.objects.filter(governor__first_name="Young").exists()


def test_an_instrument_with_three_parents_of_six_is_refused_on_the_page(client, leader_a, board_a):
    client.force_login(leader_a)
    response = client.post(
        reverse("governors:new-instrument", args=[board_a.pk]),
        {
            "effective_from": "1/9/2026",
            "seats_parent": "3",
            "years_parent": "4",
            "seats_headteacher": "1",
            "seats_staff": "1",
            "years_staff": "4",
            "seats_local_authority": "1",
            "years_local_authority": "4",
        },
    )
    assert response.status_code == 400
    assert "at least 7 governors; this has 6" in response.content.decode()
    assert board_a.instruments.count() == 1


def test_ending_a_term_from_the_page(client, leader_a, board_a, staffed):
    client.force_login(leader_a)
    response = client.post(
        reverse("governors:end-term", args=[staffed.pk]),
        {"ended_on": TODAY.strftime("%d/%m/%Y"), "reason": "resigned"},
    )
    assert response.status_code == 302
    staffed.refresh_from_db()
    assert staffed.ended_on == TODAY and staffed.end_reason == "resigned"


def test_public_page_needs_no_sign_in_and_shows_no_contact_details(
    client, school_a, board_a, staffed
):
    body = client.get(reverse("governors:public", args=[school_a.urn])).content.decode()
    assert "Pat Parent" in body and "Elected by parents" in body
    assert "Chair from" in body
    assert "pat@example.invalid" not in body


def test_public_page_includes_those_who_left_in_the_last_12_months_only(
    client, officer, school_a, board_a
):
    recent = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Rita",
        last="Recent",
        starts_on=START,
        person={"first_name": "Rita", "last_name": "Recent"},
    )
    old = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Olga",
        last="Old",
        starts_on=START,
        person={"first_name": "Olga", "last_name": "Old"},
    )
    services.end_term(
        actor=officer, term=recent, ended_on=TODAY - datetime.timedelta(days=100), reason="resigned"
    )
    services.end_term(
        actor=officer, term=old, ended_on=TODAY - datetime.timedelta(days=400), reason="resigned"
    )
    body = client.get(reverse("governors:public", args=[school_a.urn])).content.decode()
    assert "Rita Recent" in body and "Olga Old" not in body


def test_public_page_for_a_school_without_a_board_is_404(client, school_b):
    assert client.get(reverse("governors:public", args=[school_b.urn])).status_code == 404


def test_electing_a_chair_and_correcting_a_term_from_the_pages(
    client, leader_a, leader_b, board_a, staffed
):
    from governors.models import BoardRole, TermCorrection

    client.force_login(leader_a)
    head = Term.objects.get(category=Category.HEADTEACHER)
    response = client.post(
        reverse("governors:set-role", args=[head.pk]),
        {"role": "vice_chair", "starts_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    assert BoardRole.objects.get(role="vice_chair").term == head
    url = reverse("governors:correct-term", args=[staffed.pk])
    new_end = staffed.ends_on - datetime.timedelta(days=10)
    refused = client.post(url, {"ends_on": new_end.strftime("%d/%m/%Y"), "reason": ""})
    assert (
        refused.status_code == 400
        and "Say why the term is being corrected" in refused.content.decode()
    )
    response = client.post(
        url,
        {
            "ends_on": new_end.strftime("%d/%m/%Y"),
            "reason": "Typo",
            "appointing_body": staffed.appointing_body,
        },
    )
    assert response.status_code == 302
    assert TermCorrection.objects.get(term=staffed).changes == {
        "ends_on": [staffed.ends_on.isoformat(), new_end.isoformat()]
    }
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.get(reverse("governors:set-role", args=[head.pk])).status_code == 404
