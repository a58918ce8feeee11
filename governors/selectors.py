"""Reads of the governors module, scoped to what the user may see (missing and forbidden alike
are 404), and the one place vacancies are derived.

- A council-wide user (``registry.view_school``) sees every board.
- Anyone else sees the boards that govern, today, a school they were granted
  (``registry.selectors.schools_for_user``).
- The public governance page reads only what a school must publish (reference §1.9).

Vacancies are never stored: seats of the instrument in force minus serving terms, per
category (reference §3.6, "calculate vacancies ... in one place only").
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schools_platform.core.models import AuditEvent
from schools_platform.registry.models import Authority, School
from schools_platform.registry.selectors import can_see_all_schools, schools_for_user

from .choices import CATEGORY_LABELS, CATEGORY_VALUES, COUNTED_CATEGORIES, Category
from .constitution import Problem, check_constitution
from .models import (
    Attendance,
    Board,
    BoardRole,
    BoardSchool,
    Declaration,
    InstrumentOfGovernment,
    Meeting,
    SeatAllocation,
    Term,
    academic_year_of,
    term_last_day,
    term_serves_on,
)

ENDING_SOON_DAYS = 90
PUBLICATION_DAYS = 365  # "served at any point in the past 12 months" (reference §1.9)


def _today() -> datetime.date:
    return timezone.localdate()


def _with_current_schools(boards: QuerySet) -> QuerySet:
    return boards.prefetch_related(
        Prefetch(
            "memberships",
            queryset=BoardSchool.objects.filter(left_on__isnull=True).select_related(
                "school", "school__authority"
            ),
            to_attr="current_memberships",
        )
    )


def boards_for_user(user) -> QuerySet[Board]:
    """Every board the user may see."""
    if not (user.is_authenticated and user.is_active):
        return Board.objects.none()
    boards = Board.objects.all()
    if not can_see_all_schools(user):
        visible = schools_for_user(user).values("pk")
        boards = boards.filter(
            pk__in=BoardSchool.objects.filter(left_on__isnull=True, school__in=visible).values(
                "board"
            )
        )
    return _with_current_schools(boards).order_by("name")


def get_board_for_user(user, *, pk: int) -> Board:
    try:
        return boards_for_user(user).get(pk=pk)
    except Board.DoesNotExist:
        raise Http404("No board found") from None


def get_term_for_user(user, *, pk: int) -> Term:
    try:
        return (
            Term.objects.select_related("governor", "board")
            .filter(board__in=boards_for_user(user).values("pk"))
            .get(pk=pk)
        )
    except Term.DoesNotExist:
        raise Http404("No term of office found") from None


def terms_ending_between(start: datetime.date, end: datetime.date) -> int:
    """How many terms still running end between two dates (the officer's home panel)."""
    return (
        Term.objects.filter(ends_on__gte=start, ends_on__lte=end, ended_on__isnull=True)
        .exclude(category=Category.ASSOCIATE)
        .count()
    )


def board_for_school(school) -> Board | None:
    membership = (
        BoardSchool.objects.filter(school=school, left_on__isnull=True)
        .select_related("board")
        .first()
    )
    return membership.board if membership else None


def serving_terms(board: Board, day: datetime.date | None = None) -> list[Term]:
    return list(
        Term.objects.filter(board=board)
        .serving_on(day or _today())
        .select_related("governor")
        .order_by("governor__last_name", "governor__first_name", "pk")
    )


def instrument_on(board: Board, day: datetime.date) -> InstrumentOfGovernment | None:
    return (
        InstrumentOfGovernment.objects.filter(board=board, effective_from__lte=day)
        .prefetch_related(Prefetch("seats", queryset=SeatAllocation.objects.order_by("pk")))
        .order_by("-effective_from")
        .first()
    )


def term_end_under_instrument(board: Board, category: str, starts_on: datetime.date):
    """The last day of a term starting on ``starts_on`` that runs the full length the board's
    instrument sets for the category (reg 18), or None when the instrument sets none."""
    from .models import add_years

    instrument = instrument_on(board, starts_on)
    seat = (
        next((s for s in instrument.seats.all() if s.category == category), None)
        if instrument
        else None
    )
    if seat is None or not seat.term_years:
        return None
    return add_years(starts_on, seat.term_years) - datetime.timedelta(days=1)


# --- make-up and vacancies ----------------------------------------------------------------


@dataclass
class CategoryLine:
    category: str
    label: str
    seats: int
    term_years: int | None
    serving: list = field(default_factory=list)
    vacant_since: list = field(default_factory=list)  # one date per vacant seat, oldest first

    @property
    def vacant(self) -> int:
        return max(self.seats - len(self.serving), 0)

    @property
    def over(self) -> int:
        return max(len(self.serving) - self.seats, 0)


@dataclass
class MakeUp:
    board: Board
    day: datetime.date
    instrument: InstrumentOfGovernment | None
    lines: list[CategoryLine]
    ending_soon: list
    problems: list[Problem]

    @property
    def seats(self) -> int:
        return sum(line.seats for line in self.lines if line.category in COUNTED_CATEGORIES)

    @property
    def serving(self) -> int:
        return sum(len(line.serving) for line in self.lines if line.category in COUNTED_CATEGORIES)

    @property
    def vacant(self) -> int:
        return sum(line.vacant for line in self.lines if line.category in COUNTED_CATEGORIES)

    @property
    def associates(self) -> list:
        return [
            t for line in self.lines if line.category == Category.ASSOCIATE for t in line.serving
        ]


def make_up(
    board: Board,
    *,
    day: datetime.date | None = None,
    terms: list[Term] | None = None,
    instrument: InstrumentOfGovernment | None = None,
    soon_days: int = ENDING_SOON_DAYS,
) -> MakeUp:
    """Seats, serving governors, vacancies (with the date each became vacant) and terms ending
    within ``soon_days``, on ``day``. Pass ``terms`` (all of the board's, governor loaded) and
    ``instrument`` (seats prefetched) to compute many boards without more queries."""
    day = day or _today()
    if instrument is None:
        instrument = instrument_on(board, day)
    if terms is None:
        terms = list(Term.objects.filter(board=board).select_related("governor"))
    seats = {s.category: s for s in _seats_of(instrument)} if instrument else {}
    lines = []
    for category in CATEGORY_VALUES:
        allocation = seats.get(category)
        in_category = [t for t in terms if t.category == category]
        serving = sorted(
            (t for t in in_category if t.is_serving_on(day)),
            key=lambda t: (t.governor.last_name, t.governor.first_name, t.pk),
        )
        if allocation is None and not serving:
            continue
        line = CategoryLine(
            category=category,
            label=CATEGORY_LABELS[category],
            seats=allocation.seats if allocation else 0,
            term_years=allocation.term_years if allocation else None,
            serving=serving,
        )
        line.vacant_since = _vacant_since(line, in_category, day, instrument)
        lines.append(line)
    horizon = day + datetime.timedelta(days=soon_days)
    ending_soon = sorted(
        (
            t
            for line in lines
            for t in line.serving
            if t.last_day is not None and day <= t.last_day <= horizon
        ),
        key=lambda t: (t.last_day, t.pk),
    )
    problems = []
    if instrument is not None:
        problems = check_constitution(
            kind=board.kind,
            foundation_rule=board.foundation_rule,
            seats={c: s.seats for c, s in seats.items()},
            term_years={c: s.term_years for c, s in seats.items()},
            school_count=max(len(getattr(board, "current_memberships", [])), 1),
        )
    return MakeUp(board, day, instrument, lines, ending_soon, problems)


def _vacant_since(line: CategoryLine, terms: list[Term], day, instrument) -> list:
    """The day each vacant seat became vacant: the day after each of the most recently ended
    terms in the category; seats never filled since the instrument are vacant from its date."""
    if not line.vacant:
        return []
    ended = sorted(
        (t.last_day for t in terms if t.last_day is not None and t.last_day < day),
        reverse=True,
    )
    dates = [d + datetime.timedelta(days=1) for d in ended[: line.vacant]]
    while len(dates) < line.vacant:
        dates.append(instrument.effective_from if instrument else day)
    return sorted(dates)


def board_page_data(board: Board, *, day: datetime.date | None = None) -> dict:
    """Everything the board page shows, in a fixed number of queries."""
    day = day or _today()
    terms = list(
        Term.objects.filter(board=board).select_related("governor").order_by("-starts_on", "pk")
    )
    instrument = instrument_on(board, day)
    versions = list(InstrumentOfGovernment.objects.filter(board=board).order_by("-effective_from"))
    roles = list(
        BoardRole.objects.filter(board=board)
        .select_related("term__governor")
        .order_by("-starts_on")
    )
    current_roles = [
        r for r in roles if r.starts_on <= day and (r.ends_on is None or r.ends_on >= day)
    ]
    attendance = attendance_rows(
        Attendance.objects.filter(meeting__board=board, meeting__held_on__lte=day)
    )
    meetings = list(Meeting.objects.filter(board=board).order_by("-held_on")[:10])
    board_make_up = make_up(board, day=day, terms=terms, instrument=instrument)
    serving = [t for line in board_make_up.lines for t in line.serving]
    year = academic_year_of(day)
    declared = set(
        Declaration.objects.filter(
            governor_id__in=[t.governor_id for t in serving], academic_year=year
        ).values_list("governor_id", flat=True)
    )
    checks = safeguarding_status(t.governor_id for t in serving)
    return {
        "make_up": board_make_up,
        "terms": terms,
        "versions": versions,
        "current_roles": current_roles,
        "meetings": meetings,
        "absence_flags": absence_flags(terms, attendance, day),
        "missing_declarations": [t for t in serving if t.governor_id not in declared],
        "academic_year": f"{year}/{(year + 1) % 100:02d}",
        "safeguarding": [(t, checks[t.governor_id]) for t in serving],
    }


@dataclass(frozen=True)
class _PastTerm:
    """What ``make_up`` needs of a term that was over before the day: its category and last
    day (for the date a seat became vacant)."""

    category: str
    last_day: datetime.date

    def is_serving_on(self, day: datetime.date) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class _Seats:
    category: str
    seats: int
    term_years: int | None


@dataclass(frozen=True, slots=True)
class InstrumentInForce:
    """What ``make_up`` needs of the instrument in force on a board (read as tuples, for many
    boards at once): its id, date and seats per category."""

    pk: int
    effective_from: datetime.date
    seat_list: tuple


def _seats_of(instrument) -> list:
    if isinstance(instrument, InstrumentInForce):
        return list(instrument.seat_list)
    return list(instrument.seats.all())


def _instruments_in_force(ids: list[int], day: datetime.date) -> dict[int, InstrumentInForce]:
    """Each board's instrument in force on ``day``: two queries of tuples, the seats of those
    instruments only (not of every earlier version)."""
    chosen: dict[int, tuple[int, datetime.date]] = {}
    for pk, board_id, effective_from in (
        InstrumentOfGovernment.objects.filter(board_id__in=ids, effective_from__lte=day)
        .order_by("board_id", "-effective_from")
        .values_list("pk", "board_id", "effective_from")
    ):
        chosen.setdefault(board_id, (pk, effective_from))
    seats: dict[int, list[_Seats]] = {pk: [] for pk, _ in chosen.values()}
    for instrument_id, category, count, term_years in (
        SeatAllocation.objects.filter(instrument_id__in=list(seats))
        .order_by("pk")
        .values_list("instrument_id", "category", "seats", "term_years")
    ):
        seats[instrument_id].append(_Seats(category, count, term_years))
    return {
        board_id: InstrumentInForce(pk, effective_from, tuple(seats[pk]))
        for board_id, (pk, effective_from) in chosen.items()
    }


@dataclass(frozen=True, slots=True)
class _GovernorName:
    first_name: str
    last_name: str


@dataclass(frozen=True, slots=True)
class _ServingTerm:
    """What the counts need of a serving term, read as a tuple: the board list, the dashboard
    card and the vacancies API show seats, vacancies and dates, not people."""

    pk: int
    category: str
    starts_on: datetime.date
    last_day: datetime.date | None
    governor: _GovernorName  # the names only, for the same order as with model instances

    def is_serving_on(self, day: datetime.date) -> bool:
        return term_serves_on(self.starts_on, self.last_day, day)


def vacancies_by_board(
    boards: list[Board], *, day: datetime.date | None = None, people: bool = True
) -> list[MakeUp]:
    """The make-up of many boards in five queries whatever their number (dashboards).

    ``people=False`` reads the serving terms as tuples rather than model instances (a term
    and a governor each): for pages that show counts and dates, not the governors."""
    day = day or _today()
    ids = [b.pk for b in boards]
    instruments = _instruments_in_force(ids, day)
    terms: dict[int, list] = {pk: [] for pk in ids}
    since = day - datetime.timedelta(days=PUBLICATION_DAYS * 5)
    in_window = (
        Term.objects.filter(board_id__in=ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
    )
    if not people:
        for (
            pk,
            board_id,
            category,
            starts_on,
            ends_on,
            ended_on,
            first,
            last,
        ) in in_window.serving_on(day).values_list(
            "pk",
            "board_id",
            "category",
            "starts_on",
            "ends_on",
            "ended_on",
            "governor__first_name",
            "governor__last_name",
        ):
            terms[board_id].append(
                _ServingTerm(
                    pk,
                    category,
                    starts_on,
                    term_last_day(ends_on, ended_on),
                    _GovernorName(first, last),
                )
            )
    else:
        # Serving terms are shown by name, category and dates; their eligibility answers
        # (JSON, decoded per row) and the governors' contact details are never read here.
        for term in (
            in_window.serving_on(day)
            .select_related("governor")
            .defer(
                "eligibility",
                "created_at",
                "created_by",
                "governor__email",
                "governor__telephone",
                "governor__created_at",
            )
        ):
            terms[term.board_id].append(term)
    # Terms over before ``day`` only date the vacancies, so they are read as tuples, and only
    # those whose last day is within the window: a term that simply ran out years ago
    # (``ends_on`` past, never "ended") would otherwise be read for every board, every time.
    # Terms not yet begun change no figure and are not read.
    for board_id, category, ends_on, ended_on in in_window.filter(
        Q(ended_on__lt=day) | Q(ends_on__lt=day)
    ).values_list("board_id", "category", "ends_on", "ended_on"):
        terms[board_id].append(_PastTerm(category, term_last_day(ends_on, ended_on)))
    return [
        make_up(b, day=day, terms=terms[b.pk], instrument=instruments.get(b.pk)) for b in boards
    ]


# --- the public governance page ---------------------------------------------------------------


@dataclass
class PublicEntry:
    name: str
    category: str
    appointing_body: str
    appointed_on: datetime.date
    term_ends_on: datetime.date | None
    stepped_down_on: datetime.date | None
    roles: list[str]
    attendance: tuple[int, int] | None = None  # (attended, expected) last school year
    declaration: object = None


def public_governance(*, urn: int, day: datetime.date | None = None) -> dict:
    """What a school must publish about its board (reference §1.9): everyone who served in the
    past 12 months, with category, appointing body, term dates, date stepped down and roles.
    No contact details and no equality data are read. 404 if the school has no board."""
    day = day or _today()
    membership = (
        BoardSchool.objects.filter(school__urn=urn, left_on__isnull=True)
        .select_related("school", "board")
        .first()
    )
    if membership is None:
        raise Http404("No governing board is recorded for this school")
    board = membership.board
    since = day - datetime.timedelta(days=PUBLICATION_DAYS)
    terms = (
        Term.objects.filter(board=board, starts_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        .select_related("governor")
        .only(
            "category",
            "appointing_body",
            "starts_on",
            "ends_on",
            "ended_on",
            "governor__title",
            "governor__first_name",
            "governor__middle_names",
            "governor__last_name",
        )
        .order_by("governor__last_name", "governor__first_name", "starts_on")
    )
    roles: dict[int, list[str]] = {}
    for role in BoardRole.objects.filter(board=board).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=since)
    ):
        span = f"from {role.starts_on:%d/%m/%Y}" + (
            f" to {role.ends_on:%d/%m/%Y}" if role.ends_on else ""
        )
        roles.setdefault(role.term_id, []).append(f"{role.get_role_display()} {span}")
    terms = list(terms)
    start, end = last_academic_year(day)
    attendance = attendance_summary(
        list(
            Attendance.objects.filter(
                meeting__board=board, meeting__held_on__gte=start, meeting__held_on__lte=end
            )
            .select_related("meeting")
            .only("term_id", "status", "meeting__held_on")
        ),
        start,
        end,
    )
    declarations: dict[int, Declaration] = {}
    for declaration in Declaration.objects.filter(
        governor_id__in={t.governor_id for t in terms},
        academic_year__gte=academic_year_of(day) - 1,
    ).order_by("academic_year"):
        declarations[declaration.governor_id] = declaration  # the latest wins
    entries, associates = [], []
    for term in terms:
        entry = PublicEntry(
            name=term.governor.full_name,
            category=term.get_category_display(),
            appointing_body=term.get_appointing_body_display(),
            appointed_on=term.starts_on,
            term_ends_on=term.ends_on,
            stepped_down_on=term.ended_on
            or (term.ends_on if term.ends_on and term.ends_on < day else None),
            roles=roles.get(term.pk, []),
            attendance=attendance.get(term.pk),
            declaration=declarations.get(term.governor_id),
        )
        (associates if term.category == Category.ASSOCIATE else entries).append(entry)
    chairs = [e for e in entries if any(r.startswith("Chair") for r in e.roles)]
    return {
        "school": membership.school,
        "board": board,
        "entries": entries,
        "associates": associates,
        "chairs": chairs,
        "since": since,
        "day": day,
        "attendance_year": f"{start.year}/{end.year % 100:02d}",
    }


# --- attendance, absence and declarations -----------------------------------------------------

ABSENCE_WARNING_MONTHS = 5
ABSENCE_FLAG_MONTHS = 6


def months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class AbsenceFlag:
    term: Term
    since: datetime.date
    level: str  # "warning" at 5 months, "flag" at 6

    @property
    def is_flag(self) -> bool:
        return self.level == "flag"


def attendance_rows(attendance) -> list[tuple[int, str, datetime.date]]:
    """An Attendance queryset as ``(term id, status, meeting day)`` tuples in meeting order:
    tuples, not model instances, because the dashboards read every board's 18 months."""
    return list(
        attendance.order_by("meeting__held_on", "pk").values_list(
            "term_id", "status", "meeting__held_on"
        )
    )


def absence_flags(terms: list[Term], attendance: list, day: datetime.date) -> list[AbsenceFlag]:
    """Serving governors (not ex officio) absent without the board's consent from every
    meeting since a date 5 (warning) or 6 (flag) months ago: 6 months without consent
    disqualifies (reference §1.5). ``attendance`` is ``attendance_rows`` of the board's
    Attendance."""
    from .choices import CONSENTED_STATUSES, EX_OFFICIO_BODIES

    by_term: dict[int, list] = {}
    for row in attendance:
        by_term.setdefault(row[0], []).append(row)
    warning_from = months_before(day, ABSENCE_WARNING_MONTHS)
    flag_from = months_before(day, ABSENCE_FLAG_MONTHS)
    flags = []
    for term in terms:
        if term.appointing_body in EX_OFFICIO_BODIES or not term.is_serving_on(day):
            continue
        run_start = None
        for _term_id, status, held_on in sorted(by_term.get(term.pk, []), key=lambda r: r[2]):
            if held_on > day:
                break
            if status in CONSENTED_STATUSES:
                run_start = None
            elif run_start is None:
                run_start = held_on
        if run_start is not None and run_start <= warning_from:
            level = "flag" if run_start <= flag_from else "warning"
            flags.append(AbsenceFlag(term, run_start, level))
    return sorted(flags, key=lambda f: f.since)


def last_academic_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The most recent complete school year before ``day`` (1 September to 31 August)."""
    from .models import academic_year_of

    start_year = academic_year_of(day) - 1
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def attendance_summary(attendance: list, start, end) -> dict[int, tuple[int, int]]:
    """term id -> (meetings attended, meetings they were expected at) between two dates."""
    from .choices import AttendanceStatus

    summary: dict[int, list[int]] = {}
    for row in attendance:
        if start <= row.meeting.held_on <= end:
            counts = summary.setdefault(row.term_id, [0, 0])
            counts[1] += 1
            if row.status == AttendanceStatus.PRESENT:
                counts[0] += 1
    return {k: (v[0], v[1]) for k, v in summary.items()}


# --- the officers' compliance dashboard ---------------------------------------------------


def _shortfalls(m: MakeUp) -> list[str]:
    """Where the serving governors fall below what reg 13 requires of a maintained board
    (reference §4.1: "at least 7 members; at least 2 parent governors; 1 staff governor; 1 LA
    governor; headteacher as governor or resigned")."""
    from .choices import BoardKind

    if m.board.kind != BoardKind.MAINTAINED or m.instrument is None:
        return []
    serving = {line.category: len(line.serving) for line in m.lines}
    needs = []
    if m.serving < 7:
        needs.append(f"{m.serving} governors serving (at least 7)")
    if serving.get(Category.PARENT, 0) < 2:
        needs.append(f"{serving.get(Category.PARENT, 0)} parent governors (at least 2)")
    for category in (Category.STAFF, Category.LOCAL_AUTHORITY, Category.HEADTEACHER):
        if not serving.get(category):
            needs.append(f"no {Category(category).label.lower()} governor")
    return needs


@dataclass
class AuthorityFigures:
    name: str
    boards: int = 0
    seats: int = 0
    vacant: int = 0
    with_vacancy: int = 0

    @property
    def rate(self) -> float | None:
        return self.vacant / self.seats if self.seats else None


def compliance(*, day: datetime.date | None = None, soon_days: int = ENDING_SOON_DAYS) -> dict:
    """Every figure of the compliance dashboard, with the list behind it, for all boards (the
    caller checks the officer's permission). A fixed number of queries."""
    day = day or _today()
    boards = list(_with_current_schools(Board.objects.all()).order_by("name"))
    make_ups = vacancies_by_board(boards, day=day)
    by_authority: dict[str, AuthorityFigures] = {}
    total = AuthorityFigures("All councils")
    rows = []
    for m in make_ups:
        memberships = m.board.current_memberships
        authority = memberships[0].school.authority.name if memberships else "No school"
        figures = by_authority.setdefault(authority, AuthorityFigures(authority))
        for f in (figures, total):
            f.boards += 1
            f.seats += m.seats
            f.vacant += m.vacant
            f.with_vacancy += 1 if m.vacant else 0
        rows.append(
            {
                "make_up": m,
                "authority": authority,
                "rate": m.vacant / m.seats if m.seats else None,
                "shortfalls": _shortfalls(m),
                "breaking": [p for p in m.problems if p.refuses] if m.instrument else [],
                "no_instrument": m.instrument is None,
            }
        )
    serving = [t for m in make_ups for line in m.lines for t in line.serving]
    ending = sorted(
        (
            t
            for m in make_ups
            for t in m.ending_soon
            if t.last_day <= day + datetime.timedelta(days=soon_days)
        ),
        key=lambda t: (t.last_day, t.pk),
    )
    year = academic_year_of(day)
    declared = set(
        Declaration.objects.filter(academic_year=year).values_list("governor_id", flat=True)
    )
    missing = [
        t for t in serving if t.governor_id not in declared and t.category != Category.ASSOCIATE
    ]
    attendance = attendance_rows(
        Attendance.objects.filter(
            meeting__held_on__gte=months_before(day, 18), meeting__held_on__lte=day
        )
    )
    flags = absence_flags(serving, attendance, day)
    counted = [t for t in serving if t.category != Category.ASSOCIATE]
    checks = safeguarding_status(t.governor_id for t in counted)
    no_dbs = [t for t in counted if checks[t.governor_id].dbs_on is None]
    no_s128 = [t for t in counted if checks[t.governor_id].s128_on is None]
    dbs_overdue = [
        t
        for t in counted
        if checks[t.governor_id].dbs_on is not None
        and (due := checks[t.governor_id].dbs_renewal_due) is not None
        and due < day
    ]
    training_due = [t for t in counted if not checks[t.governor_id].safeguarding_current(day)]
    boards_by_pk = {b.pk: b for b in boards}
    listed = (*ending, *missing, *(f.term for f in flags), *no_dbs, *dbs_overdue, *no_s128)
    for item in (*listed, *training_due):
        item.board = boards_by_pk[item.board_id]  # already loaded: no query per row
    return {
        "day": day,
        "total": total,
        "authorities": sorted(by_authority.values(), key=lambda f: f.name),
        "rows": rows,
        "below": [r for r in rows if r["shortfalls"]],
        "breaking": [r for r in rows if r["breaking"] or r["no_instrument"]],
        "ending": ending,
        "missing_declarations": missing,
        "absence_flags": flags,
        "academic_year": f"{year}/{(year + 1) % 100:02d}",
        "soon_days": soon_days,
        "no_dbs": no_dbs,
        "dbs_overdue": dbs_overdue,
        "dbs_renewal_years": dbs_renewal_years(),
        "no_s128": no_s128,
        "training_due": training_due,
    }


COMPLIANCE_PERMISSION = "governors.view_board"


def compliance_scope(user) -> str:
    """Which boards' figures the user may see on the compliance dashboard: every board, for
    an officer (the permission ``governors.view_board``); anyone else is refused. The
    dashboard has no narrower view, so its cache key's scope is this one word."""
    if not user.has_perm(COMPLIANCE_PERMISSION):
        raise PermissionDenied
    return "all"


def compliance_inputs_version() -> str:
    """One query: a marker that changes whenever anything the compliance figures are built
    from does (terms, governors, boards and their schools, instruments and seats, meetings and
    attendance, checks and training, declarations, the schools and their councils).

    Every governors write is a service that records an audit event in the same transaction
    (ending or correcting a term changes a row without a new id): the newest event's id moves
    with each. The newest id of each input table covers bulk loads that record no event (demo
    seeding, imports), and the schools' latest ``updated_at`` a school's change of council.
    The day is not here: the cache key carries it (services.compliance_dashboard). A write
    that commits after a later-numbered event, or a council renamed in place, can leave the
    figures stale until the next event or the cache timeout.
    """
    from .models import Governor, SafeguardingCheck, TermCorrection, TrainingRecord

    models = [
        AuditEvent,
        Board,
        BoardSchool,
        InstrumentOfGovernment,
        SeatAllocation,
        Governor,
        Term,
        TermCorrection,
        BoardRole,
        Meeting,
        Attendance,
        SafeguardingCheck,
        TrainingRecord,
        Declaration,
        Authority,
        School,
    ]
    # Table and column names come from the models' _meta, never from input.
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})"  # noqa: S608
        for m in models
    ]
    parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {quote(School._meta.db_table)})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


