"""Staff survey results by ethnic group (WRES indicators 5–8 style, reference §2.1, §2.3):
imported counts, published through publish_counts on the impact report's page (table and
chart), in its XLSX and in the API; a share only for a base of at least 30."""

import dataclasses
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from cpd.evaluation import reports
from cpd.evaluation.models import StaffSurveyFigure, StaffSurveyQuestion
from cpd.evaluation.resources import StaffSurveyResource
from schools_platform.disclosure import DisclosurePolicy
from schools_platform.imports import services as import_services
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload

from .conftest import add_staff_survey

pytestmark = pytest.mark.django_db
Q = StaffSurveyQuestion
SECTION = f"Staff survey: {Q.DISCRIMINATION.label}"


@pytest.fixture
def survey(plan, councils):
    # Halton 2025: 200 White answering, 12 said yes (6%); 80 ethnic minority (Asian 50 +
    # Black 30), 12 said yes (15%). Wirral: only 20 ethnic minority staff answered.
    add_staff_survey(
        councils[0], 2025, Q.DISCRIMINATION, white=(200, 12), asian=(50, 7), black=(30, 5)
    )
    add_staff_survey(councils[1], 2025, Q.DISCRIMINATION, white=(100, 10), black=(20, 4))
    return plan


def _lines(lead, plan):
    report = reports.impact_report(lead, plan)
    _question, lines = report["staff_survey"][Q.DISCRIMINATION.value]
    return {(line.scope, line.year): line for line in lines}


def test_shares_and_gap_by_group(lead, survey):
    lines = _lines(lead, survey)
    halton = lines[("Halton Council", 2025)]
    white_yes, white_answering = halton.white
    minority_yes, minority_answering = halton.minority
    assert (white_yes.count, white_answering.count) == (10, 200)  # 12 rounded to 5
    assert minority_answering.count == 80
    assert float(white_yes.percent) == 6.0 and float(minority_yes.percent) == 15.0
    assert halton.gap == pytest.approx(9.0) and halton.gap_text == "+9.0 points"
    # All organisations: 300 White (22 yes), 100 ethnic minority (16 yes).
    everyone = lines[(reports.ALL, 2025)]
    assert everyone.white[1].count == 300 and everyone.minority[1].count == 100


def test_a_base_under_thirty_shows_no_share_or_gap(lead, survey):
    wirral = _lines(lead, survey)[("Wirral Council", 2025)]
    assert wirral.minority[0].percent is None  # 20 answering: under the base of 30
    assert wirral.gap is None
    assert wirral.reason == "Not reported: fewer than 30 people"
    assert not wirral.minority[0].is_shown  # 4 said yes: a small count


def test_page_export_and_api_carry_the_results(client, lead, survey):
    client.force_login(lead)
    slug = survey.programme.slug
    page = client.get(reverse("cpd_evaluation:impact", args=[slug])).content.decode()
    assert "Staff survey results by ethnic group" in page
    assert Q.DISCRIMINATION.label in page and "+9.0 points" in page
    assert 'id="staff-survey-chart-title"' in page  # the chart, before its tables
    book = load_workbook(
        io.BytesIO(client.get(reverse("cpd_evaluation:impact-xlsx", args=[slug])).content)
    )
    rows = [[c.value for c in row] for row in book["Data"].iter_rows(min_row=2)]
    assert [SECTION, "Halton Council", "2025", "Gap", "percentage_points", 9.0] in rows
    assert [SECTION, "Halton Council", "2025", "White answering", "count", 200] in rows
    api = client.get(reverse("cpd_evaluation:api-figures", args=[slug]), {"page_size": 1000})
    figures = [r for r in api.json()["results"] if r["section"] == SECTION]
    assert {"line": "Wirral Council", "column": "Gap", "measure": "status"}.items() <= next(
        r for r in figures if r["line"] == "Wirral Council" and r["column"] == "Gap"
    ).items()


def test_the_chart_draws_only_shown_shares(lead, survey):
    from cpd.evaluation.charts import staff_survey_chart

    report = reports.impact_report(lead, survey)
    chart = staff_survey_chart(report["staff_survey"], reports.ALL)
    assert [b.text for b in chart.bars] == ["7%", "16%"]  # 22 of 300, 16 of 100
    assert staff_survey_chart({}, reports.ALL) is None


def test_a_policy_with_a_higher_base_hides_more(lead, survey):
    policy = dataclasses.replace(DisclosurePolicy.default(), min_percentage_base=100)
    result = reports.staff_survey(lead, policy)
    _q, lines = result[Q.DISCRIMINATION.value]
    halton = next(line for line in lines if line.scope == "Halton Council")
    assert halton.gap is None


# --- the import -----------------------------------------------------------------------------

COLUMNS = ["Organisation", "Year", "Ethnic group", "Question", "People answering", "Answering yes"]


def test_import_names_bad_rows_and_writes_nothing(lead, councils):
    content = csv_bytes(
        [
            COLUMNS,
            ["Halton Council", "2025", "White", "discrimination", "200", "12"],
            ["Halton Council", "2025", "Black", "Being happy", "30", "5"],
            ["Halton Council", "2025", "Asian", "discrimination", "30", "45"],
            ["Halton Council", "1066", "Asian", "harassment_staff", "30", "4"],
        ]
    )
    job = upload(lead, "cpd-staff-survey", content)
    assert job.status == ImportJob.Status.DRY_RUN_FAILED
    text = " ".join(f"{e['row']} {e['message']}" for e in job.row_errors)
    assert "3 'Being happy' is not a known code or label" in text
    assert "4 More people answered yes than answered the question" in text
    assert "5 Give the reporting year, e.g. 2025." in text
    assert not StaffSurveyFigure.objects.exists()


def test_import_then_update_by_key(lead, councils, django_capture_on_commit_callbacks):
    rows = [
        COLUMNS,
        ["Halton Council", "2025", "White", "discrimination", "200", "12"],
        ["Halton Council", "2025", "black", Q.EQUAL_PROGRESSION.label, "30", "11"],
    ]
    for expected in (2, 2):
        with django_capture_on_commit_callbacks(execute=True):
            job = upload(lead, "cpd-staff-survey", csv_bytes(rows))
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DRY_RUN_OK, job.row_errors
        with django_capture_on_commit_callbacks(execute=True):
            import_services.confirm(actor=lead, job=job)
        assert StaffSurveyFigure.objects.count() == expected
        rows[2][5] = "13"
    figure = StaffSurveyFigure.objects.get(ethnic_group="black")
    assert figure.question == Q.EQUAL_PROGRESSION and figure.yes == 13
    assert StaffSurveyResource.Meta.import_id_fields[-1] == "question"


def test_only_holders_of_the_permission_import(learner_user, councils):
    with pytest.raises(PermissionDenied):
        upload(learner_user, "cpd-staff-survey", csv_bytes([COLUMNS]))
