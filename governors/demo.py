"""Fictional governing boards for the demo schools. Deterministic for a given random generator.

Every person is invented (e-mail addresses end in ``.invalid``). Each open school gets a board
with an instrument of government that passes the constitution rules and a history of terms
from 2004: several terms per seat, resignations, re-appointments (new terms), gaps that leave
some seats vacant today, chairs and vice-chairs. Two community primaries form a federation in
2019 and academies are grouped under trust boards. At ``large`` scale (600 schools) this is
about 4,000 serving governors and 30,000 terms, the scale in shared/DESIGN.md.

Rows are bulk-created (the services would take minutes for 30,000 terms); the data is built to
meet every rule, and tests/governors/test_demo.py checks each term with ``full_clean()`` and
each instrument with the constitution rules.

Plugs into ``seed_demo`` by discovery (``DEMO_ORDER``/``seed(context)``); ``seed_boards`` is
the function itself.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from .choices import (
    AppointingBody,
    AttendanceStatus,
    BoardKind,
    BoardRoleKind,
    Category,
    EndReason,
    FoundationRule,
    MeetingKind,
)
from .constitution import check_constitution
from .models import (
    Attendance,
    Board,
    BoardRole,
    BoardSchool,
    Declaration,
    Governor,
    InstrumentOfGovernment,
    Meeting,
    SeatAllocation,
    Term,
    add_years,
)

DEMO_ORDER = 60  # after the registry, logins and equality: it only needs the schools
HISTORY_FROM = datetime.date(2004, 9, 1)
FEDERATED_ON = datetime.date(2019, 9, 1)
DEMO_MARKER = "(demo)"

FIRST_NAMES = [
    "Aaliyah",
    "Abdul",
    "Adaeze",
    "Agnieszka",
    "Aidan",
    "Amara",
    "Amir",
    "Ananya",
    "Bethan",
    "Bilal",
    "Carys",
    "Chen",
    "Chloe",
    "Ciaran",
    "Daniel",
    "Deepa",
    "Eilidh",
    "Emeka",
    "Fatima",
    "Femi",
    "Gareth",
    "Grace",
    "Hamza",
    "Hannah",
    "Ibrahim",
    "Imogen",
    "Jamal",
    "Jasmine",
    "Joseph",
    "Kai",
    "Kavita",
    "Kwame",
    "Laura",
    "Leon",
    "Lucia",
    "Mariam",
    "Mark",
    "Mei",
    "Mohammed",
    "Naomi",
    "Nia",
    "Oliver",
    "Olamide",
    "Patrick",
    "Priya",
    "Rachel",
    "Rahul",
    "Rosa",
    "Ruth",
    "Samir",
    "Sarah",
    "Sean",
    "Shanice",
    "Simon",
    "Sofia",
    "Tariq",
    "Tomasz",
    "Usha",
    "Vikram",
    "Wei",
    "Yasmin",
    "Zainab",
    "Zoe",
]
LAST_NAMES = [
    "Abara",
    "Ahmed",
    "Akhtar",
    "Ali",
    "Baker",
    "Banerjee",
    "Begum",
    "Bennett",
    "Brown",
    "Campbell",
    "Chowdhury",
    "Clarke",
    "Davies",
    "Edwards",
    "Evans",
    "Farah",
    "Green",
    "Gupta",
    "Hall",
    "Hughes",
    "Hussain",
    "Iqbal",
    "Jackson",
    "James",
    "Jones",
    "Khan",
    "Kowalczyk",
    "Lewis",
    "Li",
    "Mahmood",
    "Martin",
    "Mensah",
    "Morgan",
    "Murphy",
    "Nguyen",
    "Novak",
    "Okafor",
    "Okonkwo",
    "O'Neill",
    "Owusu",
    "Patel",
    "Price",
    "Rahman",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Walker",
    "Wang",
    "White",
    "Williams",
    "Wilson",
    "Wright",
    "Yusuf",
    "Zhang",
]
BODY = {
    Category.PARENT: AppointingBody.ELECTED_BY_PARENTS,
    Category.STAFF: AppointingBody.ELECTED_BY_STAFF,
    Category.HEADTEACHER: AppointingBody.EX_OFFICIO_HEAD,
    Category.LOCAL_AUTHORITY: AppointingBody.NOMINATED_BY_LA,
    Category.CO_OPTED: AppointingBody.APPOINTED_BY_BOARD,
    Category.FOUNDATION: AppointingBody.APPOINTED_BY_FOUNDATION,
}
TRUST_BODY = {
    Category.PARENT: AppointingBody.ELECTED_BY_PARENTS,
    Category.HEADTEACHER: AppointingBody.EX_OFFICIO_HEAD,
    Category.CO_OPTED: AppointingBody.APPOINTED_BY_MEMBERS,
}
ELIGIBLE = {
    "aged_18_or_over": True,
    "registered_pupil": False,
    "other_disqualification": False,
    "is_school_staff": False,
}


@dataclass
class _Plan:
    board: Board
    schools: list
    starts: datetime.date
    seats: dict  # category -> (seats, term years)


def _make_up(rng: random.Random, kind: str, rule: str) -> dict:
    if kind == BoardKind.TRUST_BOARD:
        return {
            Category.PARENT: (2, 4),
            Category.HEADTEACHER: (1, None),
            Category.CO_OPTED: (rng.choice([4, 5, 6]), 4),
        }
    seats = {
        Category.PARENT: (rng.choice([2, 2, 3]), 4),
        Category.HEADTEACHER: (1, None),
        Category.STAFF: (1, 4),
        Category.LOCAL_AUTHORITY: (1, 4),
        Category.CO_OPTED: (rng.choice([2, 2, 3, 4]), rng.choice([2, 3, 4, 4])),
    }
    if rule == FoundationRule.VOLUNTARY_AIDED:
        seats[Category.PARENT] = (2, 4)
        seats[Category.CO_OPTED] = (0, None)
        others = sum(n for n, _ in seats.values())
        seats[Category.FOUNDATION] = (others + 2, 4)
    return seats


def _valid(kind, rule, seats, school_count=1) -> bool:
    problems = check_constitution(
        kind=kind,
        foundation_rule=rule,
        seats={c: n for c, (n, _y) in seats.items()},
        term_years={c: y for c, (_n, y) in seats.items()},
        school_count=school_count,
    )
    return not any(p.refuses for p in problems)


def _plan_boards(rng: random.Random, schools: list) -> list[_Plan]:
    plans: list[_Plan] = []
    by_authority: dict[int, list] = {}
    for school in schools:
        by_authority.setdefault(school.authority_id, []).append(school)
    federations = 1 if len(schools) < 100 else len(schools) // 60
    for group in by_authority.values():
        academies = [s for s in group if "academy" in s.type_of_establishment.lower()]
        maintained = [s for s in group if s not in academies]
        for start in range(0, len(academies), 3):
            members = academies[start : start + 3]
            name = f"{members[0].name.split()[0]} Learning Trust {DEMO_MARKER}"
            plans.append(_plan(rng, name, BoardKind.TRUST_BOARD, FoundationRule.NONE, members))
        community = [s for s in maintained if s.type_of_establishment == "Community school"]
        federated = []
        if federations and len(community) >= 2:
            federated = community[:2]
            federations -= 1
            plans.append(
                _plan(
                    rng,
                    f"{federated[0].name} and {federated[1].name} Federation {DEMO_MARKER}",
                    BoardKind.MAINTAINED,
                    FoundationRule.NONE,
                    federated,
                )
            )
        for school in maintained:
            if school in federated:
                continue
            rule = (
                FoundationRule.VOLUNTARY_AIDED
                if "aided" in school.type_of_establishment.lower()
                else FoundationRule.NONE
            )
            name = f"Governing board of {school.name} {DEMO_MARKER}"
            plans.append(_plan(rng, name, BoardKind.MAINTAINED, rule, [school]))
    return plans


def _plan(rng, name, kind, rule, schools) -> _Plan:
    seats = _make_up(rng, kind, rule)
    assert _valid(kind, rule, seats, len(schools)), (name, seats)
    opened = max((s.opened_on or HISTORY_FROM) for s in schools)
    board = Board(
        name=name[:200],
        kind=kind,
        foundation_rule=rule,
        clerk_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        clerk_email=f"clerk{rng.randint(1000, 9999)}@demo.schools-platform.invalid",
    )
    return _Plan(board, schools, max(opened, HISTORY_FROM), seats)


class _People:
    def __init__(self, rng):
        self.rng = rng
        self.rows: list[Governor] = []

    def new(self) -> Governor:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        n = len(self.rows) + 1
        person = Governor(
            title=self.rng.choice(["", "", "Mr", "Mrs", "Ms", "Dr"]),
            first_name=first,
            last_name=last,
            email=f"governor{n}@demo.schools-platform.invalid",
        )
        self.rows.append(person)
        return person


def _seat_history(rng, plan: _Plan, category, years, people: _People, today, kind):
    """The chain of terms in one seat, from the board's start to today."""
    bodies = TRUST_BODY if kind == BoardKind.TRUST_BOARD else BODY
    terms = []
    day = plan.starts + datetime.timedelta(days=rng.randint(0, 120))
    person = people.new()
    previous = None
    while day <= today:
        if category == Category.HEADTEACHER:
            ends_on = None
            stays = rng.randint(4, 14)
            last = add_years(day, stays) - datetime.timedelta(days=1)
            ended = (last, EndReason.EX_OFFICIO_LEFT) if last < today else (None, "")
        else:
            ends_on = add_years(day, years) - datetime.timedelta(days=1)
            roll = rng.random()
            if roll < 0.18:  # resigned part-way
                span = (ends_on - day).days
                ended = (
                    day + datetime.timedelta(days=rng.randint(60, max(span - 1, 61))),
                    EndReason.RESIGNED,
                )
                if ended[0] > ends_on or ended[0] >= today:
                    ended = (None, "")
            elif roll < 0.19 and ends_on < today:
                ended = (day + datetime.timedelta(days=rng.randint(30, 300)), EndReason.REMOVED)
                if ended[0] > ends_on:
                    ended = (ends_on, EndReason.TERM_EXPIRED)
            else:
                ended = (None, "")
            if ended[0] is None and ends_on < today and rng.random() < 0.5:
                ended = (ends_on, EndReason.TERM_EXPIRED)  # some clerks record expiry
        term = Term(
            board=plan.board,
            governor=person,
            category=category,
            appointing_body=bodies[category],
            starts_on=day,
            ends_on=ends_on,
            ended_on=ended[0],
            end_reason=ended[1],
            previous_term=previous,
            is_school_staff=category in (Category.HEADTEACHER, Category.STAFF),
            eligibility={
                **ELIGIBLE,
                "is_school_staff": category in (Category.HEADTEACHER, Category.STAFF),
            },
        )
        terms.append(term)
        last_day = term.last_day
        if last_day is None or last_day >= today:
            break
        # Next: re-appointed the next day (a new term), or someone new after a gap.
        if (
            ended[1] in ("", EndReason.TERM_EXPIRED)
            and category != Category.HEADTEACHER
            and rng.random() < 0.4
        ):
            day, previous = last_day + datetime.timedelta(days=1), term
        else:
            gap = rng.choice([1, 1, 14, 40, 90, 150, 240])
            day, previous = last_day + datetime.timedelta(days=gap), None
            person = people.new()
    return terms


