"""The module in the kit: demo data, personal data register, header link and card, reminders
task, and query counts at two sizes."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from cpd import demo, services
from cpd.models import Completion, Enrolment, Learner, ModuleKind, Programme
from schools_platform.core import personal_data
from schools_platform.core.demo import DemoContext
from schools_platform.disclosure import TOTAL

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


def test_demo_seeds_three_programmes_once():
    context = DemoContext(rng=random.Random(4), scale="small", password="x")
    phrases = demo.seed(context)
    assert "3 CPD programmes" in phrases
    assert Programme.objects.count() == 3
    assert Learner.objects.count() == 700
    assert Enrolment.objects.exists() and Completion.objects.exists()
    assert demo.seed(context) is None
    assert Programme.objects.count() == 3


def test_demo_has_a_finished_bulk_enrolment_job(client):
    """The demo runs a real bulk enrolment (queued and run through the services) of one
    department of the first council into the next phase, so its job page has a result."""
    from cpd.models import BulkEnrolment, BulkEnrolmentStatus
    from schools_platform.core.models import AuditEvent, User

    demo.seed(DemoContext(rng=random.Random(4), scale="small", password="x"))
    job = BulkEnrolment.objects.get()
    assert job.status == BulkEnrolmentStatus.SUCCEEDED and job.done == job.total > 0
    assert job.organisation.name == demo.COUNCILS[0] + " Council"
    assert job.department.name == demo.DEPARTMENTS[0] and job.module.kind == "face_to_face"
    assert job.phase.starts_on > timezone.localdate()
    assert job.result["enrolled"] > 0 and job.result["booked"] > 0
    assert job.result["not_booked"] > 0  # the rest have not done the e-learning
    assert Enrolment.objects.filter(phase=job.phase).count() == (
        job.result["enrolled"] + job.result["waiting"]
    )
    assert set(
        AuditEvent.objects.filter(
            target_type="cpd.bulkenrolment", target_id=str(job.pk)
        ).values_list("verb", flat=True)
    ) == {"cpd.bulk_enrolment_queued", "cpd.bulk_enrolment_finished"}
    client.force_login(User.objects.get(username="cpdlead"))
    page = client.get(reverse("cpd:bulk_job", args=[job.pk]))
    assert page.status_code == 200 and "Finished" in page.content.decode()


def test_demo_learners_answered_so_the_ethnic_group_tables_have_groups():
    """Some demo learners have accounts (no password) with answers given as a learner, so
    the completion by ethnic group shows groups besides "Not known" (still through
    disclosure control)."""
    from cpd import reports
    from schools_platform.core.models import User

    demo.seed(DemoContext(rng=random.Random(4), scale="small", password="x"))
    accounts = User.objects.filter(username__startswith="demo-learner-")
    assert accounts.count() > 50 and not any(u.has_usable_password() for u in accounts)
    lead = User.objects.get(username="cpdlead")
    programme = Programme.objects.get(slug="embrace-demo")
    groups = reports.ethnic_group_report(lead, programme)
    table = groups[0].table
    shown = {
        label
        for label in table.row_labels
        if label != reports.NOT_KNOWN and table.cell(label, TOTAL).is_shown
    }
    assert "White" in shown
    assert table.cell(reports.NOT_KNOWN, TOTAL).count < table.cell(TOTAL, TOTAL).count


def test_personal_data_register_lists_and_unlinks(lead, phase, places, amina, learner_user):
    services.enrol(actor=lead, learner=amina, phase=phase)
    sources = {s.key: s for s in personal_data.sources()}
    assert sources["cpd.staff_records"].rows(learner_user)[0]["employee number"] == "1001"
    assert sources["cpd.training"].rows(learner_user)[0]["record"] == "Enrolment"
    assert sources["cpd.staff_records"].erase(learner_user) == 1
    amina.refresh_from_db()
    assert amina.user is None and amina.name == "Amina Khan"


def test_header_link_and_card_for_learners_only(client, amina, learner_user, lead, phase, places):
    services.enrol(actor=lead, learner=amina, phase=phase)
    client.force_login(learner_user)
    page = client.get(reverse("home-dashboard")).content.decode()
    assert "Your learning" in page and 'href="/training/"' in page


def test_reminder_task_runs(lead, phase, places, amina, modules):
    from cpd.tasks import send_cpd_reminders

    assert send_cpd_reminders.delay().get() == {"session_tomorrow": 0, "prerequisites": 0}


def _populate(lead, phase, wirral, modules, n):
    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=n)
    session = make_session(modules[ModuleKind.FACE_TO_FACE], capacity=n)
    for i in range(n):
        p = make_learner(wirral, 5000 + i)
        e = services.enrol(actor=lead, learner=p, phase=phase)
        services.record_completion(
            actor=lead,
            learner=p,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
        )
        services.book_session(actor=lead, enrolment=e, session=session)
    return session


@pytest.mark.parametrize("n", [3, 15])
def test_register_and_report_queries_do_not_grow(
    client, lead, phase, places, wirral, modules, n, django_assert_max_num_queries
):
    session = _populate(lead, phase, wirral, modules, n)
    client.force_login(lead)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("cpd:register", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(22):  # two for the tables by ethnic group
        assert client.get(reverse("cpd:report")).status_code == 200


@pytest.mark.parametrize("n", [2, 10])
def test_my_learning_queries_do_not_grow(
    client, lead, learner_user, halton, modules, n, django_assert_max_num_queries, programme
):
    import datetime

    from cpd.models import Phase

    # n programmes-worth of enrolments for one learner would need n programmes; use n
    # completions and bookings across one programme plus n other learners' rows instead.
    phase = Phase.objects.create(
        programme=programme,
        name="P",
        starts_on=programme.starts_on,
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=n + 1)
    me = make_learner(halton, 1, user=learner_user)
    services.enrol(actor=lead, learner=me, phase=phase)
    for i in range(n):
        services.enrol(actor=lead, learner=make_learner(halton, 100 + i), phase=phase)
    client.force_login(learner_user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("cpd:my_learning")).status_code == 200
