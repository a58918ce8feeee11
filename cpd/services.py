"""Writes to CPD records. Each service: keyword-only ``actor``, a permission check, one
transaction, one audit record; e-mails through the kit's ``notify`` (sent after commit).

Rules that need other rows at write time live here, once:
- places: an enrolment takes one of the organisation's places in the phase, or joins that
  organisation's waiting list, which is offered freed places in the order people joined;
- capacity: a session takes no more bookings than its capacity (the session row is locked);
- prerequisites: a session's module may be booked only after its prerequisites are complete,
  and a follow-up (reflection) no sooner than its weeks after them;
- completions: a learner marked present or late completes the session's module;
- follow-ups: who attended a session is booked on the follow-up module's session (a
  reflection) its weeks later, once per learner and module (``schedule_follow_ups``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from schools_platform.core import audit
from schools_platform.core.notifications import notify

from .models import (
    ATTENDED,
    SELF_PACED_KINDS,
    Allocation,
    Attendance,
    Booking,
    BookingStatus,
    BulkEnrolment,
    BulkEnrolmentStatus,
    Completion,
    CompletionSource,
    Department,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    Learner,
    Module,
    ModuleKind,
    Organisation,
    Phase,
    Prerequisite,
    Session,
    SessionStatus,
    Trainer,
    new_verification_code,
)
from .selectors import is_programme_lead, manages


def _require_lead(actor) -> None:
    if not is_programme_lead(actor):
        raise PermissionDenied("Only a programme lead can do this.")


def _coordinates(actor, organisation_id: int) -> bool:
    return actor.cpd_coordinations.filter(organisation_id=organisation_id).exists()


def _require_for_learner(actor, learner: Learner) -> None:
    """The programme lead, the learner's organisation's coordinator, their manager, or the
    learner."""
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied("Sign in first.")
    if is_programme_lead(actor) or learner.user_id == actor.pk:
        return
    if _coordinates(actor, learner.organisation_id) or manages(actor, learner):
        return
    raise PermissionDenied("You cannot manage this person's training.")


def _tell(learner: Learner, *, kind: str, subject: str, paragraphs, reason: str, key=None):
    if learner.user_id is None and not learner.work_email:
        return None
    target = {"recipient": learner.user} if learner.user_id else {"to_email": learner.work_email}
    return notify(
        **target,
        kind=kind,
        template="core/email/message",
        reason=reason,
        context={
            "subject": subject,
            "paragraphs": list(paragraphs),
            "action_url": reverse("cpd:my_learning"),
            "action_label": "Your learning",
        },
        dedupe_key=key,
    )


# --- places -------------------------------------------------------------------------------


def _enrolled_count(phase_id: int, organisation_id: int) -> int:
    return Enrolment.objects.filter(
        phase_id=phase_id, organisation_id=organisation_id, status=EnrolmentStatus.ENROLLED
    ).count()


def _fill_from_waiting_list(allocation: Allocation) -> list[Enrolment]:
    """Offer free places (the allocation row is locked by the caller) to the organisation's
    waiting list in the order people joined it."""
    free = allocation.places - _enrolled_count(allocation.phase_id, allocation.organisation_id)
    if free <= 0:
        return []
    offered = list(
        Enrolment.objects.filter(
            phase_id=allocation.phase_id,
            organisation_id=allocation.organisation_id,
            status=EnrolmentStatus.WAITING,
        )
        .select_related("learner__user", "phase")
        .order_by("created_at", "pk")[:free]
    )
    for enrolment in offered:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.save(update_fields=["status", "status_changed_at"])
        _tell(
            enrolment.learner,
            kind="cpd.place_offered",
            subject="A place is free for you",
            paragraphs=[
                f"A place has come free on {enrolment.phase}. You were next on the waiting "
                "list, so it is yours: book your sessions from your learning page."
            ],
            reason="You were on the waiting list for this phase.",
            key=f"cpd.place_offered:{enrolment.pk}",
        )
    return offered


@transaction.atomic
def allocate_places(*, actor, phase: Phase, organisation: Organisation, places: int) -> Allocation:
    """Set ``organisation``'s places in ``phase``; extra places go to its waiting list."""
    _require_lead(actor)
    if places is None or places < 0:
        raise ValidationError({"places": "Give a number of places, 0 or more."})
    allocation, created = Allocation.objects.select_for_update().get_or_create(
        phase=phase, organisation=organisation, defaults={"places": places}
    )
    before = None if created else allocation.places
    enrolled = _enrolled_count(phase.pk, organisation.pk)
    if places < enrolled:
        raise ValidationError(
            {
                "places": f"{organisation} already has {enrolled} people enrolled in "
                f"{phase.name}; the allocation cannot go below that."
            }
        )
    allocation.places = places
    allocation.save(update_fields=["places"])
    offered = _fill_from_waiting_list(allocation)
    audit.record(
        actor=actor,
        verb="cpd.places_allocated",
        target=allocation,
        phase=phase.name,
        organisation=organisation.name,
        places=places,
        before=before,
        offered_from_waiting_list=len(offered),
    )
    return allocation


@transaction.atomic
def enrol(*, actor, learner: Learner, phase: Phase, join_waiting_list: bool = True) -> Enrolment:
    """Enrol ``learner`` on ``phase``: one of their organisation's places, or, when all are
    taken, a place on its waiting list (if ``join_waiting_list``)."""
    _require_for_learner(actor, learner)
    enrolment = _enrol(actor, learner, phase, join_waiting_list=join_waiting_list)
    audit.record(
        actor=actor,
        verb="cpd.enrolled"
        if enrolment.status == EnrolmentStatus.ENROLLED
        else "cpd.waiting_listed",
        target=enrolment,
        learner=learner.pk,
        phase=phase.name,
        organisation=learner.organisation.name,
    )
    return enrolment