def seed_boards(*, rng: random.Random, schools: list, today: datetime.date | None = None) -> dict:
    """Boards, instruments, people, terms and chairs for ``schools`` (open ones)."""
    today = today or timezone.localdate()
    plans = _plan_boards(rng, schools)
    Board.objects.bulk_create([p.board for p in plans], batch_size=500)
    memberships, instruments = [], []
    for plan in plans:
        for i, school in enumerate(plan.schools):
            joined = (
                FEDERATED_ON
                if (len(plan.schools) > 1 and i > 0 and plan.board.kind == BoardKind.MAINTAINED)
                else plan.starts
            )
            memberships.append(
                BoardSchool(board=plan.board, school=school, joined_on=max(joined, plan.starts))
            )
        instruments.append(
            InstrumentOfGovernment(
                board=plan.board, effective_from=plan.starts, notes=f"Demo instrument {DEMO_MARKER}"
            )
        )
    BoardSchool.objects.bulk_create(memberships, batch_size=1000)
    InstrumentOfGovernment.objects.bulk_create(instruments, batch_size=1000)
    SeatAllocation.objects.bulk_create(
        [
            SeatAllocation(instrument=instrument, category=c, seats=n, term_years=y)
            for plan, instrument in zip(plans, instruments, strict=True)
            for c, (n, y) in plan.seats.items()
            if n
        ],
        batch_size=2000,
    )
    people = _People(rng)
    chains = []
    for plan in plans:
        for category, (count, years) in plan.seats.items():
            for _seat in range(count):
                chains.append(
                    _seat_history(rng, plan, category, years, people, today, plan.board.kind)
                )
    Governor.objects.bulk_create(people.rows, batch_size=2000)
    # previous_term must be saved first: write each chain position in turn.
    depth = max((len(c) for c in chains), default=0)
    for position in range(depth):
        batch = []
        for chain in chains:
            if position < len(chain):
                term = chain[position]
                term.governor_id = term.governor.pk
                if term.previous_term is not None:
                    term.previous_term_id = term.previous_term.pk
                batch.append(term)
        Term.objects.bulk_create(batch, batch_size=2000)
    roles = _chairs(rng, plans, chains, today)
    BoardRole.objects.bulk_create(roles, batch_size=1000)
    meetings = _meetings(rng, plans, chains, today)
    declarations = _declarations(rng, chains, today)
    checks = _checks_and_training(rng, chains, today)
    serving = sum(
        1
        for chain in chains
        for t in chain
        if t.is_serving_on(today) and t.category != Category.ASSOCIATE
    )
    return {
        "boards": len(plans),
        "terms": sum(len(c) for c in chains),
        "serving": serving,
        "people": len(people.rows),
        "meetings": meetings,
        "declarations": declarations,
        "checks": checks,
    }


