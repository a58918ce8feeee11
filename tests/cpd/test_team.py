"""A manager enrols their own team (their department), within the organisation's places, the
rest on its waiting list; nobody else's staff."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cpd import services
from cpd.models import Department, Enrolment, EnrolmentStatus
from schools_platform.core import roles
from tests.factories import make_user

from .conftest import make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(halton):
    return Department.objects.create(organisation=halton, name="Housing")


@pytest.fixture
def manager(halton, housing):
    user = make_user(roles.LEARNER, username="mo", email="mo@halton.example.org")
    make_learner(halton, 500, user=user, name="Mo Manager", is_manager=True, department=housing)
    return user


@pytest.fixture
def team(halton, housing):
    return [make_learner(halton, n, department=housing, name=f"Team {n}") for n in (1, 2, 3)]


def test_manager_enrols_team_places_then_waiting_list(manager, team, phase, places):
    # Halton has 2 places in the phase: the third person waits.
    result = services.enrol_team(actor=manager, learners=team, phase=phase)
    assert [len(result[k]) for k in ("enrolled", "waiting", "not_enrolled")] == [2, 1, 0]
    assert Enrolment.objects.get(learner=team[2]).status == EnrolmentStatus.WAITING
    # Enrolling them again names each person as already enrolled and changes nothing.
    again = services.enrol_team(actor=manager, learners=team, phase=phase)
    assert len(again["not_enrolled"]) == 3
    assert "already enrolled" in again["not_enrolled"][0][1]
    assert Enrolment.objects.count() == 3


def test_manager_cannot_enrol_another_department(manager, halton, phase, places):
    other = Department.objects.create(organisation=halton, name="Parks")
    outsider = make_learner(halton, 9, department=other)
    with pytest.raises(PermissionDenied):
        services.enrol_team(actor=manager, learners=[outsider], phase=phase)
    assert not Enrolment.objects.exists()


def test_a_manager_who_left_cannot_enrol(manager, team, phase, places):
    from cpd.models import Learner

    Learner.objects.filter(user=manager).update(left_on="2020-01-01", started_on=None)
    with pytest.raises(PermissionDenied):
        services.enrol_team(actor=manager, learners=team[:1], phase=phase)


def test_team_page(client, manager, team, phase, places):
    client.force_login(manager)
    page = client.get(reverse("cpd:team")).content.decode()
    assert "Team 1" in page and "Mo Manager" not in page
    response = client.post(
        reverse("cpd:team"), {"phase": phase.pk, "learners": [t.pk for t in team]}
    )
    assert response.status_code == 302
    page = client.get(reverse("cpd:team")).content.decode()
    assert "2 enrolled on Phase 1; 1 on the waiting list" in page
    assert "on the waiting list" in page


def test_team_page_names_missing_choices(client, manager, team, phase, places):
    client.force_login(manager)
    page = client.post(reverse("cpd:team"), {}).content.decode()
    assert "There is a problem" in page
    assert "Choose the phase to enrol them on." in page
    assert "Choose at least one person to enrol." in page


def test_team_page_refused_to_others(client, learner_user, amina):
    client.force_login(learner_user)  # a learner, not a manager
    assert client.get(reverse("cpd:team")).status_code == 404
    client.logout()
    response = client.get(reverse("cpd:team"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("size", [3, 30])
def test_team_page_query_count(
    client, manager, halton, housing, phase, places, size, django_assert_max_num_queries
):
    people = [make_learner(halton, n, department=housing) for n in range(1, size + 1)]
    for person in people[:2]:
        services.enrol(actor=manager, learner=person, phase=phase)
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("cpd:team")).status_code == 200


def test_team_page_rows_show_enrolments_and_keep_ticks(client, manager, team, phase, places):
    services.enrol(actor=manager, learner=team[0], phase=phase)
    client.force_login(manager)
    page = client.get(reverse("cpd:team")).content.decode()
    title = phase.programme.title
    assert f"{title}, {phase.name}: enrolled" in page
    assert page.count("Not enrolled") == 2  # the other two
    assert "checked" not in page.split("<tbody")[1]
    # A submission without a phase shows the error and ticks the chosen person again.
    page = client.post(reverse("cpd:team"), {"learners": [team[1].pk]}).content.decode()
    assert "Choose the phase to enrol them on." in page
    assert f'value="{team[1].pk}" checked' in page
    assert f'value="{team[2].pk}" checked' not in page


def test_team_page_refuses_someone_outside_the_team(client, manager, halton, phase, places):
    outsider = make_learner(halton, 77, name="Not In Team")
    client.force_login(manager)
    page = client.post(
        reverse("cpd:team"), {"phase": phase.pk, "learners": [outsider.pk]}
    ).content.decode()
    assert "There is a problem" in page
    assert not Enrolment.objects.filter(learner=outsider).exists()