def _enrol(actor, learner: Learner, phase: Phase, *, join_waiting_list: bool) -> Enrolment:
    """The rules of one enrolment (the caller checks permission, holds the transaction and
    records the audit event)."""
    if learner.has_left:
        raise ValidationError(
            {
                "learner": f"{learner.name} left {learner.organisation} "
                f"on {learner.left_on:%-d %B %Y}."
            }
        )
    if phase.ends_on < timezone.localdate():
        raise ValidationError({"phase": f"{phase.name} ended on {phase.ends_on:%-d %B %Y}."})
    try:
        # The lock makes two enrolments for the last place wait for each other.
        allocation = Allocation.objects.select_for_update().get(
            phase=phase, organisation_id=learner.organisation_id
        )
    except Allocation.DoesNotExist:
        raise ValidationError(
            {"phase": f"{learner.organisation} has no places in {phase.name}."}
        ) from None
    live = Enrolment.objects.filter(learner=learner, programme_id=phase.programme_id).exclude(
        status=EnrolmentStatus.WITHDRAWN
    )
    existing = live.select_related("phase").first()
    if existing:
        raise ValidationError(
            {
                "learner": f"{learner.name} is already {existing.get_status_display().lower()} "
                f"for {existing.phase.name}."
            }
        )
    if _enrolled_count(phase.pk, learner.organisation_id) < allocation.places:
        status = EnrolmentStatus.ENROLLED
    elif join_waiting_list:
        status = EnrolmentStatus.WAITING
    else:
        raise ValidationError(
            {
                "phase": f"All {allocation.places} places for {learner.organisation} in "
                f"{phase.name} are taken."
            }
        )
    return Enrolment.objects.create(
        learner=learner,
        programme_id=phase.programme_id,
        phase=phase,
        organisation_id=learner.organisation_id,
        status=status,
        enrolled_by=actor,
    )


@transaction.atomic
def enrol_team(*, actor, learners, phase: Phase) -> dict[str, list[Learner]]:
    """A manager (or coordinator, or the lead) enrols several of their staff at once, in the
    order given: each takes one of the organisation's places in the phase or joins its
    waiting list, by the same rules as ``enrol``. People who cannot be enrolled (already on
    the programme, a leaver) are left out and named; nothing else is refused."""
    learners = list(learners)
    if not learners:
        raise ValidationError({"learners": "Choose at least one person to enrol."})
    for learner in learners:
        _require_for_learner(actor, learner)
    result: dict[str, list] = {"enrolled": [], "waiting": [], "not_enrolled": []}
    for learner in learners:
        try:
            with transaction.atomic():
                enrolment = _enrol(actor, learner, phase, join_waiting_list=True)
        except ValidationError as error:
            result["not_enrolled"].append((learner, " ".join(error.messages)))
            continue
        key = "enrolled" if enrolment.status == EnrolmentStatus.ENROLLED else "waiting"
        result[key].append(learner)
    audit.record(
        actor=actor,
        verb="cpd.team_enrolled",
        target=phase,
        enrolled=[learner.pk for learner in result["enrolled"]],
        waiting=[learner.pk for learner in result["waiting"]],
        not_enrolled=[learner.pk for learner, _ in result["not_enrolled"]],
    )
    return result


@transaction.atomic
def withdraw(*, actor, enrolment: Enrolment) -> Enrolment:
    """Withdraw from the phase: bookings are cancelled and a place taken goes to the waiting
    list."""
    _require_for_learner(actor, enrolment.learner)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise ValidationError({"enrolment": "This enrolment was already withdrawn."})
    held_place = enrolment.status == EnrolmentStatus.ENROLLED
    allocation = Allocation.objects.select_for_update().get(
        phase_id=enrolment.phase_id, organisation_id=enrolment.organisation_id
    )
    cancelled = _cancel_bookings(Booking.objects.filter(enrolment=enrolment))
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "status_changed_at"])
    offered = _fill_from_waiting_list(allocation) if held_place else []
    audit.record(
        actor=actor,
        verb="cpd.withdrawn",
        target=enrolment,
        learner=enrolment.learner_id,
        bookings_cancelled=cancelled,
        offered_to=[e.pk for e in offered],
    )
    return enrolment


# --- sessions and bookings ------------------------------------------------------------------


def _cancel_bookings(bookings) -> int:
    """Cancel live bookings whose sessions have not happened; a full session reopens."""
    live = list(bookings.filter(status=BookingStatus.BOOKED, session__starts_at__gt=timezone.now()))
    for booking in live:
        booking.status = BookingStatus.CANCELLED
    Booking.objects.bulk_update(live, ["status"])
    Session.objects.filter(pk__in={b.session_id for b in live}, status=SessionStatus.FULL).update(
        status=SessionStatus.OPEN
    )
    return len(live)


def check_can_book(enrolment: Enrolment, session: Session) -> None:
    """Every rule for booking ``session``, as a ValidationError naming the reason."""
    module = session.module
    if module.programme_id != enrolment.programme_id:
        raise ValidationError({"session": "This session belongs to another programme."})
    completions, prerequisites = _check_learner_can_book(enrolment, module)
    _check_session(enrolment, session, completions, prerequisites)


