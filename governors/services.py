"""Every write of the governors module: keyword-only ``actor``, a permission check, one
transaction, one ``core.audit.record``. The rules are in models.py (``clean()`` and
constraints), constitution.py and eligibility.py; docs/modules/governors.md lists each.

Who may write:
- a council officer (model permissions ``governors.add_board`` / ``governors.change_board``)
  may do everything, for every board;
- whoever may manage the records of one of the board's current schools
  (``registry.manage_school_records`` granted on that school: the school's leaders, the chair
  and the clerk to the governors) may change that board, but not create boards.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from schools_platform.core import audit
from schools_platform.core.cache import get_or_build
from schools_platform.core.notifications import notify

from .choices import (
    AppointingBody,
    AttendanceStatus,
    BoardKind,
    BoardRoleKind,
    Category,
    CheckKind,
    CheckResult,
    EndReason,
    FoundationRule,
    MeetingKind,
    TrainingKind,
)
from .constitution import REG_13, counted_total
from .eligibility import check_eligibility
from .models import (
    Attendance,
    Board,
    BoardRole,
    BoardSchool,
    Declaration,
    Governor,
    InstrumentOfGovernment,
    Meeting,
    SafeguardingCheck,
    SeatAllocation,
    Term,
    TermCorrection,
    TrainingRecord,
    academic_year_of,
)

OFFICER_PERMISSION = "governors.change_board"
SCHOOL_MANAGER_PERMISSION = "registry.manage_school_records"

# For maintained boards, who may fill each category (GIAS appointing bodies, reference §1.3
# and §1.10). Academy boards record their articles' bodies without this check.
MAINTAINED_BODIES = {
    Category.PARENT: {
        AppointingBody.ELECTED_BY_PARENTS,
        AppointingBody.PARENT_NO_CANDIDATES,
    },
    Category.STAFF: {AppointingBody.ELECTED_BY_STAFF},
    Category.HEADTEACHER: {AppointingBody.EX_OFFICIO_HEAD},
    Category.LOCAL_AUTHORITY: {AppointingBody.NOMINATED_BY_LA},
    Category.CO_OPTED: {AppointingBody.APPOINTED_BY_BOARD},
    Category.FOUNDATION: {
        AppointingBody.APPOINTED_BY_FOUNDATION,
        AppointingBody.EX_OFFICIO_FOUNDATION,
    },
    Category.PARTNERSHIP: {AppointingBody.APPOINTED_BY_BOARD, AppointingBody.NOMINATED_BY_OTHER},
    Category.ASSOCIATE: {AppointingBody.APPOINTED_BY_BOARD},
}


# --- who may do what -------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def current_school_ids(board: Board) -> list[int]:
    memberships = getattr(board, "current_memberships", None)
    if memberships is not None:
        return [m.school_id for m in memberships]
    return list(
        BoardSchool.objects.filter(board=board, left_on__isnull=True).values_list(
            "school_id", flat=True
        )
    )


def can_manage_board(user, board: Board) -> bool:
    if not _active(user):
        return False
    if user.has_perm(OFFICER_PERMISSION):
        return True
    memberships = getattr(board, "current_memberships", None)
    if memberships is None:
        memberships = BoardSchool.objects.filter(board=board, left_on__isnull=True).select_related(
            "school"
        )
    return any(user.has_perm(SCHOOL_MANAGER_PERMISSION, m.school) for m in memberships)


def can_see_contact_details(user, board: Board, *, can_manage: bool | None = None) -> bool:
    """Contact details: the clerk, the chair, school leaders and officers only (issue 8),
    that is whoever may change the board. ``can_manage``: ``can_manage_board``'s answer for
    the same user and board, when the caller already has it (each answer costs a
    permission query per school)."""
    return can_manage_board(user, board) if can_manage is None else can_manage


def _require_manager(actor, board: Board) -> None:
    if not can_manage_board(actor, board):
        raise PermissionDenied("You cannot change this board's records.")


def _require_officer(actor) -> None:
    if not (_active(actor) and actor.has_perm("governors.add_board")):
        raise PermissionDenied("Only council officers can create boards.")


def _locked(board: Board) -> Board:
    # Serialise writes to one board (seat counts are checked then written).
    return Board.objects.select_for_update().get(pk=board.pk)


# --- boards and their schools ----------------------------------------------------------------


@transaction.atomic
def create_board(
    *,
    actor,
    name: str,
    kind: str,
    schools: list,
    joined_on: datetime.date,
    foundation_rule: str = FoundationRule.NONE,
    clerk_name: str = "",
    clerk_email: str = "",
    reminder_days: int | None = None,
) -> Board:
    """A new board governing ``schools`` from ``joined_on``. A school governed by another
    board leaves it the day before (its history stays). Its reminder lead time is
    ``reminder_days``, else its council's (``authority_reminder_days``)."""
    _require_officer(actor)
    if not schools:
        raise ValidationError({"schools": "A board governs at least one school."})
    board = Board(
        name=(name or "").strip(),
        kind=kind,
        foundation_rule=foundation_rule,
        clerk_name=clerk_name,
        clerk_email=clerk_email,
        reminder_days=reminder_days or authority_reminder_days(schools[0].authority),
    )
    board.full_clean()
    board.save()
    for school in schools:
        _join(board, school, joined_on)
    audit.record(
        actor=actor,
        verb="governors.board.created",
        target=board,
        kind=kind,
        schools=[s.urn for s in schools],
        joined_on=joined_on.isoformat(),
    )
    return board


