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