# --- reconciliation with GIAS -------------------------------------------------------------------

ROLE_NAMES = {
    # board kind -> (governor role, chair role), as GIAS names them (reference §1.10)
    "maintained": ("Governor", "Chair of governors"),
    "academy_lgb": ("Local governor", "Chair of local governing body"),
    "trust_board": ("Trustee", "Chair of trustees"),
}


def _person_key(first: str, last: str) -> tuple[str, str]:
    return (" ".join(last.casefold().split()), " ".join(first.casefold().split()))


@dataclass
class Difference:
    field: str
    platform: object
    gias: object
    looks_right: str  # "platform" or "GIAS"


@dataclass
class Match:
    name: str
    term: Term | None = None
    gias: object = None  # GiasGovernanceRecord
    role: str = ""
    differences: list = field(default_factory=list)


@dataclass
class SchoolReconciliation:
    school: object
    board: Board | None
    only_platform: list
    only_gias: list
    differing: list

    @property
    def in_step(self) -> bool:
        return not (self.only_platform or self.only_gias or self.differing)


def reconcile(schools, *, day: datetime.date | None = None) -> list[SchoolReconciliation]:
    """For each school, the governors serving on the platform against the GIAS governance
    records still current on ``day``: who is only on one side, and whose role, appointing
    body or dates differ. Each difference names the side that looks right: the record with
    the later date of appointment; with equal dates, the one changed last. A fixed number of
    queries whatever the number of schools."""
    from .models import GiasGovernanceRecord

    day = day or _today()
    schools = list(schools)
    memberships = {
        m.school_id: m.board
        for m in BoardSchool.objects.filter(
            school__in=[s.pk for s in schools], left_on__isnull=True
        ).select_related("board")
    }
    board_ids = {b.pk for b in memberships.values()}
    terms_by_board: dict[int, list[Term]] = {}
    for term in (
        Term.objects.filter(board_id__in=board_ids)
        .serving_on(day)
        .exclude(category=Category.ASSOCIATE)
        .select_related("governor")
        .prefetch_related("corrections")
    ):
        terms_by_board.setdefault(term.board_id, []).append(term)
    chairs = set(
        BoardRole.objects.filter(board_id__in=board_ids, role="chair", starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values_list("term_id", flat=True)
    )
    gias_by_school: dict[int, list] = {}
    for record in GiasGovernanceRecord.objects.filter(school__in=[s.pk for s in schools]).filter(
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=day)
    ):
        gias_by_school.setdefault(record.school_id, []).append(record)
    results = []
    for school in schools:
        board = memberships.get(school.pk)
        terms = terms_by_board.get(board.pk, []) if board else []
        records = {
            _person_key(r.forename_1, r.surname): r for r in gias_by_school.get(school.pk, [])
        }
        only_platform, differing = [], []
        for term in terms:
            key = _person_key(term.governor.first_name, term.governor.last_name)
            names = ROLE_NAMES[board.kind]
            role = names[1] if term.pk in chairs else names[0]
            record = records.pop(key, None)
            match = Match(term.governor.full_name, term, record, role)
            if record is None:
                only_platform.append(match)
                continue
            match.differences = _differences(term, record, role)
            if match.differences:
                differing.append(match)
        only_gias = [
            Match(f"{r.title} {r.forename_1} {r.surname}".strip(), gias=r, role=r.role)
            for r in records.values()
        ]
        results.append(SchoolReconciliation(school, board, only_platform, only_gias, differing))
    return results