DEFAULT_REMINDER_DAYS = 60  # GovernorHub's and GVO's default (reference §3.6)


def authority_reminder_days(authority) -> int:
    """How many days before a term ends (or a check falls due) a council's boards are
    reminded: ``settings.GOVERNOR_REMINDER_DAYS`` maps LA codes (and "default") to days; 60
    when unset. A board keeps its own figure (``Board.reminder_days``) once created."""
    table = getattr(settings, "GOVERNOR_REMINDER_DAYS", {}) or {}
    code = getattr(authority, "la_code", None)
    return int(table.get(code) or table.get("default") or DEFAULT_REMINDER_DAYS)


def _join(board: Board, school, joined_on: datetime.date) -> BoardSchool:
    current = (
        BoardSchool.objects.select_for_update().filter(school=school, left_on__isnull=True).first()
    )
    if current is not None:
        if current.board_id == board.pk:
            raise ValidationError({"schools": f"{school.name} is already governed by this board."})
        if current.joined_on >= joined_on:
            raise ValidationError(
                {
                    "joined_on": f"{school.name} joined {current.board} on "
                    f"{current.joined_on:%d/%m/%Y}; it can only move to another board after "
                    "that date."
                }
            )
        current.left_on = joined_on - datetime.timedelta(days=1)
        current.save(update_fields=["left_on"])
    membership = BoardSchool(board=board, school=school, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def add_school_to_board(*, actor, board: Board, school, joined_on: datetime.date) -> BoardSchool:
    """A school joins a board (a federation grows, an academy joins a trust)."""
    _require_officer(actor)
    membership = _join(_locked(board), school, joined_on)
    audit.record(
        actor=actor,
        verb="governors.board.school_joined",
        target=board,
        school=school.urn,
        joined_on=joined_on.isoformat(),
    )
    return membership


# --- instruments of government ---------------------------------------------------------------


def _normalise_seats(seats: dict) -> tuple[dict, dict]:
    counts, years = {}, {}
    for category, value in seats.items():
        if category not in Category.values:
            raise ValidationError({"seats": f"“{category}” is not a category of governor."})
        number, term = value if isinstance(value, tuple | list) else (value, None)
        counts[category] = int(number or 0)
        years[category] = int(term) if term not in (None, "") else None
    return counts, years


@transaction.atomic
def add_instrument_version(
    *, actor, board: Board, effective_from: datetime.date, seats: dict, notes: str = ""
) -> tuple[InstrumentOfGovernment, list]:
    """A new dated version of the instrument: ``seats`` maps category -> (seats, term years).

    Refused, naming the regulation, if the make-up breaks a rule for the board's kind;
    returns the version and any advisory (non-refusing) problems."""
    _require_manager(actor, board)
    board = _locked(board)
    counts, years = _normalise_seats(seats)
    school_count = max(
        BoardSchool.objects.filter(board=board, joined_on__lte=effective_from)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=effective_from))
        .count(),
        1,
    )
    advice = InstrumentOfGovernment.clean_seats(
        board=board, seats=counts, term_years=years, school_count=school_count
    )
    if InstrumentOfGovernment.objects.filter(board=board, effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": "This board already has a version from that date."}
        )
    instrument = InstrumentOfGovernment.objects.create(
        board=board,
        effective_from=effective_from,
        notes=notes,
        created_by=actor if _active(actor) else None,
    )
    SeatAllocation.objects.bulk_create(
        [
            SeatAllocation(instrument=instrument, category=c, seats=n, term_years=years.get(c))
            for c, n in counts.items()
            if n
        ]
    )
    audit.record(
        actor=actor,
        verb="governors.instrument.added",
        target=board,
        effective_from=effective_from.isoformat(),
        seats={c: [n, years.get(c)] for c, n in counts.items() if n},
        total=counted_total(counts),
    )
    return instrument, advice