def _chairs(rng, plans, chains, today) -> list[BoardRole]:
    by_board: dict[int, list[Term]] = {}
    for chain in chains:
        for term in chain:
            if term.is_serving_on(today) and term.category in (
                Category.PARENT,
                Category.CO_OPTED,
                Category.FOUNDATION,
            ):
                by_board.setdefault(term.board_id, []).append(term)
    roles = []
    for plan in plans:
        candidates = by_board.get(plan.board.pk, [])
        rng.shuffle(candidates)
        for role, term in zip(
            (BoardRoleKind.CHAIR, BoardRoleKind.VICE_CHAIR), candidates, strict=False
        ):
            start = max(term.starts_on, today - datetime.timedelta(days=rng.randint(30, 700)))
            roles.append(BoardRole(board=plan.board, term=term, role=role, starts_on=start))
    return roles


MEETING_DAYS = ((10, 14), (2, 3), (6, 16))  # autumn, spring, summer (month, day)
BUSINESS = [
    "Director, {name} Consulting Ltd",
    "Employee of {name} Building Society",
    "Trustee, {name} Community Trust",
    "Partner in {name} & Co, accountants",
]


def _meetings(rng, plans, chains, today) -> int:
    """Three full-board meetings a school year for the last two years and this one, with
    attendance; about one board in 25 has a governor absent without consent for 6 months."""
    terms_by_board: dict[int, list[Term]] = {}
    for chain in chains:
        for term in chain:
            terms_by_board.setdefault(term.board_id, []).append(term)
    this_year = today.year if today.month >= 9 else today.year - 1
    meetings, pending = [], []
    for plan in plans:
        board_terms = terms_by_board.get(plan.board.pk, [])
        absentee = None
        if rng.random() < 0.04 or plan is plans[-1]:
            serving = [t for t in board_terms if t.is_serving_on(today) and t.ends_on is not None]
            if serving:
                absentee = rng.choice(serving)
        for year in (this_year - 2, this_year - 1, this_year):
            for month, day in MEETING_DAYS:
                held = datetime.date(year if month >= 9 else year + 1, month, day)
                held += datetime.timedelta(days=rng.randint(-5, 5))
                if held > today or held < plan.starts:
                    continue
                meeting = Meeting(
                    board=plan.board,
                    held_on=held,
                    kind=MeetingKind.FULL_BOARD,
                    title="Full governing board",
                )
                meetings.append(meeting)
                for term in board_terms:
                    if not term.is_serving_on(held):
                        continue
                    if term is absentee and (today - held).days < 300:
                        status = AttendanceStatus.ABSENT
                    else:
                        status = rng.choices(
                            [
                                AttendanceStatus.PRESENT,
                                AttendanceStatus.APOLOGIES_ACCEPTED,
                                AttendanceStatus.APOLOGIES_NOT_ACCEPTED,
                                AttendanceStatus.ABSENT,
                            ],
                            weights=[85, 9, 3, 3],
                        )[0]
                    pending.append((meeting, term, status))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Attendance.objects.bulk_create(
        [Attendance(meeting=m, term=t, status=s) for m, t, s in pending], batch_size=5000
    )
    return len(meetings)


