"""Demo appeals data: a panel pool with realistic histories, clerks, a term calendar, a season
of rounds and hearing blocks (the engine composes it); last year's season as heard (rosters,
outcomes, letters, the appellants' optional equality answers); and an in-year round around
today, so the clerk's dashboard has notices and letters sent, due and overdue. Invented names;
deterministic per seed; run once."""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from schools_platform.core.models import User
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile

from . import checker, facts, school_days
from .models import (
    Appeal,
    AppealRound,
    AvailabilityException,
    Clerk,
    ClerkAvailabilityException,
    ClerkEmployment,
    ClerkSitting,
    ClerkWeeklyAvailability,
    Declaration,
    HearingBlock,
    HearingDay,
    MemberSitting,
    NonSchoolDay,
    PanelMember,
    PoolAdvert,
    Roster,
    RosterSeat,
    Term,
    TrainingRecord,
    WeeklyAvailability,
)
from .monitoring import APPELLANT_PURPOSE, appellant_reference
from .services import refresh_category

DEMO_ORDER = 60  # after the registry (schools) and the dashboard (demo logins)
SIZES = {"small": (30, 24, 4), "large": (150, 300, 12)}  # members, blocks, clerks
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Efe", "Fran", "Gita", "Hal", "Ines", "Jon", "Kemi", "Lou"]
LAST = [
    "Ashworth",
    "Begum",
    "Carter",
    "Dlamini",
    "Evans",
    "Farah",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
]
TERMS = [
    ("Autumn 1", dt.date(2026, 9, 2), dt.date(2026, 10, 23)),
    ("Autumn 2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
    ("Spring 1", dt.date(2027, 1, 5), dt.date(2027, 2, 12)),
    ("Spring 2", dt.date(2027, 2, 22), dt.date(2027, 3, 26)),
    ("Summer 1", dt.date(2027, 4, 12), dt.date(2027, 5, 28)),
    ("Summer 2", dt.date(2027, 6, 7), dt.date(2027, 7, 21)),
]
CLOSURES = [
    (dt.date(2027, 5, 3), "bank_holiday", "Early May bank holiday"),
    (dt.date(2027, 6, 7), "inset", "INSET day"),
]


# Last year's calendar (2025/26), for the season already heard.
PAST_TERMS = [
    ("Autumn 1 2025", dt.date(2025, 9, 3), dt.date(2025, 10, 24)),
    ("Autumn 2 2025", dt.date(2025, 11, 3), dt.date(2025, 12, 19)),
    ("Spring 1 2026", dt.date(2026, 1, 5), dt.date(2026, 2, 13)),
    ("Spring 2 2026", dt.date(2026, 2, 23), dt.date(2026, 3, 27)),
    ("Summer 1 2026", dt.date(2026, 4, 13), dt.date(2026, 5, 22)),
    ("Summer 2 2026", dt.date(2026, 6, 1), dt.date(2026, 7, 22)),
]
PAST_CLOSURES = [(dt.date(2026, 5, 4), "bank_holiday", "Early May bank holiday")]
PAST_BLOCKS = {"small": 10, "large": 100}
# Appellants who chose to answer: a plausible mix of the 2021 Census categories.
APPELLANT_ETHNICITY = [
    ("white_british", 55),
    ("white_other", 6),
    ("asian_pakistani", 6),
    ("asian_indian", 4),
    ("asian_bangladeshi", 3),
    ("black_african", 6),
    ("black_caribbean", 3),
    ("mixed_white_black_caribbean", 4),
    ("other_arab", 3),
    ("prefer_not_to_say", 10),
]


def _school_days(terms=TERMS[4:], closures=CLOSURES):
    shut = {c[0] for c in closures}
    for _, start, end in terms:
        day = start
        while day <= end:
            if day.weekday() < 5 and day not in shut:
                yield day
            day += dt.timedelta(days=1)


def seed(context) -> list[str] | None:
    if PanelMember.objects.exists() or not context.authorities:
        return None
    rng, (n_members, n_blocks, n_clerks) = context.rng, SIZES.get(context.scale, SIZES["small"])
    authorities, schools = context.authorities, context.open_schools
    for authority in authorities:
        Term.objects.bulk_create(
            [Term(authority=authority, name=n, starts_on=s, ends_on=e) for n, s, e in TERMS]
        )
        NonSchoolDay.objects.bulk_create(
            [NonSchoolDay(authority=authority, date=d, kind=k, name=n) for d, k, n in CLOSURES]
        )
    lead = authorities[0]
    panel_user = User.objects.filter(username="panel").first()
    members = []
    for i in range(n_members):
        member = PanelMember.objects.create(
            authority=lead,
            full_name=f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i + 1}",
            appointed_on=dt.date(2024 + i % 3, 4, 1),
            appointment_ends_on=dt.date(2027 + i % 3, 3, 31),
            chair_capable=i % 4 == 0,
            travel_area=rng.choice(["North", "South", "Central", "East"]),
            max_sittings_per_season=rng.choice([None, 8, 12]),
            user=panel_user if i == 0 else None,
        )
        members.append(member)
        TrainingRecord.objects.create(
            member=member,
            kind="panel",
            completed_on=dt.date(2026, 2, 1),
            expires_on=dt.date(2027, 1, 31) if i % 17 == 5 else dt.date(2028, 1, 31),
        )
        if member.chair_capable:
            TrainingRecord.objects.create(
                member=member,
                kind="chair",
                completed_on=dt.date(2026, 2, 2),
                expires_on=dt.date(2028, 2, 1),
            )
        WeeklyAvailability.objects.bulk_create(
            [
                WeeklyAvailability(
                    member=member, weekday=d, mode=rng.choice(["either", "either", "remote"])
                )
                for d in range(5)
                if rng.random() < 0.6
            ]
        )
        if rng.random() < 0.3:
            AvailabilityException.objects.create(
                member=member, date=rng.choice(list(_school_days())), available=False, note="Away"
            )
        school = rng.choice(schools)
        history = i % 6
        if history in (1, 2):  # education members: teachers and teaching assistants
            Declaration.objects.create(
                member=member,
                kind="worked_in_school",
                role="teacher" if history == 1 else "teaching_assistant",
                school=school,
                started_on=dt.date(1998, 9, 1),
                ended_on=dt.date(2015, 7, 31),
            )
        elif history == 3:  # lay member who is a governor of a particular school
            Declaration.objects.create(
                member=member, kind="governor", school=school, started_on=dt.date(2019, 9, 1)
            )
        elif history == 4 and i % 12 == 4:  # a councillor
            Declaration.objects.create(
                member=member,
                kind="councillor",
                authority=rng.choice(authorities),
                started_on=dt.date(2022, 5, 5),
            )
        if rng.random() < 0.2:
            Declaration.objects.create(
                member=member,
                kind="known_person",
                person_name=f"Parent {rng.randint(1, n_blocks)}-1",
            )
        refresh_category(member)
    clerks = []
    for i in range(n_clerks):
        clerk = Clerk.objects.create(
            authority=lead,
            full_name=f"Clerk {LAST[i % len(LAST)]}",
            trained_until=dt.date(2028, 3, 31),
            user=User.objects.filter(username="clerk").first() if i == 0 else None,
        )
        ClerkEmployment.objects.create(
            clerk=clerk,
            kind="authority_other" if i % 2 else "other",
            authority=lead if i % 2 else None,
        )
        clerks.append(clerk)
    _clerk_availability(clerks)
    days = list(_school_days())
    appeals = 0
    for b in range(n_blocks):
        school = schools[b % len(schools)]
        rnd, _ = AppealRound.objects.get_or_create(
            authority=school.authority,
            school=school,
            academic_year=2027,
            kind="normal",
            year_group="Year 7" if school.phase == "Secondary" else "Reception",
            defaults={"lodging_deadline": dt.date(2027, 4, 1)},
        )
        block = HearingBlock.objects.create(
            round=rnd,
            reference=f"DEMO-{b + 1:03d}",
            mode=rng.choice(["in_person", "remote"]),
            venue="Civic Centre",
        )
        start = rng.randrange(len(days) - 3)
        HearingDay.objects.bulk_create(
            [
                HearingDay(block=block, date=d)
                for d in days[start : start + rng.choice([1, 1, 2, 3])]
            ]
        )
        count = rng.randint(3, 8)
        Appeal.objects.bulk_create(
            [
                Appeal(
                    block=block,
                    reference=f"DEMO-{b + 1:03d}-{k + 1}",
                    appellant_name=f"Parent {b + 1}-{k + 1}",
                    child_name=f"Child {b + 1}-{k + 1}",
                    lodged_on=dt.date(2027, 3, 20),
                )
                for k in range(count)
            ]
        )
        appeals += count
    # Drawn from a generator of its own (seeded from the shared one without drawing from it),
    # so the modules after this one get the same data for a seed as before.
    extra = random.Random(str(context.rng.getstate()[1][:8]))
    PoolAdvert.objects.create(
        authority=lead,
        published_on=dt.date(2024, 1, 10),
        closes_on=dt.date(2024, 2, 9),
        where="Liverpool Echo and the council website",
    )
    answered = _pool_answers(extra, members)
    past = _past_season(extra, context, members, clerks)
    current = _in_year_round(extra, context, members, clerks)
    return [
        f"{len(members)} panel members",
        f"{n_blocks} hearing blocks",
        f"{appeals} appeals",
        f"{answered} members' equality answers",
        f"last season heard: {past} blocks",
        f"an in-year round of {current} blocks around today (notices and letters)",
    ]