# --- terms of office -------------------------------------------------------------------------


def _seat_checks(board: Board, term: Term) -> None:
    """A seat must be free in the category on the first day; and on a maintained board the
    headteacher, staff governor and co-opted staff stay within one third (reg 13)."""
    instrument = (
        InstrumentOfGovernment.objects.filter(board=board, effective_from__lte=term.starts_on)
        .order_by("-effective_from")
        .first()
    )
    seats = {s.category: s.seats for s in instrument.seats.all()}
    serving = list(Term.objects.filter(board=board).serving_on(term.starts_on))
    in_category = [t for t in serving if t.category == term.category]
    if len(in_category) >= seats.get(term.category, 0):
        raise ValidationError(
            {
                "category": f"No {term.get_category_display().lower()} seat is vacant on "
                f"{term.starts_on:%d/%m/%Y}: the instrument has {seats.get(term.category, 0)} "
                f"and {len(in_category)} are serving."
            }
        )
    if board.kind != BoardKind.MAINTAINED:
        return

    def staff_side(t):
        return t.category in (Category.HEADTEACHER, Category.STAFF) or (
            t.category == Category.CO_OPTED and t.is_school_staff
        )

    if staff_side(term):
        total = counted_total(seats)
        count = sum(1 for t in serving if staff_side(t)) + 1
        if 3 * count > total:
            raise ValidationError(
                {
                    "is_school_staff": f"The headteacher, the staff governor and co-opted "
                    f"governors who are staff may be no more than one third of the board: "
                    f"{count} of {total} is more ({REG_13})."
                }
            )