def _check_learner_can_book(enrolment: Enrolment, module: Module):
    """The rules of booking any session of ``module`` that depend on the person only (their
    enrolment, prerequisites, earlier bookings). Returns their completions (module id ->
    date) and the module's prerequisites, for the session's own rules."""
    learner = enrolment.learner
    if enrolment.status == EnrolmentStatus.WAITING:
        raise ValidationError(
            {"session": "You are on the waiting list: you can book once a place is yours."}
        )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError({"session": "This enrolment was withdrawn."})
    if learner.has_left:
        raise ValidationError({"session": f"{learner.name} has left {learner.organisation}."})
    if module.managers_only and not learner.is_manager:
        raise ValidationError({"session": f"{module.title} is for managers only."})
    completions = dict(
        Completion.objects.filter(learner=learner).values_list("module_id", "completed_on")
    )
    if module.pk in completions:
        raise ValidationError({"session": f"{learner.name} has already completed {module.title}."})
    prerequisites = list(module.prerequisites.order_by("order", "title"))
    missing = [p.title for p in prerequisites if p.pk not in completions]
    if missing:
        raise ValidationError(
            {"session": f"Complete {', '.join(missing)} before booking {module.title}."}
        )
    already = (
        Booking.objects.filter(enrolment=enrolment, module=module, status=BookingStatus.BOOKED)
        .select_related("session")
        .first()
    )
    if already:
        raise ValidationError(
            {"session": f"Already booked on {already.session}; cancel that booking first."}
        )
    return completions, prerequisites


def _check_session(enrolment: Enrolment, session: Session, completions, prerequisites) -> None:
    """The rules of booking that depend on the session: open, not started, and a follow-up
    no sooner than its weeks after the prerequisites were completed."""
    module = session.module
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "This session was cancelled."})
    if session.status == SessionStatus.PLANNED:
        raise ValidationError({"session": "This session is not open for booking yet."})
    if session.starts_at <= timezone.now():
        raise ValidationError({"session": "This session has already started."})
    if module.weeks_after_prerequisites and prerequisites:
        last = max(completions[p.pk] for p in prerequisites)
        earliest = last + datetime.timedelta(weeks=module.weeks_after_prerequisites)
        if timezone.localtime(session.starts_at).date() < earliest:
            raise ValidationError(
                {
                    "session": f"{module.title} is at least {module.weeks_after_prerequisites} "
                    f"weeks after {', '.join(p.title for p in prerequisites)}: choose a session "
                    f"on or after {earliest:%-d %B %Y}."
                }
            )


def _tell_booked(booking: Booking, session: Session) -> None:
    _tell(
        booking.enrolment.learner,
        kind="cpd.session_booked",
        subject=f"Booked: {session.module.title}",
        paragraphs=[
            f"You are booked on {session.module.title} on "
            f"{timezone.localtime(session.starts_at):%-d %B %Y at %H:%M}, {session.where}."
        ],
        reason="You booked this session.",
        key=f"cpd.session_booked:{booking.pk}",
    )


@transaction.atomic
def book_session(*, actor, enrolment: Enrolment, session: Session) -> Booking:
    _require_for_learner(actor, enrolment.learner)
    # Locked, so two bookings for its last place wait for each other.
    session = Session.objects.select_for_update().select_related("module").get(pk=session.pk)
    enrolment = Enrolment.objects.select_related("learner__organisation").get(pk=enrolment.pk)
    check_can_book(enrolment, session)
    booked = session.bookings.filter(status=BookingStatus.BOOKED).count()
    if booked >= session.capacity:
        session.status = SessionStatus.FULL
        session.save(update_fields=["status"])
        raise ValidationError({"session": "This session is full: choose another."})
    booking = Booking.objects.create(enrolment=enrolment, session=session, module=session.module)
    if booked + 1 >= session.capacity:
        session.status = SessionStatus.FULL
        session.save(update_fields=["status"])
    audit.record(
        actor=actor,
        verb="cpd.session_booked",
        target=booking,
        session=session.pk,
        learner=enrolment.learner_id,
    )
    _tell_booked(booking, session)
    return booking


@transaction.atomic
def cancel_booking(*, actor, booking: Booking) -> Booking:
    _require_for_learner(actor, booking.enrolment.learner)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError({"booking": "This booking was already cancelled."})
    if booking.attendance:
        raise ValidationError({"booking": "The register for this session has been taken."})
    if _cancel_bookings(Booking.objects.filter(pk=booking.pk)) == 0:
        raise ValidationError({"booking": "The session has already started."})
    audit.record(actor=actor, verb="cpd.booking_cancelled", target=booking)
    booking.refresh_from_db()
    return booking


@transaction.atomic
def cancel_session(*, actor, session: Session) -> int:
    """Cancel a session; each booked learner is told, with the next open sessions of its module."""
    _require_lead(actor)
    session = Session.objects.select_for_update().select_related("module").get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "This session was already cancelled."})
    bookings = list(
        session.bookings.filter(status=BookingStatus.BOOKED).select_related(
            "enrolment__learner__user"
        )
    )
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(status=BookingStatus.CANCELLED)
    next_ones = list(
        Session.objects.filter(
            module=session.module, status=SessionStatus.OPEN, starts_at__gt=timezone.now()
        ).order_by("starts_at")[:3]
    )
    offers = [f"{timezone.localtime(s.starts_at):%-d %B %Y at %H:%M}, {s.where}" for s in next_ones]
    for booking in bookings:
        _tell(
            booking.enrolment.learner,
            kind="cpd.session_cancelled",
            subject=f"Cancelled: {session.module.title}",
            paragraphs=[f"{session} has been cancelled."]
            + (["You can book one of the next sessions instead:", *offers] if offers else []),
            reason="You were booked on this session.",
            key=f"cpd.session_cancelled:{booking.pk}",
        )
    audit.record(actor=actor, verb="cpd.session_cancelled", target=session, bookings=len(bookings))
    return len(bookings)


# --- registers and completions ------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, actor, session: Session, marks: dict[int, str]) -> dict[str, int]:
    """Take the session's register at once: ``marks`` maps booking ids to an attendance mark.
    Present or late completes the module; changing such a mark removes that completion."""
    _require_lead(actor)
    session = Session.objects.select_for_update().select_related("module").get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "This session was cancelled."})
    if session.starts_at > timezone.now():
        raise ValidationError({"session": "The register opens when the session starts."})
    valid = set(Attendance.values)
    bookings = {
        b.pk: b
        for b in session.bookings.filter(status=BookingStatus.BOOKED).select_related("enrolment")
    }
    errors = {}
    for booking_id, mark in marks.items():
        if booking_id not in bookings:
            errors[f"booking-{booking_id}"] = "This person is not booked on this session."
        elif mark not in valid:
            errors[f"booking-{booking_id}"] = f"Choose a mark for {booking_id}."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = [bookings[pk] for pk, mark in marks.items() if bookings[pk].attendance != mark]
    for booking in changed:
        booking.attendance = marks[booking.pk]
        booking.marked_at = now
    Booking.objects.bulk_update(changed, ["attendance", "marked_at"])
    attended = [b for b in changed if b.attendance in ATTENDED]
    not_attended = [b.pk for b in changed if b.attendance not in ATTENDED]
    removed, _ = Completion.objects.filter(booking_id__in=not_attended).delete()
    already = set(
        Completion.objects.filter(
            module=session.module, learner_id__in=[b.enrolment.learner_id for b in attended]
        ).values_list("learner_id", flat=True)
    )
    completed_on = timezone.localtime(session.starts_at).date()
    new = [
        Completion(
            learner_id=b.enrolment.learner_id,
            module=session.module,
            completed_on=completed_on,
            source=CompletionSource.ATTENDANCE,
            booking=b,
            recorded_by=actor,
        )
        for b in attended
        if b.enrolment.learner_id not in already
    ]
    for completion in new:
        completion.verification_code = completion.verification_code or new_verification_code()
    Completion.objects.bulk_create(new)
    counts = dict.fromkeys(Attendance.values, 0)
    for mark in marks.values():
        counts[mark] += 1
    audit.record(
        actor=actor,
        verb="cpd.register_taken",
        target=session,
        marks=counts,
        changed=len(changed),
        completions_added=len(new),
        completions_removed=removed,
    )
    return {"changed": len(changed), "completed": len(new), "removed": removed}


@transaction.atomic
def record_completion(
    *,
    actor,
    learner: Learner,
    module: Module,
    completed_on: datetime.date,
    source: str = CompletionSource.RECORDED,
) -> Completion:
    _require_lead(actor)
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The completion date is in the future."})
    if source == CompletionSource.ATTENDANCE:
        raise ValidationError({"source": "Attendance completions come from the register."})
    if Completion.objects.filter(learner=learner, module=module).exists():
        raise ValidationError({"module": f"{learner.name} has already completed {module.title}."})
    completion = Completion.objects.create(
        learner=learner,
        module=module,
        completed_on=completed_on,
        source=source,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        verb="cpd.completion_recorded",
        target=completion,
        learner=learner.pk,
        module=module.title,
        source=source,
    )
    return completion


# --- reminders (a scheduled task; each message sent once) ---------------------------------


@transaction.atomic
def send_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind each booked learner the day before their session, and those whose session is
    within a week while a prerequisite is still incomplete. Dedupe keys make a second run
    (or a second worker) send nothing more."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    week = today + datetime.timedelta(days=7)
    bookings = list(
        Booking.objects.filter(
            status=BookingStatus.BOOKED,
            session__status__in=[SessionStatus.OPEN, SessionStatus.FULL],
            session__starts_at__date__gt=today,
            session__starts_at__date__lte=week,
        ).select_related("session", "module", "enrolment__learner__user")
    )
    done = set(
        Completion.objects.filter(
            learner_id__in={b.enrolment.learner_id for b in bookings}
        ).values_list("learner_id", "module_id")
    )
    needs: dict[int, list[tuple[int, str]]] = {}
    for module_id, requires_id, title in Module.prerequisites.through.objects.filter(
        module_id__in={b.module_id for b in bookings}
    ).values_list("module_id", "requires_id", "requires__title"):
        needs.setdefault(module_id, []).append((requires_id, title))
    sent = {"session_tomorrow": 0, "prerequisites": 0}
    for booking in bookings:
        learner, session = booking.enrolment.learner, booking.session
        when = timezone.localtime(session.starts_at)
        if when.date() == tomorrow and _tell(
            learner,
            kind="cpd.session_tomorrow",
            subject=f"Tomorrow: {booking.module.title}",
            paragraphs=[f"Your session is tomorrow at {when:%H:%M}, {session.where}."],
            reason="You are booked on this session.",
            key=f"cpd.session_tomorrow:{booking.pk}:{when.date()}",
        ):
            sent["session_tomorrow"] += 1
        missing = [
            title
            for rid, title in needs.get(booking.module_id, [])
            if (learner.pk, rid) not in done
        ]
        if missing and _tell(
            learner,
            kind="cpd.prerequisites_incomplete",
            subject=f"Before {booking.module.title}: {', '.join(missing)}",
            paragraphs=[
                f"Your {booking.module.title} session is on {when:%-d %B %Y}. Please finish "
                f"{', '.join(missing)} before it."
            ],
            reason="Your session needs this first.",
            key=f"cpd.prerequisites_incomplete:{booking.pk}",
        ):
            sent["prerequisites"] += 1
    if any(sent.values()):
        audit.record(actor=None, verb="cpd.reminders_sent", **sent)
    return sent


