"""Places, waiting lists, capacity, prerequisites, registers and completions, at their home."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cpd import services
from cpd.models import (
    Attendance,
    Booking,
    BookingStatus,
    Completion,
    CompletionSource,
    EnrolmentStatus,
    ModuleKind,
    SessionStatus,
)
from schools_platform.core.models import AuditEvent, Notification

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


def _past(session, days=1):
    """Move a session into the past (registers are taken once it has started)."""
    session.starts_at = timezone.now() - datetime.timedelta(days=days)
    session.ends_at = session.starts_at + datetime.timedelta(hours=3)
    session.save()
    return session


def test_enrolment_takes_a_place_then_waits(lead, phase, places, halton):
    a, b, c, d = (make_learner(halton, n) for n in range(4))
    assert services.enrol(actor=lead, learner=a, phase=phase).status == EnrolmentStatus.ENROLLED
    assert services.enrol(actor=lead, learner=b, phase=phase).status == EnrolmentStatus.ENROLLED
    third = services.enrol(actor=lead, learner=c, phase=phase)
    fourth = services.enrol(actor=lead, learner=d, phase=phase)
    assert third.status == fourth.status == EnrolmentStatus.WAITING
    with pytest.raises(ValidationError) as info:
        services.enrol(
            actor=lead, learner=make_learner(halton, 9), phase=phase, join_waiting_list=False
        )
    assert "All 2 places for Halton Council in Phase 1 are taken" in str(info.value)


def test_a_freed_place_goes_to_the_first_on_the_waiting_list(lead, phase, places, halton):
    a, b, c, d = (make_learner(halton, n) for n in range(4))
    first = services.enrol(actor=lead, learner=a, phase=phase)
    services.enrol(actor=lead, learner=b, phase=phase)
    third = services.enrol(actor=lead, learner=c, phase=phase)
    fourth = services.enrol(actor=lead, learner=d, phase=phase)
    services.withdraw(actor=lead, enrolment=first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == EnrolmentStatus.ENROLLED
    assert fourth.status == EnrolmentStatus.WAITING
    assert Notification.objects.filter(kind="cpd.place_offered", to_email=c.work_email).exists()


def test_more_places_are_offered_to_the_waiting_list(lead, phase, places, halton):
    learners = [make_learner(halton, n) for n in range(4)]
    enrolments = [services.enrol(actor=lead, learner=p, phase=phase) for p in learners]
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=3)
    statuses = [type(e).objects.get(pk=e.pk).status for e in enrolments]
    assert statuses == ["enrolled", "enrolled", "enrolled", "waiting"]
    with pytest.raises(ValidationError) as info:
        services.allocate_places(actor=lead, phase=phase, organisation=halton, places=1)
    assert "already has 3 people enrolled" in str(info.value)


def test_each_organisation_has_its_own_places(lead, phase, places, halton, wirral):
    for n in range(2):
        services.enrol(actor=lead, learner=make_learner(halton, n), phase=phase)
    assert (
        services.enrol(actor=lead, learner=make_learner(wirral, 0), phase=phase).status
        == EnrolmentStatus.ENROLLED
    )


def test_no_allocation_no_leavers_no_double_enrolment(lead, phase, places, halton, db):
    from cpd.models import Organisation

    sefton = Organisation.objects.create(name="Sefton Council", kind="council")
    with pytest.raises(ValidationError) as info:
        services.enrol(actor=lead, learner=make_learner(sefton, 1), phase=phase)
    assert "Sefton Council has no places in Phase 1" in str(info.value)
    leaver = make_learner(halton, 2, left_on=timezone.localdate())
    with pytest.raises(ValidationError) as info:
        services.enrol(actor=lead, learner=leaver, phase=phase)
    assert "left Halton Council" in str(info.value)
    p = make_learner(halton, 3)
    services.enrol(actor=lead, learner=p, phase=phase)
    with pytest.raises(ValidationError) as info:
        services.enrol(actor=lead, learner=p, phase=phase)
    assert "already enrolled for Phase 1" in str(info.value)


def test_who_may_enrol(
    phase, places, amina, halton_coordinator, wirral_coordinator, learner_user, halton
):
    other = make_learner(halton, 5)
    with pytest.raises(PermissionDenied):
        services.enrol(actor=wirral_coordinator, learner=other, phase=phase)
    with pytest.raises(PermissionDenied):
        services.enrol(actor=learner_user, learner=other, phase=phase)
    services.enrol(actor=halton_coordinator, learner=other, phase=phase)
    services.enrol(actor=learner_user, learner=amina, phase=phase)
    assert AuditEvent.objects.filter(verb="cpd.enrolled").count() == 2


def _enrolled(lead, phase, learner):
    return services.enrol(actor=lead, learner=learner, phase=phase)


def test_booking_needs_the_prerequisites(lead, phase, places, amina, modules, learner_user):
    enrolment = _enrolled(lead, phase, amina)
    f2f = make_session(modules[ModuleKind.FACE_TO_FACE])
    with pytest.raises(ValidationError) as info:
        services.book_session(actor=learner_user, enrolment=enrolment, session=f2f)
    assert "Complete E-learning before booking Face-to-face session" in str(info.value)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
        source=CompletionSource.E_LEARNING,
    )
    booking = services.book_session(actor=learner_user, enrolment=enrolment, session=f2f)
    assert booking.status == BookingStatus.BOOKED
    assert Notification.objects.filter(recipient=learner_user, kind="cpd.session_booked").exists()
    with pytest.raises(ValidationError) as info:
        services.book_session(
            actor=learner_user,
            enrolment=enrolment,
            session=make_session(modules[ModuleKind.FACE_TO_FACE], days=9),
        )
    assert "Already booked" in str(info.value)


def test_reflection_at_least_six_weeks_after(lead, phase, places, amina, modules):
    enrolment = _enrolled(lead, phase, amina)
    today = timezone.localdate()
    for kind in (ModuleKind.E_LEARNING, ModuleKind.FACE_TO_FACE):
        services.record_completion(
            actor=lead, learner=amina, module=modules[kind], completed_on=today
        )
    soon = make_session(
        modules[ModuleKind.REFLECTION], days=14, online_url="https://x.example/m", venue=""
    )
    with pytest.raises(ValidationError) as info:
        services.book_session(actor=lead, enrolment=enrolment, session=soon)
    assert "at least 6 weeks after" in str(info.value)
    later = make_session(modules[ModuleKind.REFLECTION], days=43)
    services.book_session(actor=lead, enrolment=enrolment, session=later)


def test_capacity_and_session_status(lead, phase, places, halton, wirral, modules):
    session = make_session(modules[ModuleKind.FACE_TO_FACE], capacity=1)
    people = [make_learner(wirral, n) for n in range(2)]
    enrolments = [_enrolled(lead, phase, p) for p in people]
    for p in people:
        services.record_completion(
            actor=lead,
            learner=p,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
        )
    first = services.book_session(actor=lead, enrolment=enrolments[0], session=session)
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL
    with pytest.raises(ValidationError):
        services.book_session(actor=lead, enrolment=enrolments[1], session=session)
    services.cancel_booking(actor=lead, booking=first)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    services.book_session(actor=lead, enrolment=enrolments[1], session=session)


def test_waiting_list_cannot_book(lead, phase, places, halton, modules):
    for n in range(2):
        _enrolled(lead, phase, make_learner(halton, n))
    waiting = _enrolled(lead, phase, make_learner(halton, 3))
    with pytest.raises(ValidationError) as info:
        services.book_session(
            actor=lead, enrolment=waiting, session=make_session(modules[ModuleKind.FACE_TO_FACE])
        )
    assert "waiting list" in str(info.value)


def test_register_marks_in_one_go_and_completes(lead, phase, places, wirral, modules):
    session = make_session(modules[ModuleKind.FACE_TO_FACE])
    people = [make_learner(wirral, n) for n in range(3)]
    bookings = []
    for p in people:
        e = _enrolled(lead, phase, p)
        services.record_completion(
            actor=lead,
            learner=p,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
        )
        bookings.append(services.book_session(actor=lead, enrolment=e, session=session))
    with pytest.raises(ValidationError):
        services.mark_attendance(actor=lead, session=session, marks={bookings[0].pk: "present"})
    _past(session)
    before = AuditEvent.objects.count()
    result = services.mark_attendance(
        actor=lead,
        session=session,
        marks={
            bookings[0].pk: Attendance.PRESENT,
            bookings[1].pk: Attendance.LATE,
            bookings[2].pk: Attendance.LEFT_EARLY,
        },
    )
    assert result == {"changed": 3, "completed": 2, "removed": 0}
    assert AuditEvent.objects.count() == before + 1
    done = set(
        Completion.objects.filter(module=modules[ModuleKind.FACE_TO_FACE]).values_list(
            "learner_id", flat=True
        )
    )
    assert done == {people[0].pk, people[1].pk}
    # Correcting a mark removes the completion it gave.
    result = services.mark_attendance(
        actor=lead, session=session, marks={bookings[1].pk: Attendance.ABSENT}
    )
    assert result["removed"] == 1
    assert Booking.objects.get(pk=bookings[1].pk).attendance == Attendance.ABSENT


def test_register_refuses_unknown_bookings_and_marks(lead, phase, places, wirral, modules):
    session = _past(make_session(modules[ModuleKind.FACE_TO_FACE]))
    with pytest.raises(ValidationError) as info:
        services.mark_attendance(actor=lead, session=session, marks={999999: "present"})
    assert "not booked on this session" in str(info.value)


def test_only_the_lead_takes_registers(halton_coordinator, modules):
    session = _past(make_session(modules[ModuleKind.FACE_TO_FACE]))
    with pytest.raises(PermissionDenied):
        services.mark_attendance(actor=halton_coordinator, session=session, marks={})


def test_cancelling_a_session_tells_learners_of_the_next(lead, phase, places, wirral, modules):
    f2f = modules[ModuleKind.FACE_TO_FACE]
    session = make_session(f2f)
    make_session(f2f, days=14, venue="Wallasey Town Hall")
    p = make_learner(wirral, 1)
    e = _enrolled(lead, phase, p)
    services.record_completion(
        actor=lead,
        learner=p,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    services.book_session(actor=lead, enrolment=e, session=session)
    assert services.cancel_session(actor=lead, session=session) == 1
    message = Notification.objects.get(kind="cpd.session_cancelled")
    assert "Wallasey Town Hall" in message.body_text


def test_reminders_are_sent_once(lead, phase, places, amina, learner_user, modules):
    e = _enrolled(lead, phase, amina)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    session = make_session(modules[ModuleKind.FACE_TO_FACE], days=1)
    services.book_session(actor=lead, enrolment=e, session=session)
    today = timezone.localtime(session.starts_at).date() - datetime.timedelta(days=1)
    assert services.send_reminders(today=today)["session_tomorrow"] == 1
    assert services.send_reminders(today=today)["session_tomorrow"] == 0
    assert Notification.objects.filter(kind="cpd.session_tomorrow").count() == 1


def test_reminder_for_an_unfinished_prerequisite(lead, phase, places, amina, learner_user, modules):
    e = _enrolled(lead, phase, amina)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    session = make_session(modules[ModuleKind.FACE_TO_FACE], days=3)
    services.book_session(actor=lead, enrolment=e, session=session)
    # The e-learning record turns out wrong and is removed: a reminder follows, once.
    Completion.objects.filter(learner=amina, module=modules[ModuleKind.E_LEARNING]).delete()
    assert services.send_reminders()["prerequisites"] == 1
    assert services.send_reminders()["prerequisites"] == 0