def _consented(**answers) -> EqualityProfile:
    return EqualityProfile(
        consent_given_at=timezone.now(), consent_wording=CONSENT_WORDING, **answers
    )


def _ethnicity(rng) -> str:
    codes, weights = zip(*APPELLANT_ETHNICITY, strict=True)
    return rng.choices(codes, weights)[0]


def _pool_answers(rng, members) -> int:
    """Accounts for most members (they keep their own record), and equality answers from
    about 70% of them (pool-level monitoring only)."""
    users, linked = [], []
    for i, member in enumerate(members):
        if member.user_id or rng.random() < 0.15:
            continue
        users.append(
            User(
                username=f"demo-panel-{i + 1}",
                email=f"demo-panel-{i + 1}@example.org",
                password=make_password(None),
            )
        )
        linked.append(member)
    User.objects.bulk_create(users)
    for member, user in zip(linked, users, strict=True):
        member.user = user
    PanelMember.objects.bulk_update(linked, ["user"])
    profiles = [
        _consented(
            user_id=member.user_id,
            purpose=EqualityProfile.Purpose.PANEL_MEMBER,
            ethnicity=_ethnicity(rng),
            sex=rng.choice(["female", "male", "female"]),
        )
        for member in members
        if member.user_id and rng.random() < 0.7
    ]
    EqualityProfile.objects.bulk_create(profiles)
    return len(profiles)


