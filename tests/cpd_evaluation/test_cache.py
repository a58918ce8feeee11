"""The impact report page is cached against a version of its inputs: a new answer, a new
workforce figure or a changed target shows on the very next page, and a cached page costs
fewer queries than a built one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpd.evaluation.models import Wave

from .conftest import add_answers, add_people, add_workforce

pytestmark = pytest.mark.django_db


def _page(client, plan):
    response = client.get(reverse("cpd_evaluation:impact", args=[plan.programme.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    # The report itself: the page around it carries a fresh CSP nonce on every request.
    return html[html.index("<main") : html.index("</main>")]


def test_a_new_answer_changes_the_page_at_once(client, lead, plan, councils, cohorts):
    client.force_login(lead)
    people = add_people(plan.programme, councils[0], cohorts[0], 40)
    add_answers(plan, people[:35], councils[0], cohorts[0], {Wave.BEFORE: 2, Wave.AFTER: 4})
    first = _page(client, plan)
    assert _page(client, plan) == first  # from the cache
    add_answers(plan, people[35:], councils[0], cohorts[0], {Wave.BEFORE: 1, Wave.AFTER: 5})
    assert _page(client, plan) != first


def test_a_new_workforce_figure_changes_the_page_at_once(client, lead, plan, councils):
    client.force_login(lead)
    add_workforce(councils[0], 2024, white=(100, 20, 5, 2, 40), black=(40, 10, 2, 1, 10))
    first = _page(client, plan)
    assert "2025" not in first.split("Relative likelihood", 1)[-1]
    add_workforce(councils[0], 2025, white=(100, 20, 5, 2, 40), black=(40, 10, 2, 1, 10))
    assert _page(client, plan) != first


def test_a_changed_target_shows_at_once(client, lead, plan, councils, cohorts):
    from cpd.evaluation import services

    client.force_login(lead)
    add_people(plan.programme, councils[0], cohorts[0], 40)
    assert "61% of people enrolled" not in _page(client, plan)
    services.change_targets(actor=lead, plan=plan, attendance_target_percent=61)
    assert "61% of people enrolled" in _page(client, plan)


def test_a_cached_page_costs_fewer_queries(client, lead, plan, councils, cohorts):
    client.force_login(lead)
    people = add_people(plan.programme, councils[0], cohorts[0], 40)
    add_answers(plan, people, councils[0], cohorts[0], {Wave.BEFORE: 2, Wave.AFTER: 4})
    with CaptureQueriesContext(connection) as built:
        _page(client, plan)
    with CaptureQueriesContext(connection) as cached:
        _page(client, plan)
    assert len(cached) < len(built)


def test_readers_of_different_organisations_do_not_share_an_entry(
    client, lead, plan, councils, cohorts, halton_coordinator
):
    from django.contrib.auth.models import Permission

    halton_coordinator.user_permissions.add(Permission.objects.get(codename="view_impact_report"))
    people = add_people(plan.programme, councils[1], cohorts[0], 40)
    add_answers(plan, people, councils[1], cohorts[0], {Wave.BEFORE: 2, Wave.AFTER: 4})
    client.force_login(lead)
    everyone = _page(client, plan)
    client.force_login(halton_coordinator)
    assert _page(client, plan) != everyone
