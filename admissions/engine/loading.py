"""Build a ``Season`` from the database for a chosen set of blocks, in a fixed number of
queries, whatever the size of the pool.

The checker's facts come from ``admissions/facts.py`` where it has a builder; bookings on the
run's own blocks are left out of ``other_sittings``, because the run replaces them.
Nothing about appellants is read beyond the names the conflict rule compares (facts.py).
Equality answers are never read here (see docs/modules/admissions.md, "The engine").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .. import checker, facts
from ..models import (
    ClerkSitting,
    Declaration,
    HearingBlock,
    MemberSitting,
    PanelMember,
    Roster,
    TrainingKind,
)
from .models import SittingPreference
from .season import Panel, Preference, Season

COMPLEX_APPEALS = 6  # a block with this many live appeals or more is complex
EXPERIENCED_BLOCKS = 4  # blocks sat before, or two years since appointment
ROLLING_YEAR = dt.timedelta(days=365)


def load_blocks(block_ids) -> list[HearingBlock]:
    return list(
        HearingBlock.objects.filter(pk__in=block_ids)
        .select_related(
            "round__school__authority", "round__authority", "rehearing_of__roster", "roster"
        )
        .prefetch_related("days", "appeals", "rehearing_of__roster__seats", "roster__seats")
        .annotate(live_appeals=Count("appeals", filter=Q(appeals__withdrawn_on__isnull=True)))
        .order_by("reference")
    )


def load_season(
    blocks: list[HearingBlock], *, excluded: dict | None = None, diversity: bool = False
) -> Season:
    ids = {b.pk for b in blocks}
    block_facts = [facts.block_facts(b) for b in blocks]
    years = {b.round.academic_year for b in blocks}
    first = min((d for bf in block_facts for d in bf.days), default=timezone.localdate())
    pool = list(
        PanelMember.objects.filter(active=True)
        .prefetch_related(
            Prefetch(
                "declarations", queryset=Declaration.objects.select_related("school", "authority")
            ),
            "training",
            "weekly_availability",
            "availability_exceptions",
        )
        .order_by("full_name", "pk")
    )
    other, season_count = defaultdict(list), defaultdict(int)
    past_blocks, school_history = defaultdict(set), defaultdict(int)
    for member_id, date, block_id, year, urn in (
        MemberSitting.objects.filter(member__active=True)
        .exclude(block_id__in=ids)
        .values_list(
            "member_id",
            "date",
            "block_id",
            "block__round__academic_year",
            "block__round__school__urn",
        )
    ):
        other[member_id].append(date)
        if year in years:
            season_count[member_id] += 1
        if date < first:
            past_blocks[member_id].add(block_id)
        if first - ROLLING_YEAR <= date <= first + ROLLING_YEAR:
            school_history[str(member_id), str(urn)] += 1
    members = []
    for m in pool:
        training = list(m.training.all())
        members.append(
            checker.MemberFacts(
                key=str(m.pk),
                name=m.full_name,
                declarations=[facts.declared(d) for d in m.declarations.all()],
                panel_training=[
                    (t.completed_on, t.expires_on) for t in training if t.kind == TrainingKind.PANEL
                ],
                chair_training=[
                    (t.completed_on, t.expires_on) for t in training if t.kind == TrainingKind.CHAIR
                ],
                appointed_on=m.appointed_on,
                appointment_ends_on=m.appointment_ends_on,
                weekly={w.weekday: w.mode for w in m.weekly_availability.all()},
                exceptions={
                    e.date: (e.mode if e.available else None)
                    for e in m.availability_exceptions.all()
                },
                other_sittings=other[m.pk],
                max_per_week=m.max_sittings_per_week,
                max_per_season=m.max_sittings_per_season,
                season_sittings=season_count[m.pk],
            )
        )
    clerk_days = defaultdict(list)
    for clerk_id, date in ClerkSitting.objects.exclude(block_id__in=ids).values_list(
        "clerk_id", "date"
    ):
        clerk_days[clerk_id].append(date)
    # The pool's own builder (facts.py), so a clerk's availability, training and employment
    # are read once, the same way for the engine as for a clerk's hand-made roster.
    clerks = [
        facts.clerk_facts_of(c, other_sittings=clerk_days[c.pk])
        for c in facts.clerks_queryset().filter(active=True).order_by("full_name", "pk")
    ]
    experienced = {
        str(m.pk)
        for m in pool
        if len(past_blocks[m.pk]) >= EXPERIENCED_BLOCKS
        or (m.appointed_on and m.appointed_on <= first - 2 * ROLLING_YEAR)
    }
    new = {
        str(m.pk)
        for m in pool
        if not past_blocks[m.pk] and m.appointed_on and m.appointed_on > first - ROLLING_YEAR
    }
    current = {}
    for b in blocks:
        roster = getattr(b, "roster", None) if _has_roster(b) else None
        if roster is not None:
            seats = list(roster.seats.all())
            chair = next((s.member_id for s in seats if s.is_chair), None)
            if chair is not None:
                current[b.reference] = Panel(
                    tuple(str(s.member_id) for s in seats), str(chair), str(roster.clerk_id)
                )
            else:
                current[b.reference] = None
    preferences = {
        str(p.member_id): Preference(
            avoid_weekdays=frozenset(p.avoid_weekdays or ()),
            avoid_schools=frozenset(str(s.urn) for s in p.avoid_schools.all()),
            mode=p.mode,
        )
        for p in SittingPreference.objects.filter(member__active=True).prefetch_related(
            "avoid_schools"
        )
    }
    return Season(
        blocks=block_facts,
        members=members,
        clerks=clerks,
        chair_capable={str(m.pk) for m in pool if m.chair_capable},
        experienced=experienced,
        new=new,
        complex_blocks={
            b.reference
            for b in blocks
            if b.live_appeals >= COMPLEX_APPEALS
            or b.rehearing_of_id
            or b.needs_rehearing
            or b.round.year_group.casefold() == "reception"  # infant class size appeals
        },
        academic_year={b.reference: b.round.academic_year for b in blocks},
        member_area={str(m.pk): m.travel_area for m in pool if m.travel_area},
        block_area={b.reference: b.venue for b in blocks if b.mode == "in_person"},
        school_history=dict(school_history),
        past_trios=_past_trios(ids, first),
        current=current,
        excluded={k: set(v) for k, v in (excluded or {}).items()},
        preferences=preferences,
        # Panels alike in travel area (geography, not special category data): only when on.
        groups={str(m.pk): (m.travel_area,) for m in pool if m.travel_area} if diversity else {},
    )


def _has_roster(block) -> bool:
    try:
        block.roster  # noqa: B018 - the reverse one-to-one raises when there is none
    except Roster.DoesNotExist:
        return False
    return True


def _past_trios(ids, first) -> set[frozenset[str]]:
    seats = defaultdict(set)
    for roster_id, member_id in (
        Roster.objects.exclude(block_id__in=ids)
        .filter(block__days__date__gte=first - ROLLING_YEAR)
        .values_list("pk", "seats__member_id")
        .distinct()
    ):
        if member_id:
            seats[roster_id].add(str(member_id))
    return {frozenset(s) for s in seats.values() if len(s) == 3}