def _clerk_availability(clerks) -> None:
    """Clerks offer days as members do: the demo clerk (the "clerk" login) every weekday, the
    others three or four weekdays, some remote only, a few with a day of leave. From a
    generator of its own, so nothing else drawn for the seed changes."""
    rng = random.Random(f"appeals-clerk-availability-{len(clerks)}")
    days = list(_school_days())
    for i, clerk in enumerate(clerks):
        offered = range(5) if i == 0 else sorted(rng.sample(range(5), rng.randint(3, 4)))
        mode = "remote" if i and i % 4 == 0 else "either"
        ClerkWeeklyAvailability.objects.bulk_create(
            [ClerkWeeklyAvailability(clerk=clerk, weekday=d, mode=mode) for d in offered]
        )
        if i and rng.random() < 0.4:
            ClerkAvailabilityException.objects.create(
                clerk=clerk, date=rng.choice(days), available=False, note="Annual leave"
            )


def _pick_panel(block, members, clerks, busy, clerk_busy, start):
    """The first lawful panel (a chair, an education and a lay member) and clerk free on the
    block's days, judged by the checker itself; None when there is none. A fixed number of
    queries per block: every member's facts are read at once."""
    days = [d.date for d in block.days.all()]
    rotated = members[start:] + members[:start]
    free = [m for m in rotated if not busy & {(m.pk, d) for d in days}]
    block_facts = facts.block_facts(block)
    by_key = {str(m.pk): m for m in free}

    def alone_ok(person) -> bool:
        proposal = checker.Proposal(block=block_facts, members=[person], chair=None, clerk=None)
        return not [b for b in checker.check_roster(proposal) if b.member == person.key]

    eligible = [f for f in facts.member_facts(free, block) if alone_ok(f)]
    chairs = [f for f in eligible if by_key[f.key].chair_capable]
    education = [f for f in eligible if by_key[f.key].category == "education"]
    lay = [f for f in eligible if by_key[f.key].category == "lay"]
    for clerk in clerks:
        if clerk_busy & {(clerk.pk, d) for d in days}:
            continue
        clerk_facts = facts.clerk_facts(clerk, block)
        alone = checker.Proposal(block=block_facts, members=[], chair=None, clerk=clerk_facts)
        if any(b.member == clerk_facts.key for b in checker.check_roster(alone)):
            continue  # not available that day (or not free): the next clerk
        for chair in chairs[:3]:
            for edu in [f for f in education if f is not chair][:2]:
                for lay_member in [f for f in lay if f is not chair][:2]:
                    proposal = checker.Proposal(
                        block=block_facts,
                        members=[chair, edu, lay_member],
                        chair=chair.key,
                        clerk=clerk_facts,
                    )
                    if not checker.check_roster(proposal):
                        return (
                            [int(chair.key), int(edu.key), int(lay_member.key)],
                            int(chair.key),
                            clerk,
                        )
        return None  # the first available clerk is independent and trained in the demo
    return None