@transaction.atomic
def appoint_governor(
    *,
    actor,
    board: Board,
    category: str,
    appointing_body: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    eligibility: dict,
    governor: Governor | None = None,
    person: dict | None = None,
    is_school_staff: bool = False,
    previous_term: Term | None = None,
) -> Term:
    """Record a new term of office (an appointment, election or re-appointment).

    ``governor`` is an existing person, or ``person`` the details of a new one (title,
    first_name, middle_names, last_name, email, telephone)."""
    _require_manager(actor, board)
    board = _locked(board)
    maintained = board.kind == BoardKind.MAINTAINED and category in MAINTAINED_BODIES
    if maintained and appointing_body not in MAINTAINED_BODIES[category]:
        allowed = ", ".join(sorted(AppointingBody(b).label for b in MAINTAINED_BODIES[category]))
        raise ValidationError(
            {
                "appointing_body": f"A {Category(category).label.lower()} governor is "
                f"appointed by: {allowed}."
            }
        )
    answers = check_eligibility(
        category=category, answers=eligibility or {}, is_school_staff=is_school_staff
    )
    if governor is None:
        if not person:
            raise ValidationError({"governor": "Choose a governor or give a new person's name."})
        allowed = {"title", "first_name", "middle_names", "last_name", "email", "telephone"}
        governor = Governor(**{k: v for k, v in person.items() if k in allowed})
        governor.full_clean()
        governor.save()
    if previous_term is not None and (
        previous_term.board_id != board.pk or previous_term.governor_id != governor.pk
    ):
        raise ValidationError(
            {"previous_term": "A re-appointment continues the same person's term on this board."}
        )
    term = Term(
        board=board,
        governor=governor,
        category=category,
        appointing_body=appointing_body,
        starts_on=starts_on,
        ends_on=ends_on,
        is_school_staff=is_school_staff,
        eligibility=answers,
        previous_term=previous_term,
        created_by=actor if _active(actor) else None,
    )
    term.full_clean()
    _seat_checks(board, term)
    term.save()
    audit.record(
        actor=actor,
        verb="governors.term.appointed",
        target=term,
        board=board.pk,
        category=category,
        appointing_body=appointing_body,
        starts_on=starts_on.isoformat(),
        ends_on=term.ends_on.isoformat() if term.ends_on else None,
    )
    return term


@transaction.atomic
def end_term(*, actor, term: Term, ended_on: datetime.date, reason: str) -> Term:
    """Record that a term ended (early, or as it expired). Never extends it."""
    _require_manager(actor, term.board)
    _locked(term.board)
    term = Term.objects.select_for_update().get(pk=term.pk)
    if term.ended_on is not None:
        raise ValidationError({"ended_on": f"This term already ended on {term.ended_on:%d/%m/%Y}."})
    if reason not in EndReason.values:
        raise ValidationError({"end_reason": "Choose why the term ended."})
    if term.ends_on and ended_on > term.ends_on:
        raise ValidationError(
            {
                "ended_on": f"The term was due to end on {term.ends_on:%d/%m/%Y}; a term is "
                "never extended. Record a re-appointment as a new term."
            }
        )
    term.ended_on = ended_on
    term.end_reason = reason
    term.full_clean()
    term.save(update_fields=["ended_on", "end_reason"])
    BoardRole.objects.filter(term=term, ends_on__isnull=True).update(ends_on=ended_on)
    audit.record(
        actor=actor,
        verb="governors.term.ended",
        target=term,
        ended_on=ended_on.isoformat(),
        reason=reason,
    )
    return term


CORRECTABLE_FIELDS = (
    "category",
    "appointing_body",
    "starts_on",
    "ends_on",
    "ended_on",
    "end_reason",
)


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def correct_term(*, actor, term: Term, reason: str, **changes) -> Term:
    """Correct a mistake in a saved term: needs a reason, audited with old and new values."""
    _require_manager(actor, term.board)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the term is being corrected."})
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {"__all__": f"These cannot be corrected: {', '.join(sorted(unknown))}."}
        )
    _locked(term.board)
    term = Term.objects.select_for_update().get(pk=term.pk)
    diff = {}
    for name, value in changes.items():
        old = getattr(term, name)
        if old != value:
            diff[name] = [_json(old), _json(value)]
            setattr(term, name, value)
    if not diff:
        raise ValidationError({"__all__": "Nothing would change."})
    term.full_clean()
    term.save(update_fields=list(diff))
    TermCorrection.objects.create(
        term=term,
        reason=reason.strip(),
        changes=diff,
        corrected_by=actor if _active(actor) else None,
    )
    audit.record(
        actor=actor,
        verb="governors.term.corrected",
        target=term,
        reason=reason.strip(),
        changes=diff,
    )
    return term