def _differences(term: Term, record, role: str) -> list[Difference]:
    if term.starts_on != record.appointed_on and record.appointed_on is not None:
        right = "platform" if term.starts_on > record.appointed_on else "GIAS"
    else:
        changed = max([term.created_at, *[c.corrected_at for c in term.corrections.all()]])
        right = "platform" if changed >= record.updated_at else "GIAS"
    pairs = [
        ("Role", role, record.role),
        ("Appointing body", term.get_appointing_body_display(), record.appointing_body),
        ("Date of appointment", term.starts_on, record.appointed_on),
        ("Date term of office ends/ended", term.last_day, record.term_ends_on),
    ]
    found = []
    for name, ours, theirs in pairs:
        same = (
            " ".join(str(ours).casefold().split()) == " ".join(str(theirs).casefold().split())
            if isinstance(ours, str)
            else ours == theirs
        )
        if not same:
            found.append(Difference(name, ours, theirs, right))
    return found


def gias_rows(results: list[SchoolReconciliation]) -> list[list]:
    """The platform's view of every governor who is missing from GIAS or differs from it, in
    the GIAS download columns, so a school can bring GIAS up to date (the council cannot)."""
    rows = []
    for result in results:
        for match in (*result.only_platform, *result.differing):
            term, governor = match.term, match.term.governor
            rows.append(
                [
                    match.gias.gid if match.gias else "",
                    result.school.urn,
                    match.gias.uid if match.gias and match.gias.uid else "",
                    match.role,
                    governor.title,
                    governor.first_name,
                    governor.middle_names,
                    governor.last_name,
                    term.starts_on.strftime("%d/%m/%Y"),
                    term.last_day.strftime("%d/%m/%Y") if term.last_day else "",
                    term.get_appointing_body_display(),
                ]
            )
    return rows


