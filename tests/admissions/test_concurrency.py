"""Two transactions book the same member on the same day at the same time: exactly one wins.

On PostgreSQL the two run in threads, both transactions open before either writes. SQLite
serialises writers (and the in-memory test database is not shared between threads), so there
the same two bookings run one after the other: the constraint still leaves exactly one."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from admissions import models as m

from .conftest import MON, make_block, make_member


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_bookings_of_one_member_on_one_day(school_a):
    member = make_member(school_a.authority, "Raced Member")
    blocks = [make_block(school_a, reference="R1"), make_block(school_a, reference="R2")]
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(2 if concurrent else 1)
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
            if concurrent:
                connections.close_all()

    if concurrent:
        threads = [threading.Thread(target=book, args=(b,)) for b in blocks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for b in blocks:
            with transaction.atomic():  # a savepoint, so the refused insert rolls back alone
                book(b)
    assert sorted(outcomes) == ["booked", "refused"]
    assert m.MemberSitting.objects.filter(member=member, date=MON).count() == 1