def _book(block, panel, busy, clerk_busy) -> bool:
    ids, chair_id, clerk = panel
    days = [d.date for d in block.days.all()]
    roster = Roster.objects.create(block=block, clerk=clerk)
    RosterSeat.objects.bulk_create(
        [RosterSeat(roster=roster, member_id=i, is_chair=i == chair_id) for i in ids]
    )
    MemberSitting.objects.bulk_create(
        [MemberSitting(member_id=i, block=block, date=d) for i in ids for d in days]
    )
    ClerkSitting.objects.bulk_create([ClerkSitting(clerk=clerk, block=block, date=d) for d in days])
    busy.update((i, d) for i in ids for d in days)
    clerk_busy.update((clerk.pk, d) for d in days)
    return True


def _decide(rng, appeal, last_day, calendar, *, letter_late=False, letter=True):
    """A heard appeal's outcome as the panel records it (reasons and a stage 1 finding)."""
    upheld = rng.random() < 0.25
    appeal.appellant_attended = rng.random() < 0.85
    appeal.stage_one_finding = (
        "The admission arrangements were lawful and correctly applied; admitting another "
        "child would prejudice the school."
    )
    appeal.stage_two_finding = (
        "The appellant's case outweighs the prejudice to the school."
        if upheld
        else "The prejudice to the school outweighs the appellant's case."
    )
    appeal.decision = "upheld" if upheld else "dismissed"
    appeal.votes_for, appeal.votes_against = (3, 0) if rng.random() < 0.7 else (2, 1)
    if not upheld:
        appeal.votes_for, appeal.votes_against = appeal.votes_against, appeal.votes_for
    appeal.reasons = (
        "The panel considered the family's reasons, the distance and the medical evidence "
        "against the school's case on class sizes and space."
    )
    appeal.decided_on = last_day
    if letter:
        days = 9 if letter_late else rng.randint(1, 4)
        appeal.decision_letter_sent_on = calendar.add_school_days(last_day, days)


