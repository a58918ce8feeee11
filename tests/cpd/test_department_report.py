"""Completion by organisation and department: published counts on the page, in the CSV and in
the XLSX; a coordinator sees only their organisation's departments."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cpd import services
from cpd.models import Department, ModuleKind

from .conftest import make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments(lead, phase, halton, wirral, modules):
    """Wirral Housing: 12 completed of 22; Wirral Parks: 3 enrolled; Halton Schools: 10 of 10."""
    today = timezone.localdate()
    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=40)
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=40)
    housing = Department.objects.create(organisation=wirral, name="Housing")
    parks = Department.objects.create(organisation=wirral, name="Parks")
    schools = Department.objects.create(organisation=halton, name="Schools")
    plan = [(wirral, housing, 22, 12), (wirral, parks, 3, 0), (halton, schools, 10, 10)]
    number = 0
    for org, department, enrolled, completed in plan:
        for i in range(enrolled):
            number += 1
            person = make_learner(org, number, department=department)
            services.enrol(actor=lead, learner=person, phase=phase)
            if i < completed:
                for kind in (ModuleKind.E_LEARNING, ModuleKind.FACE_TO_FACE):
                    services.record_completion(
                        actor=lead, learner=person, module=modules[kind], completed_on=today
                    )


def test_department_table_is_published(client, lead, departments):
    client.force_login(lead)
    page = client.get(reverse("cpd:report")).content.decode()
    assert "By organisation and department" in page
    assert "Wirral Council: Housing" in page and "Wirral Council: Parks" in page
    assert ">22<" not in page and ">12<" not in page and ">3<" not in page
    csv = client.get(reverse("cpd:department_report_csv")).content.decode("utf-8-sig")
    lines = csv.replace("\r", "").splitlines()
    assert lines[0] == "Organisation: department,Enrolled,Completed,Not yet completed"
    assert "Wirral Council: Housing,20,10,10" in lines
    assert "Wirral Council: Parks,c,c,c" in lines or "Wirral Council: Parks,c,0,c" in lines
    workbook = load_workbook(io.BytesIO(client.get(reverse("cpd:report_xlsx")).content))
    assert workbook.sheetnames == [
        "By phase",
        "By department",
        "Sessions",
        "By ethnic group",
        "Trainers",
    ]
    rows = [list(r) for r in workbook["By department"].iter_rows(values_only=True)]
    assert ["Wirral Council: Housing", 20, 10, 10] in rows
    assert all(cell != 3 for row in rows for cell in row)


def test_coordinator_sees_only_their_departments(client, halton_coordinator, departments):
    client.force_login(halton_coordinator)
    page = client.get(reverse("cpd:report")).content.decode()
    assert "Halton Council: Schools" in page
    assert "Wirral Council" not in page
    csv = client.get(reverse("cpd:department_report_csv")).content.decode("utf-8-sig")
    assert "Wirral" not in csv


def test_sessions_fill_rates_no_shows_and_trainer_load(
    client, lead, phase, places, wirral, modules
):
    from cpd.models import Attendance, Trainer

    from .conftest import make_session

    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=40)
    session = make_session(modules[ModuleKind.FACE_TO_FACE], capacity=40)
    trainer = Trainer.objects.create(name="Dee Trainer", provider="Provider Ltd")
    session.trainers.add(trainer)
    bookings = []
    for n in range(20):
        person = make_learner(wirral, n)
        enrolment = services.enrol(actor=lead, learner=person, phase=phase)
        services.record_completion(
            actor=lead,
            learner=person,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
        )
        bookings.append(services.book_session(actor=lead, enrolment=enrolment, session=session))
    session.starts_at = timezone.now() - timezone.timedelta(hours=4)
    session.ends_at = session.starts_at + timezone.timedelta(hours=3)
    session.save()
    marks = {
        b.pk: Attendance.PRESENT if i < 12 else Attendance.ABSENT for i, b in enumerate(bookings)
    }
    services.mark_attendance(actor=lead, session=session, marks=marks)
    client.force_login(lead)
    page = client.get(reverse("cpd:report")).content.decode()
    assert "Sessions: fill rates and no-shows" in page
    assert ">20<" in page and ">50%<" in page  # 20 booked of 40 places
    # 12 attended and 8 no-shows, published rounded to 5s, never the exact counts.
    assert page.count('numeric">10<') >= 2
    assert ">12<" not in page and ">8<" not in page
    assert "Dee Trainer" in page
    workbook = load_workbook(io.BytesIO(client.get(reverse("cpd:report_xlsx")).content))
    rows = [list(r) for r in workbook["Sessions"].iter_rows(values_only=True)]
    assert rows[1][:4] == ["Face-to-face session", 1, 40, 20]
    assert all(cell not in (12, 8) for row in rows for cell in row)


def test_one_grouped_query_counts_completion_by_the_rule(
    lead, departments, phase, halton, wirral, modules
):
    """The report's single grouped query (phase, organisation, department) counts a person as
    completed only with every required module done: a learner with one of two required
    modules done is enrolled, not completed; one without a department has their own line; a
    withdrawal is not counted."""
    from cpd import reports
    from cpd.models import Enrolment, EnrolmentStatus, Organisation

    today = timezone.localdate()
    half = make_learner(halton, 901)
    services.enrol(actor=lead, learner=half, phase=phase)
    services.record_completion(
        actor=lead, learner=half, module=modules[ModuleKind.E_LEARNING], completed_on=today
    )
    gone = make_learner(halton, 902)
    services.enrol(actor=lead, learner=gone, phase=phase)
    Enrolment.objects.filter(learner=gone).update(status=EnrolmentStatus.WITHDRAWN)
    ids = list(Organisation.objects.values_list("pk", flat=True))
    grid = {
        (r["phase_id"], r["organisation__name"], r["learner__department__name"]): (
            r["enrolled"],
            r["completed"],
        )
        for r in reports._completion_grid(phase.programme, ids)
    }
    assert grid == {
        (phase.pk, wirral.name, "Housing"): (22, 12),
        (phase.pk, wirral.name, "Parks"): (3, 0),
        (phase.pk, halton.name, "Schools"): (10, 10),
        (phase.pk, halton.name, None): (1, 0),
    }
    assert reports._completion_grid(phase.programme, []) == []


def test_impact_lead_measures_count_completion_like_the_report(
    lead, departments, phase, halton, wirral
):
    """The impact report's lead measures (and its API) read completion from the report's
    grouped query: per organisation, across departments, the same figures."""
    from cpd import selectors

    counts = selectors.lead_measure_counts(lead, phase.programme)
    assert counts == {
        wirral.name: {"enrolled": 25, "attended": 0, "completed": 12},
        halton.name: {"enrolled": 10, "attended": 0, "completed": 10},
    }
