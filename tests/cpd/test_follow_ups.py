"""Follow-up sessions booked by the platform (services.schedule_follow_ups): who attended a
face-to-face session is booked on the reflection six weeks later, once per learner and
module; leavers, withdrawn enrolments and people who did not attend get nothing."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from cpd import services
from cpd.models import (
    Attendance,
    Booking,
    BookingStatus,
    Completion,
    CompletionSource,
    FollowUp,
    Module,
    ModuleKind,
    Session,
    SessionStatus,
    Trainer,
)
from schools_platform.core.models import AuditEvent, Notification

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/reflection"
with_link = override_settings(CPD_FOLLOW_UP_ONLINE_URL=LINK, CPD_FOLLOW_UP_CAPACITY=20)


def _attended(lead, phase, modules, marks, *, days_ago=2, trainers=()):
    """A face-to-face session ``days_ago`` with its register taken: ``marks`` maps each
    learner to their mark."""
    f2f = make_session(modules[ModuleKind.FACE_TO_FACE])
    f2f.trainers.add(*trainers)
    bookings = {}
    for learner in marks:
        enrolment = services.enrol(actor=lead, learner=learner, phase=phase)
        services.record_completion(
            actor=lead,
            learner=learner,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate() - datetime.timedelta(days=20),
        )
        bookings[learner] = services.book_session(actor=lead, enrolment=enrolment, session=f2f)
    f2f.starts_at = (timezone.now() - datetime.timedelta(days=days_ago)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    f2f.ends_at = f2f.starts_at + datetime.timedelta(hours=3)
    f2f.save()
    services.mark_attendance(
        actor=lead, session=f2f, marks={bookings[x].pk: mark for x, mark in marks.items()}
    )
    return f2f


def _counts():
    return (
        Session.objects.count(),
        Booking.objects.count(),
        FollowUp.objects.count(),
        Notification.objects.filter(kind="cpd.follow_up_booked").count(),
        AuditEvent.objects.filter(verb="cpd.follow_ups_scheduled").count(),
    )


@with_link
def test_attendees_are_booked_on_a_new_reflection_six_weeks_later_once(
    lead, phase, places, wirral, modules
):
    people = [make_learner(wirral, n, name=f"Person {n}") for n in range(5)]
    trained = Module.objects.create(
        programme=phase.programme, title="Train the trainer", kind=ModuleKind.TRAIN_THE_TRAINER
    )
    Completion.objects.create(
        learner=people[4],
        module=trained,
        completed_on=timezone.localdate() - datetime.timedelta(days=90),
        source=CompletionSource.RECORDED,
    )
    external = Trainer.objects.create(name="Provider trainer", provider="EqualiTeach")
    in_house = Trainer.objects.create(name=people[4].name, learner=people[4])
    f2f = _attended(
        lead,
        phase,
        modules,
        {
            people[0]: Attendance.PRESENT,
            people[1]: Attendance.LATE,
            people[2]: Attendance.ABSENT,
            people[3]: Attendance.EXCUSED,
            people[4]: Attendance.PRESENT,
        },
        trainers=[external, in_house],
    )
    # A leaver gets nothing, even though they attended (and so does their trainer record).
    people[4].left_on = timezone.localdate()
    people[4].save()

    result = services.schedule_follow_ups()

    assert result == {"booked": 2, "sessions_created": 1, "not_booked": 0}
    reflection = Session.objects.get(module=modules[ModuleKind.REFLECTION])
    starts = timezone.localtime(reflection.starts_at)
    assert starts.date() == timezone.localtime(f2f.starts_at).date() + datetime.timedelta(weeks=6)
    assert (starts.hour, starts.minute) == (9, 30)
    assert reflection.online_url == LINK and reflection.capacity == 20
    assert reflection.status == SessionStatus.OPEN
    assert list(reflection.trainers.all()) == [external]
    booked = set(
        reflection.bookings.filter(status=BookingStatus.BOOKED).values_list(
            "enrolment__learner_id", flat=True
        )
    )
    assert booked == {people[0].pk, people[1].pk}
    mails = Notification.objects.filter(kind="cpd.follow_up_booked")
    assert sorted(mails.values_list("to_email", flat=True)) == sorted(
        [people[0].work_email, people[1].work_email]
    )
    assert mails[0].subject == "Booked: Reflection"
    event = AuditEvent.objects.get(verb="cpd.follow_ups_scheduled")
    assert event.details["booked"] == 2 and event.details["sessions_created"] == 1

    # Idempotent: a second run books, creates and sends nothing more.
    before = _counts()
    assert services.schedule_follow_ups() == {"booked": 0, "sessions_created": 0, "not_booked": 0}
    assert _counts() == before
    # A learner who cancels is not booked again.
    services.cancel_booking(
        actor=lead, booking=Booking.objects.get(session=reflection, enrolment__learner=people[0])
    )
    services.schedule_follow_ups()
    assert _counts() == before
    assert not Booking.objects.filter(
        session=reflection, enrolment__learner=people[0], status=BookingStatus.BOOKED
    ).exists()


def test_once_per_learner_and_module_is_a_constraint(lead, phase, places, wirral, modules):
    learner = make_learner(wirral, 1)
    FollowUp.objects.create(learner=learner, module=modules[ModuleKind.REFLECTION])
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(learner=learner, module=modules[ModuleKind.REFLECTION])


@with_link
def test_an_open_session_with_a_place_is_used_first(lead, phase, places, wirral, modules):
    people = [make_learner(wirral, n, name=f"Person {n}") for n in range(3)]
    f2f = _attended(lead, phase, modules, dict.fromkeys(people, Attendance.PRESENT))
    weeks_later = timezone.localtime(f2f.starts_at) + datetime.timedelta(weeks=6)
    reflection = modules[ModuleKind.REFLECTION]
    too_soon = make_session(reflection, days=30, capacity=10)  # before the six weeks
    scheduled = make_session(reflection, capacity=2)
    scheduled.starts_at = weeks_later + datetime.timedelta(days=2, hours=4)
    scheduled.ends_at = scheduled.starts_at + datetime.timedelta(hours=1)
    scheduled.save()

    result = services.schedule_follow_ups()

    assert result == {"booked": 3, "sessions_created": 1, "not_booked": 0}
    assert not too_soon.bookings.exists()
    scheduled.refresh_from_db()
    assert scheduled.bookings.count() == 2 and scheduled.status == SessionStatus.FULL
    created = Session.objects.filter(module=reflection).exclude(pk__in=[too_soon.pk, scheduled.pk])
    assert created.get().bookings.get().enrolment.learner == people[2]


def test_without_an_online_link_only_scheduled_sessions_are_used(
    lead, phase, places, wirral, modules, settings
):
    settings.CPD_FOLLOW_UP_ONLINE_URL = ""
    people = [make_learner(wirral, n) for n in range(2)]
    _attended(lead, phase, modules, dict.fromkeys(people, Attendance.PRESENT))
    before = _counts()
    assert services.schedule_follow_ups() == {"booked": 0, "sessions_created": 0, "not_booked": 2}
    assert _counts() == before  # nothing created, no audit record for a run that did nothing


@with_link
def test_withdrawn_and_past_follow_ups_get_nothing(lead, phase, places, wirral, modules):
    stayed, withdrew = make_learner(wirral, 1), make_learner(wirral, 2)
    _attended(lead, phase, modules, dict.fromkeys([stayed, withdrew], Attendance.PRESENT))
    services.withdraw(actor=lead, enrolment=withdrew.enrolments.get())
    # A session attended seven weeks ago: its follow-up date has passed.
    old = make_learner(wirral, 3)
    _attended(lead, phase, modules, {old: Attendance.PRESENT}, days_ago=49)
    assert services.schedule_follow_ups()["booked"] == 1
    assert FollowUp.objects.get().learner == stayed


@with_link
def test_the_daily_task_runs_it(lead, phase, places, wirral, modules):
    from cpd.tasks import schedule_follow_up_sessions

    _attended(lead, phase, modules, {make_learner(wirral, 1): Attendance.PRESENT})
    assert schedule_follow_up_sessions.delay().get()["booked"] == 1
