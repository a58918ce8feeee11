"""Two transactions book the same member on the same day at the same time: exactly one wins.

PostgreSQL only (SQLite serialises writers, so the race cannot happen there)."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from admissions import models as m

from .conftest import MON, make_block, make_member

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrent writers"
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_bookings_of_one_member_on_one_day(school_a):
    member = make_member(school_a.authority, "Raced Member")
    blocks = [make_block(school_a, reference="R1"), make_block(school_a, reference="R2")]
    barrier = threading.Barrier(2)
    outcomes = []

    def book(block):
        try:
            with transaction.atomic():
                barrier.wait()  # both transactions are open before either writes
                m.MemberSitting.objects.create(member=member, block=block, date=MON)
            outcomes.append("booked")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(b,)) for b in blocks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert m.MemberSitting.objects.filter(member=member, date=MON).count() == 1