def _past_season(rng, context, members, clerks) -> int:
    """Last year's normal round, heard: rosters, outcomes, letters, appellants' answers."""
    for authority in context.authorities:
        Term.objects.bulk_create(
            [Term(authority=authority, name=n, starts_on=s, ends_on=e) for n, s, e in PAST_TERMS]
        )
        NonSchoolDay.objects.bulk_create(
            [NonSchoolDay(authority=authority, date=d, kind=k, name=n) for d, k, n in PAST_CLOSURES]
        )
    calendar = school_days.SchoolCalendar(
        terms=[(s, e) for _n, s, e in PAST_TERMS + TERMS],
        closures={c[0] for c in PAST_CLOSURES + CLOSURES},
    )
    # Most hearings within 40 school days of the lodging deadline (about 16 June), some after.
    days = [d for d in _school_days(PAST_TERMS[4:], PAST_CLOSURES) if d <= dt.date(2026, 6, 26)]
    schools = context.open_schools
    busy, clerk_busy, booked = set(), set(), 0
    profiles = []
    # Prefetched once: the checker's facts for every member are read per block without N+1.
    members = list(facts._members_queryset().filter(pk__in=[m.pk for m in members]).order_by("pk"))
    for b in range(PAST_BLOCKS.get(context.scale, PAST_BLOCKS["small"])):
        school = schools[(b * 7) % len(schools)]
        rnd, _ = AppealRound.objects.get_or_create(
            authority=school.authority,
            school=school,
            academic_year=2026,
            kind="normal",
            year_group="Year 7" if school.phase == "Secondary" else "Reception",
            defaults={
                "lodging_deadline": dt.date(2026, 3, 27),
                "timetable_published_on": dt.date(2026, 2, 20),
            },
        )
        start = (b * 3) % (len(days) - 3)
        block_days = days[start : start + rng.choice([1, 1, 2])]
        block = HearingBlock.objects.create(
            round=rnd,
            reference=f"PAST-{b + 1:03d}",
            mode=rng.choice(["in_person", "remote"]),
            venue="Civic Centre",
            notice_sent_on=calendar.subtract_school_days(block_days[0], 12),
        )
        HearingDay.objects.bulk_create([HearingDay(block=block, date=d) for d in block_days])
        appeals = [
            Appeal(
                block=block,
                reference=f"PAST-{b + 1:03d}-{k + 1}",
                appellant_name=f"Past parent {b + 1}-{k + 1}",
                child_name=f"Past child {b + 1}-{k + 1}",
                lodged_on=dt.date(2026, 3, 2) + dt.timedelta(days=rng.randint(0, 24)),
            )
            for k in range(rng.randint(3, 12))
        ]
        for appeal in appeals:
            if rng.random() < 0.1:
                appeal.withdrawn_on = block_days[0] - dt.timedelta(days=rng.randint(3, 20))
            else:
                _decide(rng, appeal, block_days[-1], calendar, letter_late=rng.random() < 0.08)
            if rng.random() < 0.55:
                code = _ethnicity(rng)
                profiles.append(
                    _consented(
                        purpose=APPELLANT_PURPOSE,
                        subject_reference=appellant_reference(appeal),
                        ethnicity=code,
                        sex=rng.choice(["female", "female", "male", "prefer_not_to_say"]),
                    )
                )
        Appeal.objects.bulk_create(appeals)
        block = facts.load_block(block.pk)
        panel = _pick_panel(block, members, clerks, busy, clerk_busy, (b * 5) % len(members))
        if panel:
            booked += _book(block, panel, busy, clerk_busy)
    EqualityProfile.objects.bulk_create(profiles)
    return booked


