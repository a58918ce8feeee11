"""The clerk's and the member's pages: who may see what, the checker's result before saving."""

import pytest
from django.urls import reverse

from admissions import models as m
from admissions import services
from schools_platform.core import roles
from tests.factories import make_user

from .conftest import make_block, make_member


@pytest.fixture
def saved(clerk_user, pool, appeals_clerk, block):
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=[p.pk for p in pool[:3]],
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    return block


def test_anonymous_visitors_are_sent_to_sign_in(client, block):
    for url in [
        reverse("admissions-pool"),
        reverse("admissions-blocks"),
        reverse("admissions-block", args=[block.pk]),
        reverse("admissions-roster", args=[block.pk]),
        reverse("admissions-me"),
    ]:
        response = client.get(url)
        assert (
            response.status_code == 302
            and "/login" in response["Location"]
            or "accounts" in response["Location"]
        )


@pytest.mark.parametrize(
    "role", [roles.SCHOOL_LEADER, roles.COUNCIL_OFFICER, roles.PANEL_MEMBER, roles.LEARNER]
)
def test_other_roles_are_refused_the_clerks_pages(client, role, saved, pool):
    client.force_login(make_user(role))
    assert client.get(reverse("admissions-pool")).status_code == 404
    assert client.get(reverse("admissions-roster", args=[saved.pk])).status_code == 404
    assert client.get(reverse("admissions-block", args=[saved.pk])).status_code == 404
    assert client.get(reverse("admissions-me")).status_code == 404  # not a member of the pool


def test_member_sees_only_their_own_blocks(client, saved, panel_user, school_a):
    other = make_block(school_a, reference="B9")
    client.force_login(panel_user)
    page = client.get(reverse("admissions-blocks")).content.decode()
    # Compare link texts: a random CSP nonce in the page may contain "B9".
    assert ">B1</a>" in page and ">B9</a>" not in page
    assert client.get(reverse("admissions-block", args=[saved.pk])).status_code == 200
    assert client.get(reverse("admissions-block", args=[other.pk])).status_code == 404
    assert client.get(reverse("admissions-block", args=[99999])).status_code == 404
    # The member never sees the clerk's checker view or the roster editor.
    assert client.get(reverse("admissions-roster", args=[saved.pk])).status_code == 404


def test_clerk_sees_the_breaches_before_saving_then_saves(
    client, clerk_user, pool, appeals_clerk, block
):
    client.force_login(clerk_user)
    url = reverse("admissions-roster", args=[block.pk])
    assert client.get(url).status_code == 200
    lay_only = {
        "members": [pool[0].pk, pool[2].pk, pool[3].pk],
        "chair": pool[0].pk,
        "clerk": appeals_clerk.pk,
    }
    page = client.post(url, {**lay_only, "action": "check"}).content.decode()
    assert "At least one member with experience in education" in page and "Code 2022" in page
    assert not m.Roster.objects.exists()
    page = client.post(url, {**lay_only, "action": "save"}).content.decode()
    assert "There is a problem" in page and not m.Roster.objects.exists()
    lawful = {**lay_only, "members": [pool[0].pk, pool[1].pk, pool[2].pk]}
    response = client.post(url, {**lawful, "action": "save"})
    assert response.status_code == 302 and m.Roster.objects.filter(block=block).exists()


def test_override_is_flagged_on_the_block_page(client, clerk_user, pool, appeals_clerk, block):
    client.force_login(clerk_user)
    url = reverse("admissions-roster", args=[block.pk])
    client.post(
        url,
        {
            "members": [pool[0].pk, pool[2].pk, pool[3].pk],
            "chair": pool[0].pk,
            "clerk": appeals_clerk.pk,
            "override_reason": "No education member free; agreed with parents",
            "action": "save",
        },
    )
    page = client.get(reverse("admissions-block", args=[block.pk])).content.decode()
    assert "Saved with an override" in page and "agreed with parents" in page
    assert "Saved with an override" in client.get(reverse("admissions-blocks")).content.decode()


