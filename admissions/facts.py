"""Build the checker's plain facts (admissions/checker.py) from the database.

A fixed number of queries for a block, whatever the size of the pool or the season.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from governors import selectors as governors_selectors

from . import checker, school_days
from .models import (
    AvailabilityException,
    Clerk,
    ClerkEmployment,
    ClerkSitting,
    Declaration,
    HearingBlock,
    MemberSitting,
    PanelMember,
    TrainingKind,
    TrainingRecord,
)


def block_facts(block: HearingBlock) -> checker.BlockFacts:
    rnd = block.round
    school = rnd.school
    days = sorted(d.date for d in block.days.all())
    names = []
    for appeal in block.appeals.all():
        if appeal.withdrawn_on is None:
            names += [appeal.appellant_name, appeal.child_name]
    excluded_members, excluded_clerk = set(), ""
    original = block.rehearing_of
    if original is not None:
        roster = getattr(original, "roster", None)
        if roster is not None:
            excluded_members = {str(s.member_id) for s in roster.seats.all()}
            excluded_clerk = str(roster.clerk_id)
    return checker.BlockFacts(
        key=block.reference,
        school=str(school.urn),
        school_name=school.name,
        authorities={rnd.authority.la_code, school.authority.la_code},
        days=days,
        mode=block.mode,
        appellant_names=names,
        excluded_members=excluded_members,
        excluded_clerk=excluded_clerk,
    )


def declared(d: Declaration) -> checker.Declared:
    return checker.Declared(
        kind=d.kind,
        role=d.role,
        school=str(d.school.urn) if d.school_id else "",
        authority=d.authority.la_code if d.authority_id else "",
        education_function=d.education_function,
        person_name=d.person_name,
        started_on=d.started_on,
        ended_on=d.ended_on,
    )


def _members_queryset():
    return PanelMember.objects.prefetch_related(
        Prefetch(
            "declarations", queryset=Declaration.objects.select_related("school", "authority")
        ),
        Prefetch("training", queryset=TrainingRecord.objects.all()),
        "weekly_availability",
        Prefetch("availability_exceptions", queryset=AvailabilityException.objects.all()),
    )


def member_facts(members, block: HearingBlock) -> list[checker.MemberFacts]:
    """Facts for each member, with their bookings on other blocks of the same season."""
    members = list(members)
    ids = [m.pk for m in members]
    season = block.round.academic_year
    other = defaultdict(list)
    season_count = defaultdict(int)
    for member_id, date, year in (
        MemberSitting.objects.filter(member_id__in=ids)
        .exclude(block=block)
        .values_list("member_id", "date", "block__round__academic_year")
    ):
        other[member_id].append(date)
        if year == season:
            season_count[member_id] += 1
    register = governed_schools(members)
    out = []
    for m in members:
        training = list(m.training.all())
        declarations = [declared(d) for d in m.declarations.all()]
        already = {d.school for d in declarations if d.kind == checker.GOVERNOR}
        declarations += [d for d in register.get(m.pk, []) if d.school not in already]
        weekly, exceptions = availability(m)
        out.append(
            checker.MemberFacts(
                key=str(m.pk),
                name=m.full_name,
                declarations=declarations,
                panel_training=[
                    (t.completed_on, t.expires_on) for t in training if t.kind == TrainingKind.PANEL
                ],
                chair_training=[
                    (t.completed_on, t.expires_on) for t in training if t.kind == TrainingKind.CHAIR
                ],
                appointed_on=m.appointed_on,
                appointment_ends_on=m.appointment_ends_on,
                weekly=weekly,
                exceptions=exceptions,
                other_sittings=other[m.pk],
                max_per_week=m.max_sittings_per_week,
                max_per_season=m.max_sittings_per_season,
                season_sittings=season_count[m.pk],
            )
        )
    return out


REGISTER = "governors register"


def governed_schools(members) -> dict[int, list[checker.Declared]]:
    """Governorships found in the governors register for these members, matched by their
    account or e-mail address, whether or not they declared them (Sch para 4(1)(b)). One
    query."""
    by_user = {m.user_id: m.pk for m in members if m.user_id}
    by_email = {m.email.strip().lower(): m.pk for m in members if m.email.strip()}
    out: dict[int, list[checker.Declared]] = defaultdict(list)
    for g in governors_selectors.schools_governed_by(user_ids=by_user, emails=by_email):
        pks = {by_user.get(g.user_id), by_email.get(g.email)} - {None}
        for pk in pks:
            out[pk].append(
                checker.Declared(
                    kind=checker.GOVERNOR,
                    school=str(g.urn),
                    started_on=g.started_on,
                    ended_on=g.ended_on,
                    origin=REGISTER,
                )
            )
    return out


# What a clerk's facts read, prefetched: the pool's checks and the engine's loading use it.
CLERK_PREFETCH = (
    Prefetch("employments", queryset=ClerkEmployment.objects.select_related("school", "authority")),
    "weekly_availability",
    "availability_exceptions",
)


def clerks_queryset():
    """Clerks with everything ``clerk_facts_of`` reads (three queries however many)."""
    return Clerk.objects.prefetch_related(*CLERK_PREFETCH)


def availability(person) -> tuple[dict, dict]:
    """A member's or clerk's weekly pattern and dated exceptions as the checker reads them
    (prefetched ``weekly_availability`` and ``availability_exceptions``)."""
    weekly = {w.weekday: w.mode for w in person.weekly_availability.all()}
    exceptions = {
        e.date: (e.mode if e.available else None) for e in person.availability_exceptions.all()
    }
    return weekly, exceptions


def clerk_facts_of(clerk: Clerk, *, other_sittings) -> checker.ClerkFacts:
    """The checker's facts for a clerk read with ``CLERK_PREFETCH``; ``other_sittings`` are
    the days the clerk is booked elsewhere (the caller knows which blocks count)."""
    weekly, exceptions = availability(clerk)
    return checker.ClerkFacts(
        key=str(clerk.pk),
        name=clerk.full_name,
        trained_until=clerk.trained_until,
        employments=[
            (
                e.kind,
                str(e.school.urn) if e.school_id else "",
                e.authority.la_code if e.authority_id else "",
                e.started_on,
                e.ended_on,
            )
            for e in clerk.employments.all()
        ],
        other_sittings=list(other_sittings),
        weekly=weekly,
        exceptions=exceptions,
    )


def clerk_facts(clerk: Clerk, block: HearingBlock) -> checker.ClerkFacts:
    """Read afresh (never from the instance's caches): a change of availability made since
    the instance was loaded counts."""
    fresh = clerks_queryset().get(pk=clerk.pk)
    sittings = ClerkSitting.objects.filter(clerk=clerk).exclude(block=block)
    return clerk_facts_of(fresh, other_sittings=sittings.values_list("date", flat=True))


def load_block(pk) -> HearingBlock:
    return (
        HearingBlock.objects.select_related(
            "round__school__authority", "round__authority", "rehearing_of__roster"
        )
        .prefetch_related("days", "appeals", "rehearing_of__roster__seats")
        .get(pk=pk)
    )


def proposal_for(
    block: HearingBlock, *, member_ids, chair_id, clerk: Clerk | None
) -> checker.Proposal:
    """The checker's input for a block and a proposed panel (member primary keys)."""
    ids = [int(i) for i in member_ids]
    by_pk = {m.pk: m for m in _members_queryset().filter(pk__in=ids)}
    ordered = [by_pk[i] for i in ids if i in by_pk]
    return checker.Proposal(
        block=block_facts(block),
        members=member_facts(ordered, block),
        chair=str(chair_id) if chair_id else None,
        clerk=clerk_facts(clerk, block) if clerk else None,
    )


def check_saved_roster(block: HearingBlock) -> list[checker.Breach]:
    """What the block's saved roster breaks today (facts change after saving)."""
    roster = getattr(block, "roster", None)
    if roster is None:
        return [checker.Breach("clerk_missing", "The block has no roster yet.")]
    seats = list(roster.seats.all())
    chair = next((s.member_id for s in seats if s.is_chair), None)
    return checker.check_roster(
        proposal_for(
            block, member_ids=[s.member_id for s in seats], chair_id=chair, clerk=roster.clerk
        )
    )


def calendar_for(authority) -> school_days.SchoolCalendar:
    """The authority's term calendar for counting school days."""
    return school_days.SchoolCalendar(
        terms=list(authority.terms.values_list("starts_on", "ends_on")),
        closures=set(authority.non_school_days.values_list("date", flat=True)),
    )
