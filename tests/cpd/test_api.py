"""The CPD API: scoped like the pages, refused to anonymous callers, completion through
publish_counts, places left on sessions, in the schema, in a fixed number of queries."""

import pytest
from django.utils import timezone

from cpd import services
from cpd.models import ModuleKind, Programme

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_programme(db):
    return Programme.objects.create(
        title="Headteacher CPD",
        slug="heads",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timezone.timedelta(days=300),
    )


def test_learner_sees_only_their_programmes(
    client, lead, learner_user, amina, phase, places, other_programme, modules
):
    services.enrol(actor=lead, learner=amina, phase=phase)
    session = make_session(modules[ModuleKind.FACE_TO_FACE], capacity=12)
    client.force_login(learner_user)
    programmes = client.get("/training/api/programmes/").json()["results"]
    assert [p["slug"] for p in programmes] == ["race-equality"]
    assert client.get(f"/training/api/programmes/{other_programme.pk}/").status_code == 404
    modules_seen = client.get("/training/api/modules/").json()["results"]
    face = next(m for m in modules_seen if m["kind"] == ModuleKind.FACE_TO_FACE)
    assert face["prerequisites"] == [modules[ModuleKind.E_LEARNING].pk]
    sessions = client.get("/training/api/sessions/").json()["results"]
    assert [(s["id"], s["capacity"], s["places_left"]) for s in sessions] == [(session.pk, 12, 12)]
    # A learner is no coordinator: no completion figures.
    url = f"/training/api/programmes/{phase.programme_id}/completion/"
    assert client.get(url).status_code == 404


def test_places_left_counts_live_bookings(client, lead, amina, phase, places, modules):
    enrolment = services.enrol(actor=lead, learner=amina, phase=phase)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    session = make_session(modules[ModuleKind.FACE_TO_FACE], capacity=3)
    services.book_session(actor=lead, enrolment=enrolment, session=session)
    client.force_login(lead)
    sessions = client.get("/training/api/sessions/").json()["results"]
    assert [(s["id"], s["places_left"]) for s in sessions] == [(session.pk, 2)]


def test_completion_is_published(client, lead, phase, places, wirral, halton, modules):
    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=30)
    today = timezone.localdate()
    for n in range(22):
        person = make_learner(wirral, n)
        services.enrol(actor=lead, learner=person, phase=phase)
        if n < 12:
            for kind in (ModuleKind.E_LEARNING, ModuleKind.FACE_TO_FACE):
                services.record_completion(
                    actor=lead, learner=person, module=modules[kind], completed_on=today
                )
    client.force_login(lead)
    url = f"/training/api/programmes/{phase.programme_id}/completion/"
    data = client.get(url).json()
    rows = {r["organisation"]: r for r in data["phases"][0]["rows"]}
    assert (rows["Wirral Council"]["enrolled"], rows["Wirral Council"]["completed"]) == (20, 10)
    assert rows["Wirral Council"]["places"] == 30
    assert 22 not in rows["Wirral Council"].values()
    services.enrol(actor=lead, learner=make_learner(halton, 1), phase=phase)
    rows = {r["organisation"]: r for r in client.get(url).json()["phases"][0]["rows"]}
    assert rows["Halton Council"]["enrolled"] == "c"  # one person: never a 1 in the API


def test_coordinator_sees_only_their_organisation(client, halton_coordinator, phase, places):
    client.force_login(halton_coordinator)
    data = client.get(f"/training/api/programmes/{phase.programme_id}/completion/").json()
    assert [r["organisation"] for r in data["phases"][0]["rows"]] == ["Halton Council", "Total"]


def test_anonymous_callers_are_refused(client, programme):
    for url in (
        "/training/api/programmes/",
        "/training/api/modules/",
        "/training/api/sessions/",
        f"/training/api/programmes/{programme.pk}/completion/",
    ):
        assert client.get(url).status_code in (401, 403), url
    assert client.get("/training/api/nothing-here/").status_code == 404


def test_the_endpoints_are_in_the_schema(client):
    paths = set(client.get("/api/schema/?format=json").json()["paths"])
    assert {
        "/training/api/programmes/",
        "/training/api/programmes/{id}/completion/",
        "/training/api/modules/",
        "/training/api/sessions/",
    } <= paths


@pytest.mark.parametrize("n", [2, 12])
def test_fixed_queries(client, lead, phase, places, modules, n, django_assert_max_num_queries):
    for _ in range(n):
        make_session(modules[ModuleKind.FACE_TO_FACE])
    client.force_login(lead)
    for url in (
        "/training/api/programmes/",
        "/training/api/modules/",
        "/training/api/sessions/",
        f"/training/api/programmes/{phase.programme_id}/completion/",
    ):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, url
