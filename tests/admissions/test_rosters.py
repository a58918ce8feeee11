"""Saving rosters: the checker guards every save; overrides are recorded; one sitting a day."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from admissions import facts, services
from admissions import models as m
from schools_platform.core.models import AuditEvent, Notification

from .conftest import MON, make_block, make_clerk


def _ids(pool, *idx):
    return [pool[i].pk for i in idx]


def test_lawful_roster_is_saved_booked_audited_and_notified(clerk_user, pool, appeals_clerk, block):
    roster = services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=_ids(pool, 0, 1, 2),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    assert not roster.is_overridden
    assert set(
        m.MemberSitting.objects.filter(block=block).values_list("member_id", flat=True)
    ) == set(_ids(pool, 0, 1, 2))
    assert m.ClerkSitting.objects.filter(block=block, clerk=appeals_clerk, date=MON).exists()
    assert (
        AuditEvent.objects.filter(verb="admissions.roster.saved", target_id=str(block.pk)).count()
        == 1
    )
    # Ada has an account: she is told once.
    assert (
        Notification.objects.filter(
            kind="admissions.sitting_booked", recipient=pool[0].user
        ).count()
        == 1
    )
    assert facts.check_saved_roster(block) == []


def test_roster_breaking_a_rule_is_refused_and_nothing_is_written(
    clerk_user, pool, appeals_clerk, block
):
    with pytest.raises(services.RosterBreaches) as caught:
        services.save_roster(
            actor=clerk_user,
            block=block,
            member_ids=_ids(pool, 0, 2, 3),
            chair_id=pool[0].pk,
            clerk=appeals_clerk,
        )
    assert [b.rule for b in caught.value.breaches] == ["education_member"]
    assert not m.Roster.objects.exists() and not m.MemberSitting.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="admissions.roster").exists()


def test_override_needs_a_reason_is_audited_and_flagged(clerk_user, pool, appeals_clerk, block):
    roster = services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=_ids(pool, 0, 2, 3),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
        override_reason="Education member fell ill this morning; parents agreed to proceed.",
    )
    assert roster.is_overridden
    assert [b["rule"] for b in roster.overridden_breaches] == ["education_member"]
    event = AuditEvent.objects.get(verb="admissions.roster.overridden")
    assert (
        event.details["breaches"] == ["education_member"] and "fell ill" in event.details["reason"]
    )


def test_panel_of_two_cannot_be_overridden(clerk_user, pool, appeals_clerk, block):
    with pytest.raises(services.RosterBreaches):
        services.save_roster(
            actor=clerk_user,
            block=block,
            member_ids=_ids(pool, 0, 1),
            chair_id=pool[0].pk,
            clerk=appeals_clerk,
            override_reason="short of members",
        )
    assert not m.Roster.objects.exists()


def test_second_block_same_day_is_refused_by_the_checker(
    clerk_user, pool, appeals_clerk, block, school_a
):
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=_ids(pool, 0, 1, 2),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    other = make_block(school_a, reference="B2")
    with pytest.raises(services.RosterBreaches) as caught:
        services.save_roster(
            actor=clerk_user,
            block=other,
            member_ids=_ids(pool, 0, 1, 3),
            chair_id=pool[0].pk,
            clerk=appeals_clerk,
        )
    assert {b.rule for b in caught.value.breaches} == {"double_booked", "clerk_double_booked"}


def test_database_refuses_a_member_on_two_sittings_a_day(pool, block, school_a):
    other = make_block(school_a, reference="B2")
    m.MemberSitting.objects.create(member=pool[0], block=block, date=MON)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.MemberSitting.objects.create(member=pool[0], block=other, date=MON)


def test_override_cannot_beat_the_database_double_booking(
    clerk_user, pool, appeals_clerk, block, school_a
):
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=_ids(pool, 0, 1, 2),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    other = make_block(school_a, reference="B2")
    clerk2 = make_clerk(school_a.authority, "Second", trained_until=dt.date(2028, 1, 1))
    with pytest.raises(ValidationError, match="booked on another block"):
        services.save_roster(
            actor=clerk_user,
            block=other,
            member_ids=_ids(pool, 0, 1, 3),
            chair_id=pool[0].pk,
            clerk=clerk2,
            override_reason="trying anyway",
        )
    assert not m.Roster.objects.filter(block=other).exists()


def test_rehearing_excludes_original_panel_and_clerk(
    clerk_user, pool, appeals_clerk, block, school_a
):
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=_ids(pool, 0, 1, 2),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    again = make_block(
        school_a, reference="B1-R", days=(MON + dt.timedelta(days=7),), rehearing_of=block
    )
    breaches = services.check_proposal(
        block=facts.load_block(again.pk),
        member_ids=_ids(pool, 0, 1, 2),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    assert {b.rule for b in breaches} == {"rehearing_member", "rehearing_clerk"}


def test_withdrawal_marks_the_block_for_rehearing(clerk_user, pool, appeals_clerk, block):
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=_ids(pool, 0, 1, 2),
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    services.withdraw_member(actor=clerk_user, block=block, member=pool[2], reason="Ill on day 2")
    block.refresh_from_db()
    assert block.needs_rehearing
    assert "panel_size" in {b.rule for b in facts.check_saved_roster(facts.load_block(block.pk))}


def test_category_is_rederived_when_history_changes(clerk_user, pool, school_a):
    lay = pool[2]
    assert lay.category == "lay"
    services.declare(
        actor=clerk_user,
        member=lay,
        kind="worked_in_school",
        role="teaching_assistant",
        school=school_a,
        started_on=dt.date(1999, 9, 1),
        ended_on=dt.date(2001, 7, 1),
    )
    lay.refresh_from_db()
    assert lay.category == "education"


def test_members_change_only_their_own_record(panel_user, pool):
    services.set_weekly_availability(
        actor=panel_user, member=pool[0], weekdays={0: "remote", 2: "either"}
    )
    assert sorted(pool[0].weekly_availability.values_list("weekday", flat=True)) == [0, 2]
    assert AuditEvent.objects.filter(
        verb="admissions.availability.changed", actor=panel_user
    ).exists()
    with pytest.raises(PermissionDenied):
        services.set_weekly_availability(actor=panel_user, member=pool[1], weekdays={0: "either"})
    with pytest.raises(PermissionDenied):
        services.declare(actor=panel_user, member=pool[1], kind="other_interest")


def test_only_the_clerk_role_saves_rosters(panel_user, officer, pool, appeals_clerk, block):
    for actor in (panel_user, officer):
        with pytest.raises(PermissionDenied):
            services.save_roster(
                actor=actor,
                block=block,
                member_ids=_ids(pool, 0, 1, 2),
                chair_id=pool[0].pk,
                clerk=appeals_clerk,
            )


def test_model_clean_messages_name_the_field(pool, school_a):
    d = m.Declaration(member=pool[0], kind="worked_in_school")
    with pytest.raises(ValidationError) as caught:
        d.full_clean()
    assert {"school", "role"} <= set(caught.value.message_dict)
    r = m.AppealRound(
        authority=school_a.authority,
        school=school_a,
        academic_year=2027,
        kind="normal",
        year_group="R",
        notice_school_days=5,
    )
    with pytest.raises(ValidationError, match="10 school days"):
        r.full_clean()
    t = m.TrainingRecord(
        member=pool[0],
        kind="panel",
        completed_on=dt.date(2027, 1, 2),
        expires_on=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        t.full_clean()
    assert "expires_on" in caught.value.message_dict


def test_database_constraints_back_the_clean_rules(pool, school_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Declaration.objects.create(member=pool[0], kind="governor")  # no school
    with pytest.raises(IntegrityError), transaction.atomic():
        m.AppealRound.objects.create(
            authority=school_a.authority,
            school=school_a,
            academic_year=2027,
            kind="normal",
            year_group="R",
            notice_school_days=9,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Appeal.objects.create(
            block=make_block(school_a, reference="X"),
            reference="X-2",
            appellant_name="a",
            child_name="b",
            lodged_on=MON,
            decision="upheld",
        )