# --- checks and training ----------------------------------------------------------------------


@dataclass
class SafeguardingStatus:
    dbs_on: datetime.date | None = None
    dbs_update_service: bool = False
    s128_on: datetime.date | None = None
    s128_result: str = ""
    safeguarding_until: datetime.date | None = None  # None with a date below: no expiry
    safeguarding_on: datetime.date | None = None

    @property
    def dbs_renewal_due(self) -> datetime.date | None:
        if self.dbs_on is None:
            return None
        return dbs_renewal_due(self.dbs_on, update_service=self.dbs_update_service)

    def safeguarding_current(self, day) -> bool:
        return self.safeguarding_on is not None and (
            self.safeguarding_until is None or self.safeguarding_until >= day
        )


def safeguarding_status(governor_ids) -> dict[int, SafeguardingStatus]:
    """Latest DBS and s128 dates and the latest safeguarding training per governor: two
    queries whatever the number of people."""
    from .choices import CheckKind, TrainingKind
    from .models import SafeguardingCheck, TrainingRecord

    ids = list(set(governor_ids))
    status: dict[int, SafeguardingStatus] = {pk: SafeguardingStatus() for pk in ids}
    # Tuples, not instances: the compliance dashboard asks for every serving governor.
    checks = (
        SafeguardingCheck.objects.filter(governor_id__in=ids)
        .order_by("checked_on", "pk")
        .values_list("governor_id", "kind", "checked_on", "update_service", "result")
    )
    for governor_id, kind, checked_on, update_service, result in checks:
        entry = status[governor_id]
        if kind == CheckKind.ENHANCED_DBS:
            entry.dbs_on, entry.dbs_update_service = checked_on, update_service
        else:
            entry.s128_on, entry.s128_result = checked_on, result
    training = (
        TrainingRecord.objects.filter(governor_id__in=ids, kind=TrainingKind.SAFEGUARDING)
        .order_by("completed_on", "pk")
        .values_list("governor_id", "completed_on", "expires_on")
    )
    for governor_id, completed_on, expires_on in training:
        entry = status[governor_id]
        entry.safeguarding_on, entry.safeguarding_until = completed_on, expires_on
    return status