@transaction.atomic
def set_board_role(*, actor, term: Term, role: str, starts_on: datetime.date) -> BoardRole:
    """Elect a chair or vice-chair from the board's serving governors. The previous holder's
    role ends the day before."""
    _require_manager(actor, term.board)
    _locked(term.board)
    if role not in BoardRoleKind.values:
        raise ValidationError({"role": "Choose chair or vice-chair."})
    if not term.is_serving_on(starts_on) or term.category == Category.ASSOCIATE:
        raise ValidationError({"term": "Only a governor serving on that date can hold the role."})
    current = BoardRole.objects.filter(board=term.board, role=role, ends_on__isnull=True).first()
    if current is not None:
        if current.starts_on >= starts_on:
            raise ValidationError(
                {"starts_on": "The current holder started on or after that date."}
            )
        current.ends_on = starts_on - datetime.timedelta(days=1)
        current.save(update_fields=["ends_on"])
    holding = BoardRole(board=term.board, term=term, role=role, starts_on=starts_on)
    holding.full_clean()
    holding.save()
    audit.record(
        actor=actor,
        verb="governors.role.set",
        target=term.board,
        role=role,
        term=term.pk,
        starts_on=starts_on.isoformat(),
    )
    return holding


# --- reminders before a term ends ------------------------------------------------------------

REMINDER_KIND = "governors.term_ending"


def terms_due_reminder(*, today: datetime.date) -> list[Term]:
    """Serving terms that end within their board's reminder period (default 60 days, reference
    §3.6), not ended early and not followed by a recorded re-appointment."""
    longest = Board.objects.order_by("-reminder_days").values_list("reminder_days", flat=True)
    horizon = today + datetime.timedelta(days=(longest.first() or 60))
    followed = Term.objects.filter(previous_term__isnull=False).values("previous_term")
    candidates = (
        Term.objects.filter(ends_on__gte=today, ends_on__lte=horizon, ended_on__isnull=True)
        .exclude(pk__in=followed)
        .select_related("board", "governor")
        .order_by("board_id", "ends_on", "pk")
    )
    return [
        t for t in candidates if t.ends_on <= today + datetime.timedelta(days=t.board.reminder_days)
    ]


def reminder_recipients(board: Board) -> list[str]:
    council = getattr(settings, "GOVERNOR_SERVICES_EMAIL", "")
    return [address for address in (board.clerk_email, council) if address]


def send_term_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """E-mail each board's clerk (and the council's governor services address, when set)
    about each term ending soon, through the platform's notifications (core.notifications):
    recorded, sent after commit, and sent once per term, end date and address however often
    the task runs (the dedupe key). A board with no clerk address is reminded once one is
    given."""
    today = today or timezone.localdate()
    sent = skipped = 0
    for term in terms_due_reminder(today=today):
        recipients = reminder_recipients(term.board)
        if not recipients:
            skipped += 1
            continue
        with transaction.atomic():
            for address in recipients:
                notification = notify(
                    to_email=address,
                    kind=REMINDER_KIND,
                    template="governors/email/term_ending",
                    reason=(
                        f"{term.governor}'s term as a {term.get_category_display().lower()} "
                        f"governor of {term.board} ends on {term.ends_on:%d/%m/%Y}."
                    ),
                    context={"board": term.board, "term": term},
                    dedupe_key=f"{REMINDER_KIND}:{term.pk}:{term.ends_on.isoformat()}:{address}",
                )
                if notification is not None:
                    sent += 1
    return {"reminded": sent, "no_recipient": skipped}


# --- reminders when a DBS certificate or training falls due --------------------------------

CHECK_REMINDER_KIND = "governors.check_due"


def send_check_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """E-mail each board's clerk (and the council's governor services address) when a serving
    governor's DBS renewal (issue date + the council's interval, not on the update service) or
    a course's expiry falls within the board's reminder period, or has passed. Sent once per
    governor, item, due date and address (the dedupe key), however often the task runs; a new
    certificate or course moves the due date and so earns its own reminder."""
    from . import selectors

    today = today or timezone.localdate()
    sent = skipped = 0
    items = [
        i
        for i in selectors.checks_due(Board.objects.all(), day=today)
        if i.due_on is not None  # missing checks are on the lists, not e-mailed every day
    ]
    for item in items:
        recipients = reminder_recipients(item.board)
        if not recipients:
            skipped += 1
            continue
        with transaction.atomic():
            for address in recipients:
                key = (
                    f"{CHECK_REMINDER_KIND}:{item.kind}:{item.training_kind}:"
                    f"{item.governor.pk}:{item.due_on.isoformat()}:{address}"
                )
                notification = notify(
                    to_email=address,
                    kind=CHECK_REMINDER_KIND,
                    template="governors/email/check_due",
                    reason=f"{item.governor} ({item.board}): {item.what}, {item.when}.",
                    context={
                        "board": item.board,
                        "item": item,
                        "renewal_years": selectors.dbs_renewal_years(),
                    },
                    dedupe_key=key,
                )
                if notification is not None:
                    sent += 1
    return {"reminded": sent, "no_recipient": skipped}


