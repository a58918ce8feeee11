"""Another organisation's user and anonymous visitors are refused; objects answer 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cpd import selectors, services
from cpd.models import ModuleKind

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs(lead, phase, places, halton, wirral, amina, modules):
    mine = services.enrol(actor=lead, learner=amina, phase=phase)
    other = services.enrol(actor=lead, learner=make_learner(wirral, 1), phase=phase)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    return mine, other


def test_selectors_scope_by_role(
    lead, learner_user, halton_coordinator, wirral_coordinator, two_orgs
):
    mine, other = two_orgs
    assert set(selectors.enrolments_for_user(lead)) == {mine, other}
    assert list(selectors.enrolments_for_user(halton_coordinator)) == [mine]
    assert list(selectors.enrolments_for_user(wirral_coordinator)) == [other]
    assert list(selectors.enrolments_for_user(learner_user)) == [mine]
    assert selectors.learners_for_user(learner_user).count() == 1


def test_anonymous_sees_nothing(two_orgs):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    for read in (
        selectors.enrolments_for_user,
        selectors.learners_for_user,
        selectors.completions_for_user,
        selectors.organisations_for_user,
    ):
        assert not read(anon).exists()


def test_another_learners_pages_are_404_like_missing_ones(client, lead, two_orgs, modules, db):
    from schools_platform.core import roles
    from tests.factories import make_user

    mine, other = two_orgs
    stranger = make_user(roles.LEARNER, username="stranger")
    client.force_login(stranger)
    for name, pk in (("cpd:book", mine.pk), ("cpd:book", 999999)):
        assert client.get(reverse(name, args=[pk])).status_code == 404
    completion = mine.learner.completions.get()
    assert client.get(reverse("cpd:certificate", args=[completion.pk])).status_code == 404
    assert client.get(reverse("cpd:report")).status_code == 404
    session = make_session(modules[ModuleKind.FACE_TO_FACE])
    assert client.get(reverse("cpd:register", args=[session.pk])).status_code == 404


def test_other_organisations_coordinator_is_refused(client, wirral_coordinator, two_orgs, modules):
    mine, _ = two_orgs
    client.force_login(wirral_coordinator)
    assert client.get(reverse("cpd:book", args=[mine.pk])).status_code == 404
    session = make_session(modules[ModuleKind.FACE_TO_FACE])
    response = client.post(reverse("cpd:book", args=[mine.pk]), {"session": session.pk})
    assert response.status_code == 404
    completion = mine.learner.completions.get()
    assert client.get(reverse("cpd:certificate", args=[completion.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_except_the_check(client, two_orgs, modules):
    mine, _ = two_orgs
    session = make_session(modules[ModuleKind.FACE_TO_FACE])
    for url in (
        reverse("cpd:my_learning"),
        reverse("cpd:book", args=[mine.pk]),
        reverse("cpd:register", args=[session.pk]),
        reverse("cpd:report"),
        reverse("cpd:report_csv"),
        reverse("cpd:report_xlsx"),
        reverse("cpd:department_report_csv"),
        reverse("cpd:team"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("cpd:check")).status_code == 200