# --- follow-up sessions (a scheduled task; each learner once per module) --------------------

# A follow-up is booked only when it starts at least this long from now.
FOLLOW_UP_NOTICE = datetime.timedelta(days=1)
# An open session of the follow-up module starting up to this many days after the date the
# follow-up falls on is used before a new one is created.
FOLLOW_UP_WINDOW = datetime.timedelta(days=7)


def _reason(reasons: dict, reason: str) -> None:
    reasons[reason] = reasons.get(reason, 0) + 1


@transaction.atomic
def schedule_follow_ups(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Book each learner marked present or late on a session of a module that another module
    follows by a set number of weeks (``Module.weeks_after_prerequisites``: the reflection
    six weeks after the face-to-face session) onto a session of the follow-up that many weeks
    after the session they attended: an open session on that day or in the week after it
    with a place left, or a new online session (``CPD_FOLLOW_UP_CAPACITY`` places, the link
    ``CPD_FOLLOW_UP_ONLINE_URL``, the face-to-face session's eligible trainers, open). Only
    sessions whose follow-up is still at least a day away count; leavers, withdrawn
    enrolments and people who did not attend get nothing; every booking rule of
    ``book_session`` holds. Once per learner and module (``FollowUp``, constraint
    ``cpd_follow_up_once``): a second run, or a run after the learner cancelled, books and
    e-mails nothing more. Each person booked is e-mailed once; one audit record for a run
    that booked anyone. The daily task ``cpd.tasks.schedule_follow_up_sessions`` runs it."""
    now = now or timezone.now()
    totals = {"booked": 0, "sessions_created": 0, "not_booked": 0}
    reasons: dict[str, int] = {}
    # Locked, so two runs at once take their turns (and see each other's sessions).
    follow_ups = list(
        Module.objects.select_for_update()
        .filter(weeks_after_prerequisites__gt=0)
        .exclude(kind__in=SELF_PACED_KINDS)
        .order_by("pk")
    )
    for module in follow_ups:
        _follow_up_module(module, now, totals, reasons)
    if totals["booked"]:
        audit.record(actor=None, verb="cpd.follow_ups_scheduled", **totals, reasons=reasons)
    return totals


def _follow_up_module(module: Module, now, totals: dict, reasons: dict) -> None:
    weeks = datetime.timedelta(weeks=module.weeks_after_prerequisites)
    requires = Prerequisite.objects.filter(module=module).values("requires_id")
    attended = (
        Booking.objects.filter(
            module_id__in=requires,
            status=BookingStatus.BOOKED,
            attendance__in=ATTENDED,
            session__starts_at__lte=now,
            session__starts_at__gt=now + FOLLOW_UP_NOTICE - weeks,
            enrolment__programme_id=module.programme_id,
            enrolment__status=EnrolmentStatus.ENROLLED,
            enrolment__learner__left_on__isnull=True,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(
            Exists(
                FollowUp.objects.filter(learner_id=OuterRef("enrolment__learner_id"), module=module)
            )
        )
        .exclude(
            Exists(
                Completion.objects.filter(
                    learner_id=OuterRef("enrolment__learner_id"), module=module
                )
            )
        )
        .exclude(
            Exists(
                Booking.objects.filter(
                    enrolment_id=OuterRef("enrolment_id"),
                    module=module,
                    status=BookingStatus.BOOKED,
                )
            )
        )
        .select_related(
            "session__module", "enrolment__learner__organisation", "enrolment__learner__user"
        )
        .order_by("session__starts_at", "session_id", "enrolment__learner__name", "pk")
    )
    latest: dict[int, Booking] = {}  # learner -> the last session attended (the latest counts)
    for booking in attended:
        latest[booking.enrolment.learner_id] = booking
    if not latest:
        return
    pool = list(
        Session.objects.select_for_update(of=("self",))
        .filter(module=module, status=SessionStatus.OPEN, starts_at__gt=now + FOLLOW_UP_NOTICE)
        .select_related("module")
        .order_by("starts_at", "pk")
    )
    taken = dict(
        Booking.objects.filter(session__in=pool, status=BookingStatus.BOOKED)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
        .order_by()
    )
    left = {s.pk: s.capacity - taken.get(s.pk, 0) for s in pool}
    filled = set()
    for source in sorted(latest.values(), key=lambda b: (b.session.starts_at, b.pk)):
        enrolment, learner = source.enrolment, source.enrolment.learner
        try:
            completions, prerequisites = _check_learner_can_book(enrolment, module)
        except ValidationError as error:
            _reason(reasons, _reason_without_name(learner, " ".join(error.messages)))
            totals["not_booked"] += 1
            continue
        attended_at = timezone.localtime(source.session.starts_at)
        last = max(completions[p.pk] for p in prerequisites)
        day = max(attended_at.date(), last) + weeks
        when = timezone.make_aware(datetime.datetime.combine(day, attended_at.time()))
        from_day = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        chosen = next(
            (
                s
                for s in pool
                if left[s.pk] > 0
                and from_day <= s.starts_at < from_day + FOLLOW_UP_WINDOW
                and _allowed(enrolment, s, completions, prerequisites)
            ),
            None,
        )
        if chosen is None:
            chosen = _new_follow_up_session(module, when, source.session, reasons)
            if chosen is None:
                totals["not_booked"] += 1
                continue
            totals["sessions_created"] += 1
            pool.append(chosen)
            pool.sort(key=lambda s: (s.starts_at, s.pk))
            left[chosen.pk] = chosen.capacity
        booking = Booking.objects.create(enrolment=enrolment, session=chosen, module=module)
        FollowUp.objects.create(learner=learner, module=module, attended=source, booking=booking)
        left[chosen.pk] -= 1
        if left[chosen.pk] <= 0:
            filled.add(chosen.pk)
        totals["booked"] += 1
        _tell_follow_up(learner, booking, chosen, source.session)
    if filled:
        Session.objects.filter(pk__in=filled).update(status=SessionStatus.FULL)


def _allowed(enrolment, session, completions, prerequisites) -> bool:
    try:
        _check_session(enrolment, session, completions, prerequisites)
    except ValidationError:
        return False
    return True


def _new_follow_up_session(module: Module, when, attended: Session, reasons: dict):
    """An open online session of ``module`` at ``when``, delivered by the attended session's
    trainers who may still deliver (an external provider's, or staff trained as trainers who
    have not left); None (with the reason) when no online link is set to give it."""
    link = settings.CPD_FOLLOW_UP_ONLINE_URL
    if not link:
        _reason(
            reasons,
            f"No open session of {module.title} had a place, and no online link is set "
            "(CPD_FOLLOW_UP_ONLINE_URL) to create one.",
        )
        return None
    session = Session.objects.create(
        module=module,
        starts_at=when,
        ends_at=when + datetime.timedelta(minutes=module.duration_minutes or 60),
        online_url=link,
        capacity=settings.CPD_FOLLOW_UP_CAPACITY,
        status=SessionStatus.OPEN,
    )
    trainers = (
        Trainer.objects.filter(sessions=attended)
        .filter(
            ~Q(provider="")
            | Q(
                learner__left_on__isnull=True,
                learner__completions__module__kind=ModuleKind.TRAIN_THE_TRAINER,
            )
        )
        .distinct()
    )
    session.trainers.add(*trainers)
    return session


def _tell_follow_up(learner: Learner, booking: Booking, session: Session, attended: Session):
    when = timezone.localtime(session.starts_at)
    weeks = session.module.weeks_after_prerequisites
    _tell(
        learner,
        kind="cpd.follow_up_booked",
        subject=f"Booked: {session.module.title}",
        paragraphs=[
            f"You attended {attended.module.title} on "
            f"{timezone.localtime(attended.starts_at):%-d %B %Y}. {session.module.title} "
            f"follows it {weeks} weeks later: you are booked on {when:%-d %B %Y at %H:%M}, "
            f"{session.where}" + (f" ({session.online_url})." if session.online_url else "."),
            "If you cannot come, cancel the booking on your learning page and book another "
            "session.",
        ],
        reason="You attended the session this follows.",
        key=f"cpd.follow_up_booked:{learner.pk}:{session.module_id}",
    )


# --- bulk enrolment (a background job) ----------------------------------------------------

BULK_CHUNK = 200  # people handled, and committed with the job's progress, at a time
BULK_PROBLEMS_KEPT = 200  # people named in the result; the rest are counted


def _require_for_organisation(actor, organisation: Organisation) -> None:
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied("Sign in first.")
    if not (is_programme_lead(actor) or _coordinates(actor, organisation.pk)):
        raise PermissionDenied("You cannot enrol this organisation's staff.")


def _start_bulk(job: BulkEnrolment) -> None:
    from .tasks import run_bulk_enrolment

    run_bulk_enrolment.delay_on_commit(job.pk)


def _check_bulk(
    organisation: Organisation, phase: Phase, department: Department | None, module: Module | None
) -> None:
    """The rules a bulk enrolment is queued by (and started again by)."""
    errors = {}
    if phase.ends_on < timezone.localdate():
        errors["phase"] = f"{phase.name} ended on {phase.ends_on:%-d %B %Y}."
    elif not Allocation.objects.filter(phase=phase, organisation=organisation).exists():
        errors["phase"] = f"{organisation} has no places in {phase.name}."
    if department is not None and department.organisation_id != organisation.pk:
        errors["department"] = f"{department.name} is not a department of {organisation}."
    if module is not None:
        if module.programme_id != phase.programme_id:
            errors["module"] = f"{module.title} is not a module of {phase.programme}."
        elif module.is_self_paced:
            errors["module"] = f"{module.title} is done online, not in sessions."
    if errors:
        raise ValidationError(errors)
    running = BulkEnrolment.objects.filter(
        phase=phase,
        organisation=organisation,
        department=department,
        status__in=[BulkEnrolmentStatus.QUEUED, BulkEnrolmentStatus.RUNNING],
    ).first()
    if running:
        raise ValidationError(
            {"phase": f"The same enrolment is already under way (job {running.pk})."}
        )


@transaction.atomic
def queue_bulk_enrolment(
    *,
    actor,
    organisation: Organisation,
    phase: Phase,
    department: Department | None = None,
    module: Module | None = None,
) -> BulkEnrolment:
    """Queue a job that enrols the current staff of ``organisation`` (or of one of its
    departments) on ``phase``, by the rules of ``enrol`` (the organisation's places, then its
    waiting list, in the order of their names), and books each person enrolled on the next
    open sessions of ``module`` with places left (by the rules of ``book_session``). The
    programme lead, or the organisation's coordinator. The job runs in the background."""
    _require_for_organisation(actor, organisation)
    _check_bulk(organisation, phase, department, module)
    staff = Learner.objects.filter(organisation=organisation, left_on__isnull=True)
    if department is not None:
        staff = staff.filter(department=department)
    ids = list(staff.order_by("name", "employee_number", "pk").values_list("pk", flat=True))
    if not ids:
        who = department.name if department else organisation.name
        raise ValidationError(
            {
                "department" if department else "organisation": (
                    f"{who} has no current staff to enrol."
                )
            }
        )
    job = BulkEnrolment.objects.create(
        phase=phase,
        organisation=organisation,
        department=department,
        module=module,
        learner_ids=ids,
        total=len(ids),
        result=_empty_result(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        verb="cpd.bulk_enrolment_queued",
        target=job,
        organisation=organisation.name,
        department=department.name if department else None,
        phase=phase.name,
        module=module.title if module else None,
        people=len(ids),
    )
    _start_bulk(job)
    return job


@transaction.atomic
def restart_bulk_enrolment(*, actor, job: BulkEnrolment) -> BulkEnrolment:
    """Start a failed bulk enrolment again, as a new job: the same organisation (or
    department), phase and module, and the failed job's people in the same order less those
    already enrolled in the phase or on its waiting list (the people the failed job handled
    before it stopped stay enrolled). Each failed job is started again once; the programme
    lead, or the organisation's coordinator."""
    _require_for_organisation(actor, job.organisation)
    job = (
        BulkEnrolment.objects.select_for_update(of=("self",))
        .select_related("phase__programme", "organisation", "department", "module")
        .get(pk=job.pk)
    )
    if job.status != BulkEnrolmentStatus.FAILED:
        raise ValidationError("Only a bulk enrolment that failed can be started again.")
    again = BulkEnrolment.objects.filter(restart_of=job).first()
    if again is not None:
        raise ValidationError(f"This enrolment was started again already (job {again.pk}).")
    _check_bulk(job.organisation, job.phase, job.department, job.module)
    enrolled = set(
        Enrolment.objects.filter(phase=job.phase, organisation=job.organisation)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list("learner_id", flat=True)
    )
    ids = [pk for pk in job.learner_ids if pk not in enrolled]
    if not ids:
        raise ValidationError("Everyone this enrolment was for is enrolled already.")
    new = BulkEnrolment.objects.create(
        phase=job.phase,
        organisation=job.organisation,
        department=job.department,
        module=job.module,
        learner_ids=ids,
        total=len(ids),
        result=_empty_result(),
        created_by=actor,
        restart_of=job,
    )
    audit.record(
        actor=actor,
        verb="cpd.bulk_enrolment_restarted",
        target=new,
        failed_job=job.pk,
        organisation=job.organisation.name,
        department=job.department.name if job.department_id else None,
        phase=job.phase.name,
        people=len(ids),
        skipped_as_enrolled=len(job.learner_ids) - len(ids),
    )
    _start_bulk(new)
    return new


def _empty_result() -> dict:
    return {
        "enrolled": 0,
        "waiting": 0,
        "already_enrolled": 0,
        "already_waiting": 0,
        "not_enrolled": 0,
        "booked": 0,
        "not_booked": 0,
        "reasons": {},  # reason -> people (not enrolled or not booked)
        "sessions": {},  # session id (text) -> people booked on it
        "problems": [],  # [learner id, reason] for the first BULK_PROBLEMS_KEPT
    }


def _note_problem(result: dict, learner: Learner, reason: str, *, key: str) -> None:
    result[key] += 1
    result["reasons"][reason] = result["reasons"].get(reason, 0) + 1
    if len(result["problems"]) < BULK_PROBLEMS_KEPT:
        result["problems"].append([learner.pk, reason])  # names are read when shown


def _reason_without_name(learner: Learner, message: str) -> str:
    """A refusal as a reason shared by many people (their name taken out), for the counts."""
    return message.replace(learner.name, "The person").replace(
        "You are on the waiting list", "On the waiting list"
    )


def run_bulk_enrolment(job_id: int, *, chunk: int = BULK_CHUNK) -> BulkEnrolment | None:
    """The job (a Celery task calls this). Safe to deliver twice: each chunk of people is
    handled in one transaction that locks the job's row and commits the chunk's enrolments,
    bookings and ``done`` together, so a second run carries on where the first stopped (a run
    killed mid-chunk leaves nothing of that chunk) and a finished job is left alone."""
    with transaction.atomic():
        job = BulkEnrolment.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_in_progress:
            return job
        job.status = BulkEnrolmentStatus.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "attempts", "started_at"])
    try:
        while True:
            with transaction.atomic():
                job = (
                    BulkEnrolment.objects.select_for_update(of=("self",))
                    .select_related("phase", "module", "organisation", "created_by")
                    .get(pk=job_id)
                )
                if job.status != BulkEnrolmentStatus.RUNNING:
                    return job
                ids = job.learner_ids[job.done : job.done + chunk]
                if not ids:
                    return _finish_bulk(job)
                _bulk_chunk(job, ids)
                job.done += len(ids)
                job.save(update_fields=["done", "result"])
    except Exception as error:  # fail closed: the lead sees it failed, not "running" forever
        BulkEnrolment.objects.filter(pk=job_id).update(
            status=BulkEnrolmentStatus.FAILED,
            error=f"The job stopped with an unexpected error ({type(error).__name__}). "
            "The people handled before it stopped stay enrolled.",
            finished_at=timezone.now(),
        )
        raise


def _finish_bulk(job: BulkEnrolment) -> BulkEnrolment:
    job.status = BulkEnrolmentStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    counts = {k: v for k, v in job.result.items() if isinstance(v, int)}
    audit.record(
        actor=job.created_by,
        verb="cpd.bulk_enrolment_finished",
        target=job,
        phase=job.phase.name,
        organisation=job.organisation.name,
        **counts,
    )
    return job


def _bulk_chunk(job: BulkEnrolment, ids: list[int]) -> None:
    """Enrol (and book) one chunk of the job's people, in their order; the caller holds the
    transaction and the job's lock."""
    result = job.result or _empty_result()
    learners = {
        learner.pk: learner
        for learner in Learner.objects.filter(pk__in=ids).select_related("organisation", "user")
    }
    live = {
        e.learner_id: e
        for e in Enrolment.objects.filter(learner_id__in=ids, programme_id=job.phase.programme_id)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("phase")
    }
    to_book = []
    for pk in ids:
        learner = learners.get(pk)
        if learner is None:
            continue  # the record was removed since the job was queued
        enrolment = live.get(pk)
        if enrolment is not None and enrolment.phase_id != job.phase_id:
            _note_problem(
                result,
                learner,
                f"Already {enrolment.get_status_display().lower()} for {enrolment.phase.name}.",
                key="not_enrolled",
            )
            continue
        if enrolment is not None:
            result[
                "already_enrolled"
                if enrolment.status == EnrolmentStatus.ENROLLED
                else "already_waiting"
            ] += 1
        else:
            try:
                with transaction.atomic():
                    enrolment = _enrol(job.created_by, learner, job.phase, join_waiting_list=True)
            except ValidationError as error:
                reason = _reason_without_name(learner, " ".join(error.messages))
                _note_problem(result, learner, reason, key="not_enrolled")
                continue
            result["enrolled" if enrolment.status == EnrolmentStatus.ENROLLED else "waiting"] += 1
        if job.module_id and enrolment.status == EnrolmentStatus.ENROLLED:
            enrolment.learner = learner
            to_book.append(enrolment)
    if to_book:
        _bulk_book(job, to_book, result)
    job.result = result


def _bulk_book(job: BulkEnrolment, enrolments: list[Enrolment], result: dict) -> None:
    """Book each enrolment on the first open session of the job's module, soonest first,
    with a place left and allowed for that person (the sessions' rows are locked)."""
    module = job.module
    sessions = list(
        Session.objects.select_for_update(of=("self",))
        .filter(module=module, status=SessionStatus.OPEN, starts_at__gt=timezone.now())
        .select_related("module")
        .order_by("starts_at", "pk")
    )
    booked = dict(
        Booking.objects.filter(session__in=sessions, status=BookingStatus.BOOKED)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
        .order_by()
    )
    left = {s.pk: s.capacity - booked.get(s.pk, 0) for s in sessions}
    filled = set()
    for enrolment in enrolments:
        learner = enrolment.learner
        try:
            completions, prerequisites = _check_learner_can_book(enrolment, module)
        except ValidationError as error:
            reason = _reason_without_name(learner, " ".join(error.messages))
            _note_problem(result, learner, reason, key="not_booked")
            continue
        chosen, refusal = None, None
        for session in sessions:
            if left[session.pk] <= 0:
                continue
            try:
                _check_session(enrolment, session, completions, prerequisites)
            except ValidationError as error:
                refusal = refusal or " ".join(error.messages)
                continue
            chosen = session
            break
        if chosen is None:
            reason = (
                _reason_without_name(learner, refusal)
                if refusal
                else f"No open session of {module.title} has a place left."
            )
            _note_problem(result, learner, reason, key="not_booked")
            continue
        booking = Booking.objects.create(enrolment=enrolment, session=chosen, module=module)
        left[chosen.pk] -= 1
        if left[chosen.pk] <= 0:
            filled.add(chosen.pk)
        result["booked"] += 1
        result["sessions"][str(chosen.pk)] = result["sessions"].get(str(chosen.pk), 0) + 1
        _tell_booked(booking, chosen)
    if filled:
        Session.objects.filter(pk__in=filled).update(status=SessionStatus.FULL)


# --- exports of the completion report -------------------------------------------------------


@transaction.atomic
def record_report_export(*, actor, programme, export: str, rows: int) -> None:
    """Every download of the completion report that holds the breakdown by ethnic group (a
    breakdown of people by special category data, published through disclosure control) is
    written to the audit log: who, which programme, which file and how many rows."""
    if not (actor and actor.is_authenticated):
        raise PermissionDenied("Sign in first.")
    audit.record(
        actor=actor,
        verb="cpd.report_exported",
        target=programme,
        export=export,
        rows=rows,
    )