# --- meetings, attendance and declarations --------------------------------------------------


@transaction.atomic
def record_meeting(
    *,
    actor,
    board: Board,
    held_on: datetime.date,
    attendance: dict,
    kind: str = MeetingKind.FULL_BOARD,
    title: str = "",
) -> Meeting:
    """A meeting and the attendance of every governor serving that day. ``attendance`` maps
    term ids to an ``AttendanceStatus``; each serving governor needs one (absence without the
    board's consent is what the 6-month rule counts, reference §1.5)."""
    _require_manager(actor, board)
    board = _locked(board)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting."})
    serving = {
        t.pk: t
        for t in Term.objects.filter(board=board).serving_on(held_on).select_related("governor")
    }
    errors = {}
    for term_id, status in attendance.items():
        if int(term_id) not in serving:
            errors.setdefault("attendance", []).append(
                "Attendance can only be recorded for governors serving on the day."
            )
        elif status not in AttendanceStatus.values:
            errors[f"term_{term_id}"] = f"Choose how {serving[int(term_id)].governor} attended."
    for term_id, term in serving.items():
        if term_id not in {int(k) for k in attendance}:
            errors[f"term_{term_id}"] = f"Say whether {term.governor} attended."
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        board=board,
        held_on=held_on,
        kind=kind,
        title=title.strip(),
        recorded_by=actor if _active(actor) else None,
    )
    meeting.full_clean()
    meeting.save()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, term=serving[int(k)], status=v) for k, v in attendance.items()]
    )
    audit.record(
        actor=actor,
        verb="governors.meeting.recorded",
        target=board,
        held_on=held_on.isoformat(),
        kind=kind,
        attendance={str(k): v for k, v in attendance.items()},
    )
    return meeting


@transaction.atomic
def record_declaration(
    *,
    actor,
    term: Term,
    declared_on: datetime.date,
    nothing_to_declare: bool,
    business_interests: str = "",
    governance_roles_elsewhere: str = "",
    relationships: str = "",
) -> Declaration:
    """A governor's declaration of interests for the academic year of ``declared_on``,
    recorded through one of their terms (whose board's clerk or chair may record it). A second
    declaration in the same year replaces the first's answers (audited with both)."""
    _require_manager(actor, term.board)
    texts = {
        "business_interests": (business_interests or "").strip(),
        "governance_roles_elsewhere": (governance_roles_elsewhere or "").strip(),
        "relationships": (relationships or "").strip(),
    }
    if nothing_to_declare and any(texts.values()):
        raise ValidationError(
            {"nothing_to_declare": "Either say there is nothing to declare, or give the interests."}
        )
    if not nothing_to_declare and not any(texts.values()):
        raise ValidationError(
            {
                "business_interests": "Give the interests, or say explicitly that there is "
                "nothing to declare."
            }
        )
    year = academic_year_of(declared_on)
    declaration = (
        Declaration.objects.select_for_update()
        .filter(governor=term.governor, academic_year=year)
        .first()
    )
    old = None
    if declaration is None:
        declaration = Declaration(governor=term.governor, academic_year=year)
    else:
        old = {
            "nothing_to_declare": declaration.nothing_to_declare,
            **{k: getattr(declaration, k) for k in texts},
        }
    declaration.declared_on = declared_on
    declaration.nothing_to_declare = nothing_to_declare
    for name, value in texts.items():
        setattr(declaration, name, value)
    declaration.recorded_by = actor if _active(actor) else None
    declaration.full_clean()
    declaration.save()
    audit.record(
        actor=actor,
        verb="governors.declaration.recorded",
        target=declaration,
        academic_year=year,
        nothing_to_declare=nothing_to_declare,
        replaced=old is not None,
    )
    return declaration


