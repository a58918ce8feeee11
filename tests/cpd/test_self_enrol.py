"""A learner enrols themselves on a phase their organisation has places in (late enrolment
until the phase ends), or joins its waiting list; nothing offered for phases of other
organisations, ended phases or programmes they are on; anonymous visitors sign in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cpd import services
from cpd.models import Enrolment, EnrolmentStatus, Phase

from .conftest import make_learner

pytestmark = pytest.mark.django_db
URL = "/training/enrol/"


def test_a_learner_enrols_on_a_phase_of_their_organisation(
    client, amina, learner_user, phase, places, halton, wirral
):
    client.force_login(learner_user)
    page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200 and "Race equality training: Phase 1" in text
    bad = client.post(URL, {})
    assert bad.status_code == 400 and "Choose the training to enrol on." in bad.content.decode()
    response = client.post(URL, {"option": f"{amina.pk}-{phase.pk}"})
    assert response.status_code == 302 and response.url == reverse("cpd:my_learning")
    enrolment = Enrolment.objects.get(learner=amina)
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.enrolled_by == learner_user
    assert f'value="{amina.pk}-{phase.pk}"' not in client.get(URL).content.decode()  # on it


def test_when_the_places_are_taken_they_wait_and_are_told(
    client, lead, amina, learner_user, phase, places, halton
):
    for n in (1, 2):  # Halton's two places
        services.enrol(actor=lead, learner=make_learner(halton, n), phase=phase)
    client.force_login(learner_user)
    response = client.post(URL, {"option": f"{amina.pk}-{phase.pk}"}, follow=True)
    assert "you are on its waiting list" in response.content.decode()
    assert Enrolment.objects.get(learner=amina).status == EnrolmentStatus.WAITING


def test_other_organisations_and_ended_phases_are_not_offered_nor_accepted(
    client, lead, amina, learner_user, programme, phase, halton, wirral
):
    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=5)
    today = timezone.localdate()
    ended = Phase.objects.create(
        programme=programme,
        name="Pilot",
        starts_on=today - datetime.timedelta(days=29),
        ends_on=today - datetime.timedelta(days=1),
    )
    services.allocate_places(actor=lead, phase=ended, organisation=halton, places=5)
    client.force_login(learner_user)
    text = client.get(URL).content.decode()
    assert "Phase 1" not in text and "Pilot" not in text  # Halton has no places in Phase 1
    response = client.post(URL, {"option": f"{amina.pk}-{phase.pk}"})
    assert response.status_code == 400 and not Enrolment.objects.exists()


def test_someone_elses_record_cannot_be_chosen_and_anonymous_visitors_sign_in(
    client, amina, phase, places, halton
):
    from tests.factories import make_user

    other = make_user(username="other")
    make_learner(halton, 5, user=other)
    client.force_login(other)
    response = client.post(URL, {"option": f"{amina.pk}-{phase.pk}"})
    assert response.status_code == 400 and not Enrolment.objects.exists()
    client.logout()
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("phases", [1, 6])
def test_fixed_queries(
    client, lead, amina, learner_user, programme, halton, phases, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(phases):
        phase = Phase.objects.create(
            programme=programme,
            name=f"Phase {n}",
            starts_on=today + datetime.timedelta(days=10 * n),
            ends_on=today + datetime.timedelta(days=10 * n + 5),
        )
        services.allocate_places(actor=lead, phase=phase, organisation=halton, places=3)
    client.force_login(learner_user)
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