# --- checks and training due or overdue (the clerk's and the officer's list; the reminders) ---

DBS_RENEWAL_YEARS = 3  # local policy, not statute: GOVERNOR_DBS_RENEWAL_YEARS overrides it


def dbs_renewal_years() -> int:
    """How many years after its issue date a council asks for a new enhanced DBS certificate.
    Local policy, not statute (KCSIE sets no renewal interval for governors; reference §1.6):
    the setting ``GOVERNOR_DBS_RENEWAL_YEARS``, 3 by default."""
    from django.conf import settings

    return int(getattr(settings, "GOVERNOR_DBS_RENEWAL_YEARS", DBS_RENEWAL_YEARS))


def dbs_renewal_due(issued_on: datetime.date, *, update_service: bool) -> datetime.date | None:
    """When a new certificate is due: issue date + the council's interval, or never while the
    governor subscribes to the DBS update service (the certificate is checked online)."""
    from .models import add_years

    return None if update_service else add_years(issued_on, dbs_renewal_years())


def cpd_training(governors) -> dict[int, list]:
    """Governor training done in the CPD module (modules marked as induction or anti-racism
    training) by governors linked to an account, per governor id: read through
    cpd.selectors only. One query."""
    from cpd.selectors import governor_training_done

    from .choices import TrainingKind

    by_user: dict[int, list[int]] = {}
    for governor in governors:
        if governor.user_id:
            by_user.setdefault(governor.user_id, []).append(governor.pk)
    found: dict[int, list] = {}
    for user_id, done in governor_training_done(list(by_user)).items():
        done = [d for d in done if d.kind in TrainingKind.values]
        for governor_id in by_user[user_id]:
            found[governor_id] = done
    return found