# --- safeguarding checks and training -------------------------------------------------------


def _require_manager_of_person(actor, governor: Governor) -> None:
    """A person's checks and training are recorded by a manager of a board they serve (or
    served) on, or an officer."""
    if _active(actor) and actor.has_perm(OFFICER_PERMISSION):
        return
    boards = (
        Board.objects.filter(terms__governor=governor)
        .distinct()
        .prefetch_related("memberships__school")
    )
    for board in boards:
        board.current_memberships = [m for m in board.memberships.all() if m.left_on is None]
        if can_manage_board(actor, board):
            return
    raise PermissionDenied("You cannot change this governor's records.")


@transaction.atomic
def record_check(
    *,
    actor,
    governor: Governor,
    kind: str,
    checked_on: datetime.date,
    certificate_number: str = "",
    update_service: bool = False,
    result: str = "",
) -> SafeguardingCheck:
    """An enhanced DBS certificate or a section 128 check (KCSIE, reference §1.6). A
    section 128 direction disqualifies (2012 regs Sch 4 as amended 2014, §1.5): it is recorded,
    and the service says so."""
    _require_manager_of_person(actor, governor)
    if kind not in CheckKind.values:
        raise ValidationError({"kind": "Choose the kind of check."})
    if kind == CheckKind.SECTION_128 and result not in CheckResult.values:
        raise ValidationError({"result": "Give the result of the section 128 check."})
    if kind == CheckKind.ENHANCED_DBS:
        result = ""
        number = "".join((certificate_number or "").split())
        if number and not (number.isdigit() and len(number) == 12):
            raise ValidationError({"certificate_number": "A DBS certificate number is 12 digits."})
        certificate_number = number
    else:
        certificate_number, update_service = "", False
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": "The date cannot be in the future."})
    check = SafeguardingCheck(
        governor=governor,
        kind=kind,
        checked_on=checked_on,
        certificate_number=certificate_number,
        update_service=update_service,
        result=result,
        recorded_by=actor if _active(actor) else None,
    )
    check.full_clean()
    check.save()
    # The audit row names the check, never the certificate number (criminal offence data).
    audit.record(
        actor=actor,
        verb="governors.check.recorded",
        target=governor,
        kind=kind,
        checked_on=checked_on.isoformat(),
        result=result,
    )
    return check


@transaction.atomic
def record_training(
    *,
    actor,
    governor: Governor,
    kind: str,
    completed_on: datetime.date,
    expires_on: datetime.date | None = None,
    title: str = "",
    source: str = "",
) -> TrainingRecord:
    """A completed training course. The one way training is recorded: the CPD module calls
    this for a governor's completion (with its own actor, or None for the platform)."""
    if actor is not None:
        _require_manager_of_person(actor, governor)
    if kind not in TrainingKind.values:
        raise ValidationError({"kind": "Choose the kind of training."})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date cannot be in the future."})
    if expires_on is not None and expires_on <= completed_on:
        raise ValidationError({"expires_on": "Training expires after it is completed."})
    record = TrainingRecord(
        governor=governor,
        kind=kind,
        completed_on=completed_on,
        expires_on=expires_on,
        title=(title or "").strip(),
        source=source,
    )
    record.full_clean()
    record.save()
    audit.record(
        actor=actor,
        verb="governors.training.recorded",
        target=governor,
        kind=kind,
        completed_on=completed_on.isoformat(),
        expires_on=expires_on.isoformat() if expires_on else None,
        source=source,
    )
    return record


# --- the officers' compliance dashboard, cached -------------------------------------------

