import datetime as dt

import pytest

from admissions import models as m
from schools_platform.core import roles
from tests.factories import make_user

MON = dt.date(2027, 5, 10)


@pytest.fixture
def clerk_user(db):
    return make_user(roles.APPEALS_CLERK, username="clerk")


@pytest.fixture
def panel_user(db):
    return make_user(roles.PANEL_MEMBER, username="panellist")


def make_member(authority, name, *, education=False, chair=False, user=None, other_school=None):
    member = m.PanelMember.objects.create(
        authority=authority, full_name=name, appointed_on=dt.date(2025, 1, 1), user=user
    )
    m.TrainingRecord.objects.create(
        member=member,
        kind="panel",
        completed_on=dt.date(2026, 9, 1),
        expires_on=dt.date(2027, 8, 31),
    )
    if chair:
        member.chair_capable = True
        member.save()
        m.TrainingRecord.objects.create(
            member=member,
            kind="chair",
            completed_on=dt.date(2026, 9, 1),
            expires_on=dt.date(2027, 8, 31),
        )
    if education:
        m.Declaration.objects.create(
            member=member, kind="education_experience", started_on=dt.date(2000, 1, 1)
        )
        member.category = "education"
        member.save()
    m.WeeklyAvailability.objects.bulk_create(
        [m.WeeklyAvailability(member=member, weekday=d) for d in range(5)]
    )
    return member


def make_block(school, reference="B1", days=(MON,), **kwargs):
    rnd, _ = m.AppealRound.objects.get_or_create(
        authority=school.authority,
        school=school,
        academic_year=2027,
        kind="normal",
        year_group="Year 7",
        defaults={"lodging_deadline": dt.date(2027, 3, 31)},
    )
    block = m.HearingBlock.objects.create(
        round=rnd, reference=reference, mode="in_person", venue="Town Hall", **kwargs
    )
    for day in days:
        m.HearingDay.objects.create(block=block, date=day)
    m.Appeal.objects.create(
        block=block,
        reference=f"{reference}-1",
        appellant_name="Pat Parent",
        child_name="Kim Child",
        lodged_on=dt.date(2027, 3, 20),
    )
    return block


@pytest.fixture
def pool(school_a, panel_user):
    authority = school_a.authority
    return [
        make_member(authority, "Ada Chair", chair=True, user=panel_user),
        make_member(authority, "Ben Teacher", education=True),
        make_member(authority, "Cy Lay"),
        make_member(authority, "Di Lay"),
    ]


def make_clerk(authority, name="Clare Clerk", *, weekdays=range(5), mode="either", **fields):
    """A trained clerk offering ``weekdays`` (every weekday unless told) in ``mode``."""
    fields.setdefault("trained_until", dt.date(2027, 12, 31))
    clerk = m.Clerk.objects.create(authority=authority, full_name=name, **fields)
    m.ClerkWeeklyAvailability.objects.bulk_create(
        [m.ClerkWeeklyAvailability(clerk=clerk, weekday=d, mode=mode) for d in weekdays]
    )
    return clerk


@pytest.fixture
def appeals_clerk(school_a):
    return make_clerk(school_a.authority)


@pytest.fixture
def block(school_a):
    return make_block(school_a)