@dataclass
class DueItem:
    """One check or course a serving governor needs: ``due_on`` is None when none is recorded
    at all (always overdue)."""

    term: Term
    kind: str  # dbs_missing, dbs_renewal, s128_missing, training_missing, training
    what: str
    due_on: datetime.date | None
    day: datetime.date
    training_kind: str = ""

    @property
    def overdue(self) -> bool:
        return self.due_on is None or self.due_on < self.day

    @property
    def when(self) -> str:
        if self.due_on is None:
            return "not recorded"
        return f"{'overdue since' if self.overdue else 'due on'} {self.due_on:%-d %B %Y}"

    @property
    def governor(self):
        return self.term.governor

    @property
    def board(self):
        return self.term.board


def boards_user_manages(user) -> QuerySet[Board]:
    """The boards whose records the user may change (services.can_manage_board, as a query):
    every board for an officer, else the boards of schools granted ``manage_school_records``."""
    from guardian.shortcuts import get_objects_for_user

    from schools_platform.registry.models import School

    if not (user.is_authenticated and user.is_active):
        return Board.objects.none()
    boards = Board.objects.all()
    if not user.has_perm("governors.change_board"):
        schools = get_objects_for_user(
            user,
            "registry.manage_school_records",
            klass=School,
            accept_global_perms=False,
            with_superuser=True,
        ).values("pk")
        boards = boards.filter(
            pk__in=BoardSchool.objects.filter(left_on__isnull=True, school__in=schools).values(
                "board"
            )
        )
    return boards.order_by("name")


