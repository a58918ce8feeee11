"""Demo appeals data: a panel pool with realistic histories, clerks, a term calendar, a season
of rounds and hearing blocks. Invented names; deterministic per seed; run once."""

import datetime as dt

from schools_platform.core.models import User

from .models import (
    Appeal,
    AppealRound,
    AvailabilityException,
    Clerk,
    ClerkEmployment,
    Declaration,
    HearingBlock,
    HearingDay,
    NonSchoolDay,
    PanelMember,
    Term,
    TrainingRecord,
    WeeklyAvailability,
)
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


def _school_days():
    for _, start, end in TERMS[4:]:
        day = start
        while day <= end:
            if day.weekday() < 5 and day not in {c[0] for c in CLOSURES}:
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
    return [f"{len(members)} panel members", f"{n_blocks} hearing blocks", f"{appeals} appeals"]
