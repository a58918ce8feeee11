"""The impact report in the browser (axe on every page): a learner answers the open survey;
a programme lead opens the impact report from the dashboard and reads it (with the staff
survey results by group), reads the survey comments and changes a target."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cpd.evaluation.models import Response, StaffSurveyQuestion, Wave
from tests.cpd_evaluation.conftest import (  # noqa: F401 - fixtures used by name
    add_staff_survey,
    add_workforce,
    amina,
    cohorts,
    councils,
    grow,
    lead,
    learner_user,
    plan,
    programme,
)
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_answers_and_lead_reads_the_impact_report(page, plan, councils, cohorts, amina):  # noqa: F811
    sign_in(page, "amina", PASSWORD)
    page.goto("/training/evaluation/")
    assert_accessible(page)
    page.get_by_role("link", name="Race equality training: after the programme").click()
    assert_accessible(page)
    page.get_by_role(
        "group", name="I feel confident talking about race and racism at work"
    ).get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_text("Thank you: your answers are recorded.")).to_be_visible()
    assert_accessible(page)
    assert Response.objects.get(survey__wave=Wave.AFTER).confidence_talking == 4

    grow(plan, councils, cohorts, 20)
    add_workforce(councils[0], 2025, white=(400, 200, 60, 8, 200), black=(100, 60, 9, 4, 30))
    add_staff_survey(
        councils[0], 2025, StaffSurveyQuestion.DISCRIMINATION, white=(300, 18), black=(90, 14)
    )
    page.context.clear_cookies()
    sign_in(page, "lead", PASSWORD)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Impact of training").click()
    assert_accessible(page)
    page.get_by_role("link", name="Race equality training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Race equality training")
    slug = plan.programme.slug
    assert urlsplit(page.url).path == f"/training/evaluation/impact/{slug}/"
    expect(
        page.get_by_role(
            "img", name="Mean change in self-assessment, with 95% confidence intervals"
        )
    ).to_be_visible()
    expect(page.get_by_role("table", name="Lead measures against targets")).to_be_visible()
    assert_accessible(page)
    expect(
        page.get_by_role("table", name=re.compile("Personally experienced discrimination"))
    ).to_be_visible()

    # The survey comments (text only), then the targets, by keyboard-reachable links.
    page.get_by_role("link", name="Read the survey comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey comments")
    assert urlsplit(page.url).path == f"/training/evaluation/impact/{slug}/comments/"
    assert_accessible(page)
    page.get_by_role("link", name="After the programme").click()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the impact report").click()
    page.get_by_role("link", name="Change the targets").click()
    page.wait_for_url("**/targets/")
    assert urlsplit(page.url).path == f"/training/evaluation/impact/{slug}/targets/"
    page.get_by_label("Attendance target (% of people enrolled)").fill("150")
    page.get_by_role("button", name="Save the targets").click()
    error = "Enter the attendance target from 0 to 100%."
    expect(page.get_by_role("link", name=error)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Attendance target (% of people enrolled)").fill("85")
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("The targets are changed.")).to_be_visible()
    assert_accessible(page)
