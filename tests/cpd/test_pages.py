"""The learner's and the programme lead's pages: what a person sees and can do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cpd import services
from cpd.models import Attendance, Booking, Completion, ModuleKind

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(lead, phase, places, amina, modules):
    """Amina enrolled, e-learning done, a face-to-face session open."""
    enrolment = services.enrol(actor=lead, learner=amina, phase=phase)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    session = make_session(modules[ModuleKind.FACE_TO_FACE], venue="Runcorn Library")
    return enrolment, session


def test_learner_books_a_session(client, learner_user, ready):
    enrolment, session = ready
    client.force_login(learner_user)
    page = client.get(reverse("cpd:my_learning")).content.decode()
    assert "Race equality training" in page and "Completed" in page
    page = client.get(reverse("cpd:book", args=[enrolment.pk])).content.decode()
    assert "Runcorn Library" in page
    response = client.post(reverse("cpd:book", args=[enrolment.pk]), {"session": session.pk})
    assert response.status_code == 302
    assert Booking.objects.filter(enrolment=enrolment, session=session).exists()
    page = client.get(reverse("cpd:my_learning")).content.decode()
    assert "Booked" in page


def test_booking_without_choosing_names_the_field(client, learner_user, ready):
    enrolment, _ = ready
    client.force_login(learner_user)
    page = client.post(reverse("cpd:book", args=[enrolment.pk]), {}).content.decode()
    assert "There is a problem" in page
    assert "Choose a session to book." in page
    assert "<title>Error: Book a session" in page


def test_booking_refused_for_a_prerequisite_shows_why(
    client, lead, phase, places, halton, modules, db
):
    from schools_platform.core import roles
    from tests.factories import make_user

    user = make_user(roles.LEARNER, username="ben")
    ben = make_learner(halton, 2, user=user)
    enrolment = services.enrol(actor=lead, learner=ben, phase=phase)
    session = make_session(modules[ModuleKind.FACE_TO_FACE])
    client.force_login(user)
    page = client.post(
        reverse("cpd:book", args=[enrolment.pk]), {"session": session.pk}
    ).content.decode()
    assert "Complete E-learning before booking Face-to-face session" in page
    assert not Booking.objects.exists()


def test_lead_takes_the_register(client, lead, learner_user, ready, amina):
    enrolment, session = ready
    booking = services.book_session(actor=learner_user, enrolment=enrolment, session=session)
    session.starts_at = timezone.now() - datetime.timedelta(hours=4)
    session.ends_at = session.starts_at + datetime.timedelta(hours=3)
    session.save()
    client.force_login(lead)
    url = reverse("cpd:register", args=[session.pk])
    assert "Amina Khan" in client.get(url).content.decode()
    response = client.post(url, {f"mark-{booking.pk}": Attendance.PRESENT})
    assert response.status_code == 302
    completion = Completion.objects.get(learner=amina, module=session.module)
    # The learner sees the certificate; anyone can check its code.
    client.force_login(learner_user)
    page = client.get(reverse("cpd:certificate", args=[completion.pk])).content.decode()
    assert completion.verification_code in page
    client.logout()
    page = client.get(reverse("cpd:check"), {"code": completion.verification_code.lower()})
    assert "This certificate is genuine" in page.content.decode()
    page = client.get(reverse("cpd:check"), {"code": "NOPE"}).content.decode()
    assert "No certificate has this code" in page


def test_completion_report_counts_go_through_disclosure(
    client, lead, phase, places, wirral, halton, modules
):
    # Wirral: 12 completed, 10 not yet; the page shows them rounded to 5s, never as they are.
    today = timezone.localdate()
    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=30)
    for n in range(22):
        p = make_learner(wirral, n)
        services.enrol(actor=lead, learner=p, phase=phase)
        if n < 12:
            for kind in (ModuleKind.E_LEARNING, ModuleKind.FACE_TO_FACE):
                services.record_completion(
                    actor=lead, learner=p, module=modules[kind], completed_on=today
                )
    client.force_login(lead)
    page = client.get(reverse("cpd:report")).content.decode()
    assert "Wirral Council" in page and "Halton Council" in page
    assert ">10<" in page and ">20<" in page
    assert ">12<" not in page and ">22<" not in page
    csv = client.get(reverse("cpd:report_csv")).content.decode("utf-8-sig")
    assert "Phase 1,Wirral Council,30,20,10,10" in csv.replace("\r", "")
    # Two Halton staff enrol: a count of 2 people never reaches the page (places are not
    # people, and are shown as allocated).
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=4)
    for n in range(2):
        services.enrol(actor=lead, learner=make_learner(halton, n), phase=phase)
    page = client.get(reverse("cpd:report")).content.decode()
    assert ">2<" not in page
    assert 'numeric">c<' in page


def test_coordinator_report_shows_only_their_organisation(
    client, lead, phase, places, halton, wirral, halton_coordinator
):
    client.force_login(halton_coordinator)
    page = client.get(reverse("cpd:report")).content.decode()
    assert "Halton Council" in page
    assert "Wirral Council" not in page
