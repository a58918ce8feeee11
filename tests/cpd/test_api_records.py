"""The enrolments and completions endpoints: each person's records by their employer's key
(organisation, employee number), never their name; a learner sees only their own, a
coordinator their organisation's, the lead everyone's; anonymous callers are refused; in the
schema; a fixed number of queries."""

import pytest
from django.utils import timezone

from cpd import services
from cpd.models import ModuleKind

from .conftest import make_learner

pytestmark = pytest.mark.django_db
URLS = ("/training/api/enrolments/", "/training/api/completions/")


@pytest.fixture
def records(lead, amina, phase, places, wirral, modules):
    today = timezone.localdate()
    for person in (amina, make_learner(wirral, 7, name="Wyn Jones")):
        services.enrol(actor=lead, learner=person, phase=phase)
        services.record_completion(
            actor=lead, learner=person, module=modules[ModuleKind.E_LEARNING], completed_on=today
        )


def seen(client, url):
    return [(r["organisation"], r["employee_number"]) for r in client.get(url).json()["results"]]


def test_each_sees_their_scope_and_no_names(
    client, records, lead, learner_user, halton_coordinator, wirral_coordinator
):
    client.force_login(lead)
    for url in URLS:
        assert seen(client, url) == [("Halton Council", "1001"), ("Wirral Council", "7")]
        body = client.get(url).content.decode()
        assert "Amina" not in body and "Wyn" not in body
    client.force_login(learner_user)
    for url in URLS:
        assert seen(client, url) == [("Halton Council", "1001")]
    client.force_login(wirral_coordinator)
    for url in URLS:
        assert seen(client, url) == [("Wirral Council", "7")]
    completion = client.get(URLS[1]).json()["results"][0]
    assert "verification_code" not in completion and completion["source"] == "recorded"
    client.force_login(halton_coordinator)
    other = client.get(URLS[0].replace("enrolments/", "enrolments/999999/"))
    assert other.status_code == 404
    client.logout()
    for url in URLS:
        assert client.get(url).status_code in (401, 403)


def test_in_the_schema(client):
    paths = set(client.get("/api/schema/?format=json").json()["paths"])
    assert set(URLS) <= paths


@pytest.mark.parametrize("n", [2, 15])
def test_fixed_queries(client, lead, phase, halton, modules, n, django_assert_max_num_queries):
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=n)
    for i in range(n):
        person = make_learner(halton, i)
        services.enrol(actor=lead, learner=person, phase=phase)
        services.record_completion(
            actor=lead,
            learner=person,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
        )
    client.force_login(lead)
    for url in URLS:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
