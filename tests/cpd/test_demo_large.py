"""The ``large`` demo's records keep the rules the services keep (it is written by
``bulk_create``, so nothing else checks them): no session over capacity, no enrolled learner
beyond their organisation's places, no booking before its prerequisites were completed or
sooner than its weeks after them; the earlier cycle enrols only staff employed by their
phase's start, and dates all its records inside the cycle.

Built here at a fifteenth of the region (1,400 staff, the same code paths as 21,000);
``broken_rules`` is also run on a database built at the full size (docs/modules/cpd.md)."""

import datetime
import random

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from cpd import demo
from cpd.models import (
    Allocation,
    Booking,
    BookingStatus,
    Completion,
    Enrolment,
    EnrolmentStatus,
    Module,
    Phase,
    Programme,
    Session,
)
from schools_platform.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def broken_rules(bookings=None) -> list[str]:
    """Every record of the built database that breaks a booking or allocation rule
    (``bookings``: the bookings to check, by default all)."""
    problems = [
        f"session {s.pk}: {s.n} booked, capacity {s.capacity}"
        for s in Session.objects.annotate(
            n=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED))
        ).filter(n__gt=F("capacity"))
    ]
    enrolled = Count(
        "phase__enrolments",
        filter=Q(
            phase__enrolments__status=EnrolmentStatus.ENROLLED,
            phase__enrolments__organisation_id=F("organisation_id"),
        ),
    )
    problems += [
        f"allocation {a.pk}: {a.n} enrolled, {a.places} places"
        for a in Allocation.objects.annotate(n=enrolled).filter(n__gt=F("places"))
    ]
    done = {
        (learner, module): day
        for learner, module, day in Completion.objects.values_list(
            "learner_id", "module_id", "completed_on"
        )
    }
    needs: dict[int, list[int]] = {}
    for module, requires in Module.prerequisites.through.objects.values_list(
        "module_id", "requires_id"
    ):
        needs.setdefault(module, []).append(requires)
    weeks = dict(Module.objects.values_list("pk", "weeks_after_prerequisites"))
    for pk, learner, module, starts_at in (bookings or Booking.objects).values_list(
        "pk", "enrolment__learner_id", "module_id", "session__starts_at"
    ):
        day = timezone.localtime(starts_at).date()
        before = [done.get((learner, r)) for r in needs.get(module, [])]
        if any(d is None or d > day for d in before):
            problems.append(f"booking {pk}: before its prerequisites")
        elif before and day < max(before) + datetime.timedelta(weeks=weeks[module]):
            problems.append(f"booking {pk}: sooner than {weeks[module]} weeks after")
    return problems


def earlier_cycle_problems() -> list[str]:
    cycle = Programme.objects.get(slug="embrace-earlier-demo")
    problems = [
        f"enrolment {e.pk}: started {e.learner.started_on}, phase from {e.phase.starts_on}"
        for e in Enrolment.objects.filter(programme=cycle)
        .select_related("learner", "phase")
        .filter(learner__started_on__gt=F("phase__starts_on"))
    ]
    outside = Q(completed_on__lt=cycle.starts_on) | Q(completed_on__gt=cycle.ends_on)
    problems += [
        f"completion {c.pk} on {c.completed_on}"
        for c in Completion.objects.filter(module__programme=cycle).filter(outside)
    ]
    problems += [
        f"session {s.pk} on {s.starts_at}"
        for s in Session.objects.filter(module__programme=cycle)
        if not cycle.starts_on <= timezone.localtime(s.starts_at).date() <= cycle.ends_on
    ]
    return problems


def test_large_demo_keeps_the_rules_and_has_an_earlier_cycle(monkeypatch, client):
    monkeypatch.setitem(demo.STAFF, "large", 1400)
    phrases = demo.seed(DemoContext(rng=random.Random(2026), scale="large", password="x"))
    assert "4 CPD programmes" in phrases and "1400 staff" in phrases
    cycle = Programme.objects.get(slug="embrace-earlier-demo")
    current = Programme.objects.get(slug="embrace-demo")
    assert cycle.ends_on < current.starts_on <= timezone.localdate()
    assert cycle.starts_on.month == 11
    assert [p.ends_on < current.starts_on for p in Phase.objects.filter(programme=cycle)] == [
        True
    ] * 3
    assert set(Module.objects.filter(programme=cycle).values_list("title", flat=True)) == set(
        Module.objects.filter(programme=current).values_list("title", flat=True)
    )
    on_cycle = Enrolment.objects.filter(programme=cycle)
    last_start = Phase.objects.filter(programme=cycle).order_by("-starts_on")[0].starts_on
    employed = demo.Learner.objects.filter(started_on__lte=last_start).count()
    assert on_cycle.count() > 0.9 * employed
    assert Booking.objects.filter(module__programme=cycle).count() > 0.7 * on_cycle.count()
    assert Completion.objects.filter(module__programme=cycle, module__kind="reflection").exists()
    # about 60,000 at 21,000 staff: nearly three enrolments a person
    assert Enrolment.objects.count() >= 2.8 * 1400
    assert earlier_cycle_problems() == []
    assert broken_rules() == []

    # The completion report opens on the running cycle; the ended one is a choice.
    from schools_platform.core.models import User

    client.force_login(User.objects.get(username="cpdlead"))
    page = client.get("/training/report/").content.decode()
    assert "Completion: Race equality training (demo)" in page
    assert cycle.title in page


def test_small_demo_keeps_the_rules():
    demo.seed(DemoContext(rng=random.Random(2026), scale="small", password="x"))
    assert Booking.objects.exists()
    assert broken_rules() == []