def _declarations(rng, chains, today) -> int:
    this_year = today.year if today.month >= 9 else today.year - 1
    rows = []
    seen = set()
    for chain in chains:
        for term in chain:
            for year, share in ((this_year - 1, 0.9), (this_year, 0.75)):
                start = datetime.date(year, 9, 1)
                if (
                    not term.is_serving_on(max(start, term.starts_on))
                    or (term.governor_id, year) in seen
                ):
                    continue
                if term.starts_on > today or rng.random() > share:
                    continue
                seen.add((term.governor_id, year))
                declared = max(start, term.starts_on) + datetime.timedelta(days=rng.randint(0, 40))
                if declared > today:
                    continue
                nothing = rng.random() < 0.7
                rows.append(
                    Declaration(
                        governor_id=term.governor_id,
                        academic_year=year,
                        declared_on=declared,
                        nothing_to_declare=nothing,
                        business_interests=""
                        if nothing
                        else rng.choice(BUSINESS).format(name=rng.choice(LAST_NAMES)),
                    )
                )
    Declaration.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _checks_and_training(rng, chains, today) -> int:
    """DBS certificates, s128 checks and safeguarding training for most serving governors:
    some certificates older than the council's renewal interval (not on the update service),
    some training expired or expiring soon, some never recorded, so the lists and reminders
    have something to show. Dates only; certificate numbers are made up (12 digits)."""
    from .choices import CheckKind, CheckResult, TrainingKind
    from .models import SafeguardingCheck, TrainingRecord

    checks, training, seen = [], [], set()
    for chain in chains:
        for term in chain:
            if term.category == Category.ASSOCIATE or not term.is_serving_on(today):
                continue
            if term.governor_id in seen:
                continue
            seen.add(term.governor_id)
            if rng.random() < 0.9:
                issued = max(term.starts_on, today - datetime.timedelta(days=rng.randint(30, 1800)))
                issued = min(issued, today)
                checks.append(
                    SafeguardingCheck(
                        governor_id=term.governor_id,
                        kind=CheckKind.ENHANCED_DBS,
                        checked_on=issued,
                        certificate_number=f"{rng.randint(0, 10**12 - 1):012d}",
                        update_service=rng.random() < 0.3,
                    )
                )
            if rng.random() < 0.85:
                checks.append(
                    SafeguardingCheck(
                        governor_id=term.governor_id,
                        kind=CheckKind.SECTION_128,
                        checked_on=min(today, term.starts_on + datetime.timedelta(days=20)),
                        result=CheckResult.CLEAR,
                    )
                )
            if rng.random() < 0.85:
                done = today - datetime.timedelta(days=rng.randint(10, 900))
                training.append(
                    TrainingRecord(
                        governor_id=term.governor_id,
                        kind=TrainingKind.SAFEGUARDING,
                        completed_on=done,
                        expires_on=done + datetime.timedelta(days=730),  # 2 years (§1.7)
                        source="demo",
                    )
                )
    SafeguardingCheck.objects.bulk_create(checks, batch_size=5000)
    TrainingRecord.objects.bulk_create(training, batch_size=5000)
    return len(checks) + len(training)


