"""Bulk enrolment of a department or a whole organisation as a background job: places, then
the waiting list, in name order; the next sessions' capacity; prerequisites; a second delivery
of the task changes nothing; progress and the result on the lead's page; permissions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cpd import services
from cpd.models import (
    Booking,
    BookingStatus,
    BulkEnrolment,
    BulkEnrolmentStatus,
    Completion,
    CompletionSource,
    Department,
    Enrolment,
    ModuleKind,
    SessionStatus,
)
from cpd.tasks import run_bulk_enrolment
from schools_platform.core.models import AuditEvent

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(halton):
    return Department.objects.create(organisation=halton, name="Housing")


def staff(org, n, *, department=None, start=1, **kwargs):
    return [
        make_learner(
            org, start + i, name=f"Person {start + i:03d}", department=department, **kwargs
        )
        for i in range(n)
    ]


def e_learning_done(learners, modules):
    Completion.objects.bulk_create(
        Completion(
            learner=learner,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
            source=CompletionSource.E_LEARNING,
        )
        for learner in learners
    )


def queue(capture, **kwargs):
    with capture(execute=True):
        job = services.queue_bulk_enrolment(**kwargs)
    job.refresh_from_db()
    return job


def test_an_organisation_takes_its_places_then_waits_and_books_the_next_sessions(
    lead, phase, places, halton, modules, django_capture_on_commit_callbacks, mailoutbox
):
    from cpd.models import Allocation

    Allocation.objects.filter(organisation=halton).update(places=5)
    people = staff(halton, 7)
    e_learning_done(people[:4], modules)  # three of the five enrolled cannot be booked yet
    face = modules[ModuleKind.FACE_TO_FACE]
    first = make_session(face, days=7, capacity=2)
    second = make_session(face, days=14, capacity=5)
    make_session(face, days=3, capacity=9, status=SessionStatus.PLANNED)  # not open: skipped
    job = queue(
        django_capture_on_commit_callbacks,
        actor=lead,
        organisation=halton,
        phase=phase,
        module=face,
    )
    assert job.status == BulkEnrolmentStatus.SUCCEEDED
    assert (job.done, job.total) == (7, 7)
    result = job.result
    assert (result["enrolled"], result["waiting"]) == (5, 2)
    assert (result["booked"], result["not_booked"]) == (4, 1)
    # In name order: Person 001-005 hold the places, 006-007 wait.
    statuses = dict(Enrolment.objects.values_list("learner__name", "status"))
    assert [statuses[p.name] for p in people] == ["enrolled"] * 5 + ["waiting"] * 2
    booked = dict(
        Booking.objects.filter(status=BookingStatus.BOOKED).values_list(
            "enrolment__learner__name", "session_id"
        )
    )
    assert booked == {
        "Person 001": first.pk,
        "Person 002": first.pk,
        "Person 003": second.pk,
        "Person 004": second.pk,
    }
    first.refresh_from_db()
    assert first.status == SessionStatus.FULL  # its last place went
    assert result["reasons"] == {"Complete E-learning before booking Face-to-face session.": 1}
    assert result["problems"] == [
        [people[4].pk, "Complete E-learning before booking Face-to-face session."]
    ]
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="cpd.bulk").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["cpd.bulk_enrolment_finished", "cpd.bulk_enrolment_queued"]
    assert len([m for m in mailoutbox if "Booked" in m.subject]) == 4


def test_a_department_only_and_people_already_on_the_programme_are_left_as_they_are(
    lead, phase, places, halton, housing, amina, django_capture_on_commit_callbacks
):
    from cpd.models import Allocation

    Allocation.objects.filter(organisation=halton).update(places=10)
    team = staff(halton, 3, department=housing)
    staff(halton, 2, start=50)  # another department: not touched
    staff(halton, 1, department=housing, start=90, left_on=timezone.localdate())  # a leaver
    services.enrol(actor=lead, learner=team[0], phase=phase)
    job = queue(
        django_capture_on_commit_callbacks,
        actor=lead,
        organisation=halton,
        department=housing,
        phase=phase,
    )
    assert job.total == 3  # current staff of Housing only
    assert (job.result["enrolled"], job.result["already_enrolled"]) == (2, 1)
    assert Enrolment.objects.count() == 3
    assert not Enrolment.objects.filter(learner=amina).exists()


def test_a_second_delivery_changes_nothing_and_a_stopped_job_carries_on(
    lead, phase, places, halton, modules, django_capture_on_commit_callbacks
):
    from cpd.models import Allocation

    Allocation.objects.filter(organisation=halton).update(places=4)
    staff(halton, 6)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.queue_bulk_enrolment(actor=lead, organisation=halton, phase=phase)
    assert job.status == BulkEnrolmentStatus.QUEUED and len(callbacks) == 1
    # A first run handles two chunks of two and is lost: its work so far is committed.
    original = services._bulk_chunk
    calls = []

    def stop_after_two(job, ids):
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        calls.append(ids)
        return original(job, ids)

    services._bulk_chunk = stop_after_two
    try:
        with pytest.raises(RuntimeError):
            services.run_bulk_enrolment(job.pk, chunk=2)
    finally:
        services._bulk_chunk = original
    job.refresh_from_db()
    assert job.done == 4 and Enrolment.objects.count() == 4
    # The failure is shown; the lead's redelivery (or Celery's) carries on from person 5.
    assert job.status == BulkEnrolmentStatus.FAILED and "unexpected error" in job.error
    BulkEnrolment.objects.filter(pk=job.pk).update(status=BulkEnrolmentStatus.RUNNING)
    run_bulk_enrolment.delay(job.pk)
    job.refresh_from_db()
    assert job.status == BulkEnrolmentStatus.SUCCEEDED and job.done == 6
    assert (job.result["enrolled"], job.result["waiting"]) == (4, 2)
    # Delivered again once finished: nothing happens.
    assert run_bulk_enrolment.delay(job.pk).get() == BulkEnrolmentStatus.SUCCEEDED
    assert Enrolment.objects.count() == 6
    assert AuditEvent.objects.filter(verb="cpd.bulk_enrolment_finished").count() == 1


def test_bad_choices_are_named_and_nothing_is_queued(lead, phase, places, halton, wirral, modules):
    other = Department.objects.create(organisation=wirral, name="Parks")
    staff(halton, 1)
    with pytest.raises(ValidationError) as error:
        services.queue_bulk_enrolment(
            actor=lead,
            organisation=halton,
            department=other,
            phase=phase,
            module=modules[ModuleKind.E_LEARNING],
        )
    assert "Parks is not a department of Halton Council." in error.value.message_dict["department"]
    assert "done online" in error.value.message_dict["module"][0]
    from cpd.models import Organisation

    empty = Organisation.objects.create(name="Sefton Council", kind="council")
    with pytest.raises(ValidationError) as error:
        services.queue_bulk_enrolment(actor=lead, organisation=empty, phase=phase)
    assert error.value.message_dict["phase"] == ["Sefton Council has no places in Phase 1."]
    assert not BulkEnrolment.objects.exists()


def test_only_the_lead_and_the_organisations_coordinator_may_enrol_its_staff(
    phase, places, halton, wirral_coordinator, halton_coordinator, learner_user
):
    staff(halton, 1)
    for actor in (wirral_coordinator, learner_user):
        with pytest.raises(PermissionDenied):
            services.queue_bulk_enrolment(actor=actor, organisation=halton, phase=phase)
    job = services.queue_bulk_enrolment(actor=halton_coordinator, organisation=halton, phase=phase)
    assert job.total == 1


def test_the_page_starts_a_job_and_shows_its_progress_and_result(
    client, lead, phase, places, halton, wirral_coordinator, django_capture_on_commit_callbacks
):
    staff(halton, 3)
    client.force_login(lead)
    page = client.get(reverse("cpd:bulk"))
    assert page.status_code == 200 and "Enrol a department or organisation" in page.content.decode()
    bad = client.post(reverse("cpd:bulk"), {"organisation": "", "phase": phase.pk})
    assert bad.status_code == 400
    assert "Choose the organisation whose staff to enrol." in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cpd:bulk"), {"organisation": halton.pk, "phase": phase.pk})
    job = BulkEnrolment.objects.get()
    assert response.status_code == 302 and response.url == reverse("cpd:bulk_job", args=[job.pk])
    text = client.get(response.url).content.decode()
    assert "Finished" in text and "3 of 3 people" in text
    assert "Joined the waiting list" in text
    # Another organisation's coordinator: 404 for the job, no form for Halton.
    client.force_login(wirral_coordinator)
    assert client.get(reverse("cpd:bulk_job", args=[job.pk])).status_code == 404
    assert "Halton Council" not in client.get(reverse("cpd:bulk")).content.decode()
    client.logout()
    assert client.get(reverse("cpd:bulk")).status_code == 302  # sign in first


def test_a_running_job_shows_how_far_it_has_got(client, lead, phase, places, halton):
    staff(halton, 4)
    job = services.queue_bulk_enrolment(actor=lead, organisation=halton, phase=phase)
    BulkEnrolment.objects.filter(pk=job.pk).update(status=BulkEnrolmentStatus.RUNNING, done=1)
    client.force_login(lead)
    text = client.get(reverse("cpd:bulk_job", args=[job.pk])).content.decode()
    assert "1 of 4 people handled" in text and 'value="25"' in text


@pytest.mark.parametrize("size", [3, 12])
def test_the_pages_make_a_fixed_number_of_queries(
    client,
    lead,
    phase,
    places,
    halton,
    modules,
    size,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from cpd.models import Allocation

    Allocation.objects.filter(organisation=halton).update(places=size)
    people = staff(halton, size)
    e_learning_done(people, modules)
    face = modules[ModuleKind.FACE_TO_FACE]
    for days in range(size):
        make_session(face, days=days + 2, capacity=1)
    job = queue(
        django_capture_on_commit_callbacks,
        actor=lead,
        organisation=halton,
        phase=phase,
        module=face,
    )
    assert job.result["booked"] == size
    client.force_login(lead)
    for url in (reverse("cpd:bulk"), reverse("cpd:bulk_job", args=[job.pk])):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def _fail_after_first_chunk(job):
    """Run ``job`` in chunks of two, the second chunk failing: two people enrolled."""
    original = services._bulk_chunk
    calls = []

    def stop(job, ids):
        if calls:
            raise RuntimeError("database went away")
        calls.append(ids)
        return original(job, ids)

    services._bulk_chunk = stop
    try:
        with pytest.raises(RuntimeError):
            services.run_bulk_enrolment(job.pk, chunk=2)
    finally:
        services._bulk_chunk = original
    job.refresh_from_db()
    assert job.status == BulkEnrolmentStatus.FAILED and Enrolment.objects.count() == 2
    return job


def test_a_failed_job_starts_again_for_the_people_it_did_not_enrol(
    client, lead, phase, places, halton, django_capture_on_commit_callbacks
):
    from cpd.models import Allocation

    Allocation.objects.filter(organisation=halton).update(places=10)
    people = staff(halton, 5)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.queue_bulk_enrolment(actor=lead, organisation=halton, phase=phase)
    job = _fail_after_first_chunk(job)
    client.force_login(lead)
    page = client.get(reverse("cpd:bulk_job", args=[job.pk])).content.decode()
    assert "Failed" in page and "Start the enrolment again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cpd:bulk_restart", args=[job.pk]))
    again = BulkEnrolment.objects.get(restart_of=job)
    assert response.status_code == 302
    assert response.url == reverse("cpd:bulk_job", args=[again.pk])
    # The two enrolled before the failure are left out; the other three are enrolled now.
    assert again.learner_ids == [p.pk for p in people[2:]] and again.total == 3
    again.refresh_from_db()
    assert again.status == BulkEnrolmentStatus.SUCCEEDED and again.result["enrolled"] == 3
    assert Enrolment.objects.filter(phase=phase).count() == 5
    event = AuditEvent.objects.get(verb="cpd.bulk_enrolment_restarted")
    assert event.actor == lead and event.details["failed_job"] == job.pk
    assert event.details["people"] == 3 and event.details["skipped_as_enrolled"] == 2
    text = client.get(response.url).content.decode()
    assert "The enrolment has started again for 3 people." in text
    assert f"job {job.pk}</a>, which failed" in text
    # The failed job's page now links to the new job instead of offering the button.
    page = client.get(reverse("cpd:bulk_job", args=[job.pk])).content.decode()
    assert "Start the enrolment again" not in page and f"job {again.pk}</a>" in page
    # Once only.
    with pytest.raises(ValidationError, match="started again already"):
        services.restart_bulk_enrolment(actor=lead, job=job)
    assert BulkEnrolment.objects.count() == 2


def test_only_a_failed_job_starts_again(
    lead, phase, places, halton, django_capture_on_commit_callbacks
):
    staff(halton, 2)
    job = queue(django_capture_on_commit_callbacks, actor=lead, organisation=halton, phase=phase)
    assert job.status == BulkEnrolmentStatus.SUCCEEDED
    with pytest.raises(ValidationError, match="Only a bulk enrolment that failed"):
        services.restart_bulk_enrolment(actor=lead, job=job)
    assert BulkEnrolment.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="cpd.bulk_enrolment_restarted").exists()


def test_only_the_lead_and_the_organisations_coordinator_start_a_failed_job_again(
    client,
    phase,
    places,
    halton,
    halton_coordinator,
    wirral_coordinator,
    learner_user,
    django_capture_on_commit_callbacks,
):
    staff(halton, 4)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.queue_bulk_enrolment(
            actor=halton_coordinator, organisation=halton, phase=phase
        )
    job = _fail_after_first_chunk(job)
    url = reverse("cpd:bulk_restart", args=[job.pk])
    for actor in (wirral_coordinator, learner_user):
        with pytest.raises(PermissionDenied):
            services.restart_bulk_enrolment(actor=actor, job=job)
        client.force_login(actor)
        assert client.post(url).status_code == 404
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and "login" in response.url
    assert BulkEnrolment.objects.count() == 1
    client.force_login(halton_coordinator)
    assert client.get(url).status_code == 405  # a button, not a link
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert BulkEnrolment.objects.get(restart_of=job).total == 2
