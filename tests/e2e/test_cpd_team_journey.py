"""A manager enrols their team in the browser (axe on every page, the keyboard for the form);
the programme lead reads completion by department."""

import pytest
from playwright.sync_api import expect

from cpd.models import Department, Enrolment, EnrolmentStatus
from schools_platform.core import roles
from tests.cpd.conftest import (  # noqa: F401 - fixtures used by name
    halton,
    lead,
    make_learner,
    modules,
    phase,
    places,
    programme,
    wirral,
)
from tests.factories import PASSWORD, make_user

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_enrols_team_and_lead_reads_departments(page, lead, halton, phase, places):  # noqa: F811
    housing = Department.objects.create(organisation=halton, name="Housing")
    manager = make_user(roles.LEARNER, username="mo")
    make_learner(halton, 500, user=manager, name="Mo Manager", is_manager=True, department=housing)
    for n, name in enumerate(["Ann Lee", "Bob Roy", "Cy Dee"], start=1):
        make_learner(halton, n, name=name, department=housing)

    sign_in(page, "mo", PASSWORD)
    page.goto("/training/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team's training")
    assert_accessible(page)
    page.get_by_role("button", name="Enrol the people chosen").click()
    expect(page.get_by_text("Choose the phase to enrol them on.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Race equality training: Phase 1").check()
    for name in ("Ann Lee", "Bob Roy", "Cy Dee"):
        page.get_by_label(name).focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Enrol the people chosen").click()
    expect(page.get_by_text("2 enrolled on Phase 1; 1 on the waiting list")).to_be_visible()
    assert_accessible(page)
    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert statuses == [EnrolmentStatus.ENROLLED] * 2 + [EnrolmentStatus.WAITING]

    page.context.clear_cookies()
    sign_in(page, "lead", PASSWORD)
    page.goto("/training/report/")
    expect(page.get_by_text("By organisation and department, all phases")).to_be_visible()
    assert_accessible(page)
