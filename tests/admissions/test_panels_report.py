"""Panels by composition and by the members' voluntary answers, workload, uphold rates by school
and by panel, time from lodging to hearing against the Code's deadline (school days); every
count of people through publish_counts; the clerk's role only; CSV audited. Outcomes are
recorded by the clerk through a service (a decision needs reasons and a date)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from admissions import models as m
from admissions import monitoring, services
from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.equality import services as equality_services
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from tests.factories import make_user

from .conftest import make_block, make_member

TODAY = dt.date(2027, 7, 1)


def _terms(authority):
    m.Term.objects.create(
        authority=authority,
        name="Spring 2",
        starts_on=dt.date(2027, 2, 22),
        ends_on=dt.date(2027, 3, 26),
    )
    m.Term.objects.create(
        authority=authority,
        name="Summer 1",
        starts_on=dt.date(2027, 4, 12),
        ends_on=dt.date(2027, 5, 28),
    )
    m.Term.objects.create(
        authority=authority,
        name="Summer 2",
        starts_on=dt.date(2027, 6, 7),
        ends_on=dt.date(2027, 7, 21),
    )


def _season(school, clerk_user, appeals_clerk, *, blocks, per_block, answers=True):
    authority = school.authority
    _terms(authority)
    people = []
    for i in range(9):
        user = make_user(None, username=f"sat{i}")
        member = make_member(
            authority, f"Sitter {i}", education=i % 3 == 1, chair=i % 3 == 0, user=user
        )
        people.append(member)
        if answers:
            equality_services.record_profile(
                actor=user,
                user=user,
                purpose=EqualityProfile.Purpose.PANEL_MEMBER,
                answers={"ethnicity": "white_british"},
                consent_wording=CONSENT_WORDING,
            )
    trios = [people[0:3], people[3:6], people[6:9]]
    for b in range(blocks):
        day = dt.date(2027, 5, 10) + dt.timedelta(days=b)
        if day.weekday() > 4:
            continue
        block = make_block(school, reference=f"P{b}", days=(day,))
        trio = trios[b % 3]
        services.save_roster(
            actor=clerk_user,
            block=block,
            member_ids=[p.pk for p in trio],
            chair_id=trio[0].pk,
            clerk=appeals_clerk,
        )
        for k in range(per_block):
            appeal = m.Appeal.objects.create(
                block=block,
                reference=f"P{b}-o{k}",
                appellant_name=f"P {b} {k}",
                child_name=f"C {b} {k}",
                lodged_on=dt.date(2027, 3, 1),
            )
            services.record_outcome(
                actor=clerk_user,
                appeal=appeal,
                decision="upheld" if k % 4 == 0 else "dismissed",
                stage_one_finding="Lawful",
                reasons="Both cases weighed",
                decided_on=day,
                votes_for=2,
                votes_against=1,
            )
    return people


def test_panels_by_mix_experience_and_one_group(school_a, clerk_user, appeals_clerk):
    _season(school_a, clerk_user, appeals_clerk, blocks=12, per_block=2)
    reports = {r.key: r for r in monitoring.panel_reports(today=TODAY)}
    mix = {r[0]: r[1] for r in reports["mix"].rows}
    assert mix[monitoring.MIX_LABEL.format(lay=2, education=1)] == 10  # 10 panels sat
    groups = {r[0]: r[1] for r in reports["groups"].rows}
    # Every member answered White: every panel was of one group (10 panels, a count of panels).
    assert groups[monitoring.ONE_GROUP] == 10
    assert groups[monitoring.MIXED_GROUPS] == 0
    # Panels that have not sat yet are not counted.
    assert {r.key for r in monitoring.panel_reports(today=dt.date(2027, 5, 1))} == set()


def test_uphold_rates_by_school_and_panel_and_time_to_hearing(school_a, clerk_user, appeals_clerk):
    _season(school_a, clerk_user, appeals_clerk, blocks=12, per_block=4, answers=False)
    school = {r[0]: r[1:] for r in monitoring.uphold_by_school().rows}
    heard, upheld, rate = school[f"{school_a.name} ({school_a.urn})"]
    assert heard == 40 and upheld == 10 and rate == "25%"  # 40 heard, 10 upheld
    panels = {r[0]: r[1:] for r in monitoring.uphold_by_panel().rows}
    first = next(label for label in panels if label.startswith("Sitter 0 (chair)"))
    assert panels[first][0] in (10, 15, "c")  # 4 blocks x 4 appeals = 16, or hidden
    report, medians = monitoring.time_to_hearing()
    rows = {r[0]: r[1:] for r in report.rows}
    normal = rows["Normal admissions round"]
    # Lodging deadline 31 March; 40 school days after it is in June: every May hearing is in time.
    assert normal[0] == 40 and normal[1] == 40 and normal[2] == 0
    assert medians["Normal admissions round"].isdigit()


def test_workload_counts_people_through_disclosure_control(school_a, clerk_user, appeals_clerk):
    _season(school_a, clerk_user, appeals_clerk, blocks=5, per_block=1, answers=False)
    rows = {r[0]: r[1] for r in monitoring.workload_report().rows}
    assert not [v for v in rows.values() if isinstance(v, int) and 1 <= v <= 7]


def test_the_panels_page_and_audited_csv_are_the_clerks_only(
    client, clerk_user, school_a, appeals_clerk
):
    _season(school_a, clerk_user, appeals_clerk, blocks=5, per_block=2)
    client.force_login(clerk_user)
    url = reverse("admissions-panels-report")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Time from lodging to hearing" in text and "Upheld of heard" in text
    download = client.get(url, {"download": "by_school"})
    assert download["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(
        verb="admissions.monitoring.exported", details__table="by_school"
    ).exists()
    for role in (roles.PANEL_MEMBER, roles.SCHOOL_LEADER):
        client.force_login(make_user(role))
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_recording_an_outcome_needs_reasons_and_the_clerks_role(
    client, clerk_user, panel_user, block
):
    appeal = block.appeals.get()
    with pytest.raises(ValidationError) as error:
        services.record_outcome(actor=clerk_user, appeal=appeal, decision="upheld")
    assert {"reasons", "stage_one_finding", "decided_on"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.record_outcome(
            actor=clerk_user,
            appeal=appeal,
            decision="dismissed",
            reasons="x",
            stage_one_finding="y",
            decided_on=dt.date(2027, 5, 10),
            withdrawn_on=dt.date(2027, 4, 1),
        )
    assert "decision" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.decision == ""  # nothing half-written
    with pytest.raises(PermissionDenied):
        services.record_outcome(actor=panel_user, appeal=appeal, withdrawn_on=dt.date(2027, 4, 1))

    url = reverse("admissions-outcome", args=[appeal.pk])
    client.force_login(clerk_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "upheld", "decided_on": "2027-05-10"})
    assert response.status_code == 400 and "Record the reasons" in response.content.decode()
    response = client.post(
        url,
        {
            "appellant_attended": "1",
            "stage_one_finding": "Arrangements lawful and correctly applied",
            "stage_two_finding": "The family's case outweighs the prejudice",
            "decision": "upheld",
            "votes_for": "3",
            "votes_against": "0",
            "reasons": "The medical evidence shows a need only this school meets.",
            "decided_on": "2027-05-10",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.decision == "upheld" and appeal.appellant_attended is True
    assert AuditEvent.objects.filter(verb="admissions.appeal.outcome").exists()
    client.force_login(panel_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_pool_is_recorded_once_a_year_for_the_representation_report(
    client, clerk_user, panel_user, school_a
):
    from schools_platform.representation.models import GroupMembership

    sitters = _season(school_a, clerk_user, None, blocks=0, per_block=0)
    assert len(sitters) == 9
    with pytest.raises(PermissionDenied):
        services.record_pool_for_representation(actor=panel_user, year=2026)
    client.force_login(clerk_user)
    response = client.post(reverse("admissions-pool-representation"))
    assert response.status_code == 302
    rows = GroupMembership.objects.filter(group="appeal_panel")
    assert rows.count() == 9 and rows.filter(profile__isnull=False).count() == 9
    again = client.post(reverse("admissions-pool-representation"), follow=True)
    assert "already recorded" in again.content.decode() and rows.count() == 9
    client.force_login(panel_user)
    assert client.post(reverse("admissions-pool-representation")).status_code == 404