def checks_due(
    boards, *, day: datetime.date | None = None, lead_days: int | None = None
) -> list[DueItem]:
    """Every serving governor's DBS, section 128 check and training that is missing, overdue
    or due within the board's reminder period (``lead_days`` overrides it), counting training
    done in the CPD module (``cpd_training``): four queries whatever the number of boards and
    people. Sorted overdue first, then by date."""
    from .choices import CheckKind, TrainingKind
    from .models import SafeguardingCheck, TrainingRecord

    day = day or _today()
    boards = {b.pk: b for b in boards}
    terms = list(
        Term.objects.filter(board_id__in=list(boards))
        .serving_on(day)
        .counted()
        .select_related("governor")
        .order_by("board_id", "governor__last_name", "governor__first_name", "pk")
    )
    ids = {t.governor_id for t in terms}
    dbs: dict[int, SafeguardingCheck] = {}
    s128: set[int] = set()
    for check in SafeguardingCheck.objects.filter(governor_id__in=ids).order_by("checked_on", "pk"):
        if check.kind == CheckKind.ENHANCED_DBS:
            dbs[check.governor_id] = check
        else:
            s128.add(check.governor_id)
    training: dict[int, dict[str, TrainingRecord]] = {}
    for record in TrainingRecord.objects.filter(governor_id__in=ids).order_by("completed_on", "pk"):
        training.setdefault(record.governor_id, {})[record.kind] = record  # the latest wins
    for governor_id, done in cpd_training({t.governor for t in terms}).items():
        courses = training.setdefault(governor_id, {})
        for course in done:  # a later CPD completion counts like a later record
            if (
                course.kind not in courses
                or courses[course.kind].completed_on <= course.completed_on
            ):
                courses[course.kind] = course
    items = []
    for term in terms:
        term.board = boards[term.board_id]
        horizon = day + datetime.timedelta(days=lead_days or term.board.reminder_days)
        check = dbs.get(term.governor_id)
        if check is None:
            items.append(DueItem(term, "dbs_missing", "No enhanced DBS certificate", None, day))
        else:
            due = dbs_renewal_due(check.checked_on, update_service=check.update_service)
            if due is not None and due <= horizon:
                items.append(
                    DueItem(term, "dbs_renewal", "Enhanced DBS certificate renewal", due, day)
                )
        if term.governor_id not in s128:
            items.append(DueItem(term, "s128_missing", "No section 128 check", None, day))
        courses = training.get(term.governor_id, {})
        if TrainingKind.SAFEGUARDING not in courses:
            items.append(
                DueItem(
                    term,
                    "training_missing",
                    "No safeguarding training",
                    None,
                    day,
                    TrainingKind.SAFEGUARDING,
                )
            )
        for kind, record in courses.items():
            if record.expires_on is not None and record.expires_on <= horizon:
                label = TrainingKind(kind).label
                items.append(
                    DueItem(
                        term, "training", f"{label} training renewal", record.expires_on, day, kind
                    )
                )
    return sorted(
        items,
        key=lambda i: (not i.overdue, i.due_on or datetime.date.min, i.board.name, i.term.pk),
    )


