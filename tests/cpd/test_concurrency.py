"""Two enrolments for the last place at the same time: one gets it, the other waits.
(PostgreSQL: SQLite serialises writers anyway.)"""

import threading

import pytest
from django.db import connection

from cpd import services
from cpd.models import Enrolment, EnrolmentStatus

from .conftest import make_learner

pytestmark = pytest.mark.django_db(transaction=True)
NEEDS_POSTGRESQL = True  # SQLite serialises writers: there is no race to test (tests/conftest.py)


def test_two_enrolments_for_the_last_place(lead, phase, halton):
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=1)
    people = [make_learner(halton, n) for n in (1, 2)]
    barrier = threading.Barrier(2)
    errors = []

    def enrol(person):
        try:
            barrier.wait()
            services.enrol(actor=lead, learner=person, phase=phase)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert statuses == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING]


def test_two_bookings_for_the_last_place_on_a_session(lead, phase, halton, modules):
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from cpd.models import Booking, BookingStatus, ModuleKind, SessionStatus

    from .conftest import make_session

    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=2)
    enrolments = []
    for n in (1, 2):
        person = make_learner(halton, n)
        enrolments.append(services.enrol(actor=lead, learner=person, phase=phase))
        services.record_completion(
            actor=lead,
            learner=person,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    session = make_session(modules[ModuleKind.FACE_TO_FACE], capacity=1)
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def book(enrolment):
        try:
            barrier.wait()
            services.book_session(actor=lead, enrolment=enrolment, session=session)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(e,)) for e in enrolments]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(refused) == 1 and "full" in refused[0]
    assert Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count() == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL
