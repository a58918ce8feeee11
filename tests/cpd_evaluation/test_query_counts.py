"""The impact report, its export and the API run a fixed number of queries whatever the
number of people, responses and workforce rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpd.evaluation.models import StaffSurveyQuestion

from .conftest import add_staff_survey, add_workforce, grow

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_impact_report_queries_do_not_grow(
    client, lead, plan, councils, cohorts, django_assert_max_num_queries
):
    client.force_login(lead)
    slug = plan.programme.slug
    urls = [
        reverse("cpd_evaluation:impact", args=[slug]),
        reverse("cpd_evaluation:impact-xlsx", args=[slug]),
        reverse("cpd_evaluation:api-figures", args=[slug]),
        reverse("cpd_evaluation:impact-index"),
        reverse("cpd_evaluation:targets", args=[slug]),
    ]
    grow(plan, councils, cohorts, 3)
    add_workforce(councils[0], 2024, white=(100, 20, 5, 2, 40), black=(40, 10, 2, 1, 10))
    add_staff_survey(councils[0], 2024, StaffSurveyQuestion.DISCRIMINATION, white=(90, 9))
    small = {url: _queries(client, url) for url in urls}
    grow(plan, councils, cohorts, 40, seed=2)
    for year in (2025, 2026):
        for council in councils:
            add_workforce(council, year, white=(300, 60, 20, 5, 90), asian=(50, 12, 3, 2, 15))
            for question in StaffSurveyQuestion.values:
                add_staff_survey(council, year, question, white=(200, 40), black=(60, 15))
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)