def _in_year_round(rng, context, members, clerks) -> int:
    """In-year appeals around today: hearings just held (decision letters sent, due soon and
    overdue) and hearings to come (notices sent, due soon and overdue), one appeal still to
    book. Needs today inside this year's demo terms; otherwise nothing is added."""
    today = timezone.localdate()
    calendar = school_days.SchoolCalendar(
        terms=[(s, e) for _n, s, e in PAST_TERMS + TERMS],
        closures={c[0] for c in PAST_CLOSURES + CLOSURES},
    )
    try:
        anchor = today if calendar.is_school_day(today) else calendar.add_school_days(today, 1)
        plan = [
            # (school days from today to the first day, notice sent, letters sent)
            (-12, True, True),
            (-9, True, False),  # letters overdue
            (-6, True, True),
            (-3, True, False),  # letters due soon
            (-1, True, False),  # letters due soon
            (4, False, False),  # notice overdue (10 school days before)
            (8, False, False),  # notice overdue
            (12, False, False),  # notice due soon
            (14, True, False),  # notice sent
            (25, False, False),  # notice not due yet
        ]
        first_days = [
            calendar.add_school_days(anchor, n)
            if n > 0
            else calendar.subtract_school_days(anchor, -n)
            for n, _s, _l in plan
        ]
        lodged = [calendar.subtract_school_days(d, 18) for d in first_days]
        unbooked_lodged = calendar.subtract_school_days(anchor, 27)
        calendar.add_school_days(anchor, 30)
    except school_days.CalendarGap:
        return 0
    year = today.year if today.month >= 9 else today.year - 1
    schools = context.open_schools
    # Prefetched once: the checker's facts for every member are read per block without N+1.
    members = list(facts._members_queryset().filter(pk__in=[m.pk for m in members]).order_by("pk"))
    busy = set(MemberSitting.objects.values_list("member_id", "date"))
    clerk_busy = set(ClerkSitting.objects.values_list("clerk_id", "date"))
    made = 0
    for i, ((offset, notice_sent, letters_sent), first, lodged_on) in enumerate(
        zip(plan, first_days, lodged, strict=True)
    ):
        school = schools[(i * 5 + 3) % len(schools)]
        rnd, _ = AppealRound.objects.get_or_create(
            authority=school.authority,
            school=school,
            academic_year=year,
            kind="in_year",
            year_group="Year 9" if school.phase == "Secondary" else "Year 3",
        )
        block = HearingBlock.objects.create(
            round=rnd,
            reference=f"INY-{i + 1:03d}",
            mode="remote",
            notice_sent_on=calendar.subtract_school_days(first, 12) if notice_sent else None,
        )
        HearingDay.objects.create(block=block, date=first)
        appeals = [
            Appeal(
                block=block,
                reference=f"INY-{i + 1:03d}-{k + 1}",
                appellant_name=f"In-year parent {i + 1}-{k + 1}",
                child_name=f"In-year child {i + 1}-{k + 1}",
                lodged_on=lodged_on,
            )
            for k in range(rng.randint(1, 3))
        ]
        if offset < 0:
            for appeal in appeals:
                _decide(rng, appeal, first, calendar, letter=letters_sent)
        Appeal.objects.bulk_create(appeals)
        block = facts.load_block(block.pk)
        panel = _pick_panel(block, members, clerks, busy, clerk_busy, (i * 7) % len(members))
        if panel:
            _book(block, panel, busy, clerk_busy)
        made += 1
    school = schools[1 % len(schools)]
    rnd, _ = AppealRound.objects.get_or_create(
        authority=school.authority,
        school=school,
        academic_year=year,
        kind="in_year",
        year_group="Year 10" if school.phase == "Secondary" else "Year 4",
    )
    block = HearingBlock.objects.create(round=rnd, reference="INY-TO-BOOK", mode="remote")
    Appeal.objects.create(
        block=block,
        reference="INY-TO-BOOK-1",
        appellant_name="In-year parent to book",
        child_name="In-year child to book",
        lodged_on=unbooked_lodged,
    )
    return made + 1