def _demo_clerk(context, board_schools) -> None:
    """A demo login for the "Clerk to the governors" role, on the first open school's board."""
    from schools_platform.core import roles
    from schools_platform.core.models import User
    from schools_platform.core.setup import sync_role_groups
    from schools_platform.registry.services import grant_school_access

    groups = sync_role_groups()
    clerk, created = User.objects.get_or_create(
        username="govclerk",
        defaults={
            "first_name": "Gwen",
            "last_name": "Adebayo",
            "email": "govclerk@demo.schools-platform.invalid",
        },
    )
    if created and getattr(context, "password", ""):
        clerk.set_password(context.password)
        clerk.save()
    clerk.groups.add(groups[roles.CLERK_TO_GOVERNORS.slug])
    system = User.objects.filter(is_superuser=True).order_by("pk").first()
    if system is None:
        return  # the demo logins module makes the administrator first
    for school in board_schools:
        grant_school_access(actor=system, user=clerk, school=school)
    if hasattr(context, "logins"):
        context.logins.append((clerk.username, roles.CLERK_TO_GOVERNORS.name))


def seed(context) -> list[str] | None:
    if Board.objects.filter(name__endswith=DEMO_MARKER).exists():
        return None
    counts = seed_boards(rng=context.rng, schools=context.open_schools)
    first = context.open_schools[0] if context.open_schools else None
    if first is not None:
        membership = BoardSchool.objects.select_related("board").get(
            school=first, left_on__isnull=True
        )
        _demo_clerk(
            context,
            [
                m.school
                for m in BoardSchool.objects.filter(
                    board=membership.board, left_on__isnull=True
                ).select_related("school")
            ],
        )
    return [
        f"{counts['boards']} governing boards",
        f"{counts['terms']} terms of office ({counts['serving']} serving)",
        f"{counts['meetings']} board meetings",
    ]