@dataclass(frozen=True)
class GovernedSchool:
    """One school a person governs or governed: the overlap of their term on a board and the
    school's membership of that board."""

    user_id: int | None
    email: str  # lower case, "" when not recorded
    urn: int
    started_on: datetime.date
    ended_on: datetime.date | None  # None while it continues


def schools_governed_by(*, user_ids=(), emails=()) -> list[GovernedSchool]:
    """Every school the people with these accounts or e-mail addresses govern or governed, from
    the governors register (for the admissions module's conflict checks). One query."""
    user_ids = [u for u in set(user_ids) if u]
    emails = sorted({e.strip().lower() for e in emails if e and e.strip()})
    if not user_ids and not emails:
        return []
    match = Q(governor__user_id__in=user_ids)
    for email in emails:
        match |= Q(governor__email__iexact=email)
    out = []
    rows = (
        Term.objects.filter(match)
        .filter(board__memberships__isnull=False)
        .values_list(
            "governor__user_id",
            "governor__email",
            "starts_on",
            "ends_on",
            "ended_on",
            "board__memberships__school__urn",
            "board__memberships__joined_on",
            "board__memberships__left_on",
        )
    )
    for user_id, email, starts, ends, ended, urn, joined, left in rows:
        term_end = min((d for d in (ends, ended) if d), default=None)
        start = max(starts, joined)
        end = min((d for d in (term_end, left) if d), default=None)
        if end is not None and end < start:
            continue  # the school joined the board after this term ended, or left before it
        out.append(GovernedSchool(user_id, (email or "").lower(), urn, start, end))
    return out


@dataclass(frozen=True)
class ServingGovernor:
    """One governor serving on one board on a day (associate members are not governors)."""

    governor_id: int
    board_id: int
    board_name: str
    school_id: int | None  # the board's first school that day (lowest id), for reports
    user_id: int | None
    email: str
    name: str


def serving_governors(
    *, day: datetime.date | None = None, board_ids=None, user=None
) -> list[ServingGovernor]:
    """Who serves on a day (all boards, some boards, or the signed-in person's own terms),
    one line per person and board. Two queries whatever the size. No contact details beyond
    the e-mail address a clerk already holds; nothing of equality monitoring."""
    day = day or _today()
    terms = Term.objects.serving_on(day).counted()
    if board_ids is not None:
        terms = terms.filter(board_id__in=list(board_ids))
    if user is not None:
        if not (user.is_authenticated and user.is_active):
            return []
        terms = terms.filter(governor__user=user)
    rows = list(
        terms.order_by("board_id", "governor__last_name", "governor__first_name", "pk").values_list(
            "governor_id",
            "board_id",
            "board__name",
            "governor__user_id",
            "governor__email",
            "governor__first_name",
            "governor__last_name",
        )
    )
    first_school: dict[int, int] = {}
    memberships = (
        BoardSchool.objects.filter(board_id__in={r[1] for r in rows}, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .values_list("board_id", "school_id")
    )
    for board_id, school_id in memberships:
        first_school[board_id] = min(school_id, first_school.get(board_id, school_id))
    seen, out = set(), []
    for governor_id, board_id, board_name, user_id, email, first, last in rows:
        if (governor_id, board_id) in seen:
            continue
        seen.add((governor_id, board_id))
        out.append(
            ServingGovernor(
                governor_id,
                board_id,
                board_name,
                first_school.get(board_id),
                user_id,
                (email or "").strip(),
                f"{first} {last}".strip(),
            )
        )
    return out