# How long the dashboard's rendered figures are kept. They are keyed on a version of their
# inputs (selectors.compliance_inputs_version) and the day, so a change shows at once; the
# timeout only bounds how long an unused entry takes room in the cache.
COMPLIANCE_CACHE_SECONDS = 60 * 60
COMPLIANCE_CACHE_PREFIX = "governors:compliance:"


def compliance_dashboard(*, viewer, render, day: datetime.date | None = None) -> str:
    """The compliance dashboard's figures for `viewer`, as `render(figures)` makes them.

    Refused (PermissionDenied) for anyone who may not open it. Then the inputs' version is
    read (one query) and the text comes from the cache when nothing it is built from has
    changed since, on the same day; otherwise selectors.compliance builds the figures (a
    fixed number of queries), `render` turns them into text and the text is cached. Only
    text is cached, never model instances: rendering thousands of rows is most of the cost.
    A cache outage is a miss.
    """
    from . import selectors

    scope = selectors.compliance_scope(viewer)
    day = day or timezone.localdate()
    choices = (
        selectors.compliance_inputs_version(),
        scope,
        day.isoformat(),
        selectors.dbs_renewal_years(),
    )
    return get_or_build(
        COMPLIANCE_CACHE_PREFIX,
        choices,
        lambda: render(selectors.compliance(day=day)),
        timeout=COMPLIANCE_CACHE_SECONDS,
    )


# --- a board's page, cached ---------------------------------------------------------------

BOARD_PAGE_CACHE_SECONDS = 60 * 60
BOARD_PAGE_CACHE_PREFIX = "governors:board-page:"


def board_page(*, viewer, board: Board, render, day: datetime.date | None = None) -> str:
    """The body of ``board``'s page for ``viewer``, as ``render(context)`` makes it (text).

    The caller has already found the board among those the viewer may see
    (selectors.get_board_for_user). Whether the viewer may change the board and see contact
    details is worked out here, once. The text comes from the cache when nothing the page is
    built from has changed since, on the same day: the key holds the one-query version of
    every governors input (selectors.compliance_inputs_version: any governors service write,
    which records an audit event, or a bulk load shows at once), the board, the day and what
    the viewer is shown (the actions and the contact details), never the viewer themselves.
    Otherwise selectors.board_page_data builds the figures (a fixed number of queries) and
    the text is cached. Only text is cached. A cache outage is a miss.
    """
    from . import selectors

    can_manage = can_manage_board(viewer, board)
    show_contacts = can_see_contact_details(viewer, board, can_manage=can_manage)
    day = day or timezone.localdate()
    choices = (
        selectors.compliance_inputs_version(),
        board.pk,
        day.isoformat(),
        can_manage,
        show_contacts,
    )

    def build() -> str:
        from .navigation import board_actions

        context = selectors.board_page_data(board, day=day)
        context.update(
            board=board,
            can_manage=can_manage,
            show_contacts=show_contacts,
            board_actions=board_actions(board.pk) if can_manage else [],
        )
        return render(context)

    return get_or_build(BOARD_PAGE_CACHE_PREFIX, choices, build, timeout=BOARD_PAGE_CACHE_SECONDS)


VACANCIES_CACHE_PREFIX = "governors:vacancies:"


def vacancy_figures(boards: list[Board], *, render, day: datetime.date | None = None):
    """``render(make_ups)`` of these boards' vacancies on the day (selectors.vacancies_by_board,
    counts only), from the cache when nothing they are built from has changed: keyed on the
    governors inputs' version (one query, as the board page), the day and the boards' ids,
    which the caller has already scoped to the viewer. ``render`` must return plain data
    (the API's rows). A cache outage is a miss."""
    from . import selectors

    day = day or timezone.localdate()
    choices = (selectors.compliance_inputs_version(), day.isoformat(), [b.pk for b in boards])
    return get_or_build(
        VACANCIES_CACHE_PREFIX,
        choices,
        lambda: render(selectors.vacancies_by_board(boards, day=day, people=False)),
        timeout=BOARD_PAGE_CACHE_SECONDS,
    )
