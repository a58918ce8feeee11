"""Clerks' availability, kept as a panel member's (weekly pattern, dated exceptions that win,
in person or remote): the checker refuses a clerk who does not offer a block's day, the roster
cannot be saved with one, and the clerk or the appeals clerk's role keeps it, audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions import checker, facts, services
from admissions import models as m
from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from tests.factories import make_user

from .conftest import MON, make_block, make_clerk
from .test_checker import block, clerk, lawful

pytestmark = pytest.mark.django_db
TUE = MON + dt.timedelta(days=1)


def _clerk_rules(proposal_clerk, **block_kwargs):
    proposal = lawful(block=block(**block_kwargs), clerk=proposal_clerk)
    return [b for b in checker.check_roster(proposal) if b.rule == "clerk_unavailable"]


# --- the rule, at the checker ------------------------------------------------------------------


def test_a_clerk_not_offering_the_blocks_day_is_refused_with_the_rule_and_its_source():
    [breach] = _clerk_rules(clerk(weekly={1: "either"}), days=[MON])
    assert breach.message == "Clerk Clare: is not available in person on 10 May 2027."
    assert breach.title == "The clerk is available on every day, in the block's mode"
    assert "reference §5.7, §5.8" in breach.source


def test_a_dated_exception_wins_over_the_clerks_week():
    away = clerk(exceptions={MON: None})  # every weekday, but away that Monday
    assert [b.rule for b in _clerk_rules(away, days=[MON, TUE])] == ["clerk_unavailable"]
    extra = clerk(weekly={}, exceptions={MON: "either"})  # no usual day, free that Monday
    assert _clerk_rules(extra, days=[MON]) == []


def test_a_remote_only_clerk_cannot_clerk_in_person_but_can_remotely():
    remote = clerk(weekly=dict.fromkeys(range(5), "remote"))
    assert _clerk_rules(remote, days=[MON], mode="in_person")
    assert _clerk_rules(remote, days=[MON], mode="remote") == []


def test_a_clerk_with_nothing_offered_is_never_available():
    assert _clerk_rules(clerk(weekly={}), days=[MON])


# --- from the database: the roster cannot be saved with an unavailable clerk ------------------


def test_the_roster_is_refused_for_a_clerk_away_that_day(clerk_user, pool, school_a):
    away = make_clerk(school_a.authority, "Away Clerk", weekdays=[1, 2, 3, 4])  # no Mondays
    hearing = make_block(school_a)
    with pytest.raises(services.RosterBreaches) as refused:
        services.save_roster(
            actor=clerk_user,
            block=hearing,
            member_ids=[pool[0].pk, pool[1].pk, pool[2].pk],
            chair_id=pool[0].pk,
            clerk=away,
        )
    assert [b.rule for b in refused.value.breaches] == ["clerk_unavailable"]
    assert not m.Roster.objects.exists()
    # Offered that Monday by a dated exception: saved.
    services.set_clerk_availability_exception(
        actor=clerk_user, clerk=away, date=MON, available=True, mode="either"
    )
    services.save_roster(
        actor=clerk_user,
        block=hearing,
        member_ids=[pool[0].pk, pool[1].pk, pool[2].pk],
        chair_id=pool[0].pk,
        clerk=away,
    )
    assert m.Roster.objects.get(block=hearing).clerk == away


def test_clerk_facts_read_the_availability_kept(school_a):
    kept = make_clerk(school_a.authority, weekdays=[0, 2], mode="remote")
    m.ClerkAvailabilityException.objects.create(clerk=kept, date=TUE, available=False)
    got = facts.clerk_facts(kept, make_block(school_a))
    assert got.weekly == {0: "remote", 2: "remote"} and got.exceptions == {TUE: None}


# --- who keeps it ------------------------------------------------------------------------------


@pytest.fixture
def own_clerk(school_a):
    user = make_user(roles.PUBLIC_APPLICANT, username="ownclerk")
    return make_clerk(school_a.authority, "Own Clerk", user=user)


def test_a_clerk_keeps_their_own_week_and_days_audited(client, own_clerk):
    client.force_login(own_clerk.user)
    url = reverse("admissions-clerk-availability", args=[own_clerk.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Your usual weekly availability" in page.content.decode()
    response = client.post(url, {"day_0": "remote", "day_3": "either"})
    assert response.status_code == 302
    assert dict(own_clerk.weekly_availability.values_list("weekday", "mode")) == {
        0: "remote",
        3: "either",
    }
    response = client.post(
        reverse("admissions-clerk-exception", args=[own_clerk.pk]),
        {"date": "2027-05-13", "available": "0", "mode": "either", "note": "Leave"},
    )
    assert response.status_code == 302
    record = client.get(reverse("admissions-clerk", args=[own_clerk.pk])).content.decode()
    assert "Thursday 13 May 2027: not available (Leave)" in record
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "admissions.clerk_availability.changed",
        "admissions.clerk_availability.exception",
    } <= verbs


def test_the_clerks_role_keeps_any_clerks_availability(client, clerk_user, own_clerk):
    client.force_login(clerk_user)
    listing = client.get(reverse("admissions-clerks")).content.decode()
    assert "Own Clerk" in listing and "Monday, Tuesday, Wednesday, Thursday, Friday" in listing
    response = client.post(
        reverse("admissions-clerk-availability", args=[own_clerk.pk]), {"day_1": "either"}
    )
    assert response.status_code == 302
    assert list(own_clerk.weekly_availability.values_list("weekday", flat=True)) == [1]
    event = AuditEvent.objects.get(verb="admissions.clerk_availability.changed")
    assert event.actor_id == clerk_user.pk


def test_another_clerk_a_member_and_anonymous_are_refused(client, own_clerk, panel_user, school_a):
    other = make_clerk(
        school_a.authority, "Other Clerk", user=make_user(roles.PUBLIC_APPLICANT, username="oc")
    )
    urls = [
        reverse(name, args=[own_clerk.pk])
        for name in (
            "admissions-clerk",
            "admissions-clerk-availability",
            "admissions-clerk-exception",
        )
    ]
    for user in (other.user, panel_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"day_0": "either"}).status_code == 404, url
    # A clerk's list holds only their own record.
    client.force_login(other.user)
    listing = client.get(reverse("admissions-clerks")).content.decode()
    assert "Other Clerk" in listing and "Own Clerk" not in listing
    client.logout()
    for url in [*urls, reverse("admissions-clerks")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with pytest.raises(PermissionDenied):
        services.set_clerk_weekly_availability(actor=other.user, clerk=own_clerk, weekdays={})
    assert own_clerk.weekly_availability.count() == 5


def test_the_clerk_pages_cost_the_same_at_two_sizes(client, clerk_user, school_a):
    def counts():
        out = {}
        first = m.Clerk.objects.order_by("pk").first()
        for url in (
            reverse("admissions-clerks"),
            reverse("admissions-clerk", args=[first.pk]),
            reverse("admissions-clerk-availability", args=[first.pk]),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out[url] = len(queries)
        return out

    client.force_login(clerk_user)
    for i in range(2):
        make_clerk(school_a.authority, f"Clerk {i}")
    small = counts()
    for i in range(2, 30):
        clerk_row = make_clerk(school_a.authority, f"Clerk {i}")
        m.ClerkAvailabilityException.objects.create(clerk=clerk_row, date=MON)
    assert counts() == small
