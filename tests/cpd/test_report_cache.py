"""The completion report page is kept against a version of its inputs: the second request
reads the version, not the enrolments; a change through a service (a register taken), a bulk
load and a new day all show at once; a coordinator never gets the lead's figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpd import services
from cpd.models import Attendance, Booking, Enrolment, EnrolmentStatus, ModuleKind

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(phase, halton, wirral, modules):
    from cpd.models import Allocation

    Allocation.objects.create(phase=phase, organisation=wirral, places=60)
    Allocation.objects.create(phase=phase, organisation=halton, places=60)
    people = []
    for org, start in ((wirral, 0), (halton, 500)):
        for n in range(30):
            person = make_learner(org, start + n)
            Enrolment.objects.create(
                learner=person,
                programme=phase.programme,
                phase=phase,
                organisation=org,
                status=EnrolmentStatus.ENROLLED,
            )
            people.append(person)
    return people


def _enrolled_cell(client):
    page = client.get(reverse("cpd:report"))
    assert page.status_code == 200
    return page.context["report"]["total"].cell("total", "Not yet completed").text


def test_the_second_request_reads_the_version_not_the_enrolments(client, lead, filled):
    client.force_login(lead)
    with CaptureQueriesContext(connection) as first:
        assert _enrolled_cell(client) == "60"
    with CaptureQueriesContext(connection) as second:
        assert _enrolled_cell(client) == "60"
    assert len(second) < len(first)
    enrolments = Enrolment._meta.db_table
    assert not any(f"FROM {enrolments} e" in q["sql"] for q in second.captured_queries)


def test_a_bulk_load_and_a_register_show_at_once(client, lead, filled, phase, wirral, modules):
    client.force_login(lead)
    assert _enrolled_cell(client) == "60"
    extra = make_learner(wirral, 900)
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=extra,
                programme=phase.programme,
                phase=phase,
                organisation=wirral,
                status=EnrolmentStatus.ENROLLED,
            )
        ]
    )
    assert _enrolled_cell(client) == "60"  # 61, rounded to 5
    more = [make_learner(wirral, 910 + n) for n in range(4)]
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=p,
                programme=phase.programme,
                phase=phase,
                organisation=wirral,
                status=EnrolmentStatus.ENROLLED,
            )
            for p in more
        ]
    )
    assert _enrolled_cell(client) == "65"
    session = make_session(modules[ModuleKind.FACE_TO_FACE], days=-1, capacity=80)
    bookings = [
        Booking.objects.create(
            enrolment=Enrolment.objects.get(learner=p), session=session, module=session.module
        )
        for p in filled[:30]
    ]

    def no_shows():
        table = client.get(reverse("cpd:report")).context["report"]["sessions"]["bookings"]
        return {cell.text for _row, column, cell in table.all_cells() if column == "No-show"}

    assert "30" not in no_shows()
    services.mark_attendance(
        actor=lead, session=session, marks={b.pk: Attendance.ABSENT for b in bookings}
    )
    assert "30" in no_shows()


def test_a_coordinator_never_gets_the_leads_figures(client, lead, halton_coordinator, filled):
    client.force_login(lead)
    assert _enrolled_cell(client) == "60"
    client.force_login(halton_coordinator)
    assert _enrolled_cell(client) == "30"