def test_member_updates_availability_and_declares(client, panel_user, pool, school_a):
    client.force_login(panel_user)
    assert client.get(reverse("admissions-me")).status_code == 200
    url = reverse("admissions-me-availability")
    response = client.post(url, {"day_0": "remote", "day_3": "either"})
    assert response.status_code == 302 and response["Location"] == reverse("admissions-me")
    assert dict(pool[0].weekly_availability.values_list("weekday", "mode")) == {
        0: "remote",
        3: "either",
    }
    url = reverse("admissions-me-declaration")
    response = client.post(url, {"kind": "worked_in_school"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "Choose the school" in page
    assert "<title>Error:" in page
    assert not pool[0].declarations.exists()
    response = client.post(
        url,
        {
            "kind": "worked_in_school",
            "role": "teaching_assistant",
            "school": school_a.pk,
            "started_on": "2001-09-01",
            "ended_on": "2003-07-01",
        },
    )
    assert response.status_code == 302
    pool[0].refresh_from_db()
    assert pool[0].category == "education"  # a former teaching assistant is not lay


def test_member_sets_a_dated_exception_in_a_mode(client, panel_user, pool):
    client.force_login(panel_user)
    url = reverse("admissions-me-exception")
    response = client.post(url, {"date": "not a date", "available": "1", "mode": "remote"})
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()
    assert not pool[0].availability_exceptions.exists()
    response = client.post(url, {"date": "2027-05-12", "available": "1", "mode": "remote"})
    assert response.status_code == 302
    exception = pool[0].availability_exceptions.get()
    assert exception.available and exception.mode == "remote"
    page = client.get(reverse("admissions-me")).content.decode()
    assert "Wednesday 12 May 2027: available (remote only)" in page


def test_member_ends_a_declaration_and_the_category_follows(client, panel_user, pool, school_a):
    member = pool[0]
    declaration = services.declare(
        actor=panel_user,
        member=member,
        kind="councillor",
        authority=school_a.authority,
        started_on="2020-05-01",
    )
    client.force_login(panel_user)
    url = reverse("admissions-me-declaration-end", args=[declaration.pk])
    response = client.post(url, {"ended_on": "2019-01-01"})  # before it started
    assert response.status_code == 400 and "before the start" in response.content.decode()
    response = client.post(url, {"ended_on": "2024-05-02"})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert str(declaration.ended_on) == "2024-05-02"
    # Another member's declaration is not theirs to end: 404, as if missing.
    other = services.declare(
        actor=panel_user, member=member, kind="other_interest", details="Charity trustee"
    )
    other.member = pool[1]
    other.save()
    response = client.get(reverse("admissions-me-declaration-end", args=[other.pk]))
    assert response.status_code == 404


def test_member_pages_refuse_anyone_not_in_the_pool(client, clerk_user):
    for name in (
        "admissions-me-availability",
        "admissions-me-exception",
        "admissions-me-declaration",
    ):
        client.force_login(make_user(roles.SCHOOL_LEADER))
        assert client.get(reverse(name)).status_code == 404
        client.logout()
        assert client.get(reverse(name)).status_code == 302


def _count(client, url, django_assert_max_num_queries, grow):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_query_counts_do_not_grow(
    client, clerk_user, saved, school_a, django_assert_max_num_queries
):
    client.force_login(clerk_user)

    def grow():
        for i in range(15):
            make_member(school_a.authority, f"Extra {i}", education=bool(i % 2))
        for i in range(10):
            make_block(school_a, reference=f"G{i}")

    urls = [
        reverse("admissions-pool"),
        reverse("admissions-blocks"),
        reverse("admissions-roster", args=[saved.pk]),
        reverse("admissions-block", args=[saved.pk]),
    ]
    for url in urls[:-1]:
        _count(client, url, django_assert_max_num_queries, lambda: None)
    _count(client, urls[0], django_assert_max_num_queries, grow)
    for url in urls[1:]:
        _count(client, url, django_assert_max_num_queries, lambda: None)


def test_member_page_shows_a_declaration_without_school_or_authority(client, panel_user, pool):
    services.declare(
        actor=panel_user, member=pool[0], kind="other_interest", details="Charity trustee"
    )
    client.force_login(panel_user)
    page = client.get(reverse("admissions-me"))
    assert page.status_code == 200 and "Charity trustee" in page.content.decode()
