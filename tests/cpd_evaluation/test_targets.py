"""Changing a plan's targets (a programme lead, through services.change_targets: audited,
each bad value named by its field) and the "action plans written" lead measure."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cpd.evaluation import reports, services
from cpd.evaluation.network_hooks import ACTION_PLANS, REFLECTION
from cpd.network.models import MemberAction, Membership
from schools_platform.core.models import AuditEvent
from tests.factories import make_user

from .conftest import add_people

pytestmark = pytest.mark.django_db

GOOD = {
    "attendance_target_percent": "85",
    "completion_target_percent": "75",
    "reflection_target_percent": "50",
    "action_plan_target_percent": "40",
    "case_studies_target": "20",
}


def test_service_changes_targets_and_audits_old_and_new(lead, plan):
    services.change_targets(actor=lead, plan=plan, attendance_target_percent=85)
    plan.refresh_from_db()
    assert plan.attendance_target_percent == 85
    event = AuditEvent.objects.get(verb="cpd_evaluation.targets_changed")
    assert event.details["changes"] == {"attendance_target_percent": [90, 85]}
    # Nothing changed: no second record.
    services.change_targets(actor=lead, plan=plan, attendance_target_percent=85)
    assert AuditEvent.objects.filter(verb="cpd_evaluation.targets_changed").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("attendance_target_percent", 101, "Enter the attendance target from 0 to 100%."),
        ("completion_target_percent", -1, "Enter the completion target from 0 to 100%."),
        ("action_plan_target_percent", "lots", "Enter the action plans target as a whole"),
        ("case_studies_target", 2.5, "Enter the case studies target as a whole number."),
    ],
)
def test_bad_targets_are_named_and_nothing_changes(lead, plan, field, value, message):
    with pytest.raises(ValidationError) as caught:
        services.change_targets(
            actor=lead, plan=plan, reflection_target_percent=10, **{field: value}
        )
    assert list(caught.value.message_dict) == [field]
    assert caught.value.message_dict[field][0].startswith(message)
    plan.refresh_from_db()
    assert plan.reflection_target_percent == 60  # the good one was not written either


def test_only_a_programme_lead_changes_targets(plan):
    reader = make_user(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_impact_report"))
    with pytest.raises(PermissionDenied):
        services.change_targets(actor=reader, plan=plan, attendance_target_percent=50)


def test_the_targets_page(client, lead, plan):
    client.force_login(lead)
    url = reverse("cpd_evaluation:targets", args=[plan.programme.slug])
    page = client.get(url)
    assert page.status_code == 200 and 'value="90"' in page.content.decode()
    bad = client.post(url, {**GOOD, "completion_target_percent": "150"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Enter the completion target from 0 to 100%." in text
    assert 'href="#id_completion_target_percent"' in text  # the error summary links to it
    assert bad.context["page_title"].startswith("Error: ")
    done = client.post(url, GOOD)
    assert done.status_code == 302
    plan.refresh_from_db()
    assert (plan.completion_target_percent, plan.case_studies_target) == (75, 20)
    report = client.get(reverse("cpd_evaluation:impact", args=[plan.programme.slug]))
    assert url in report.content.decode()  # the lead's link to the page


@pytest.mark.parametrize("who", ["anonymous", "reader", "coordinator"])
def test_others_cannot_change_targets(client, plan, who, halton_coordinator):
    url = reverse("cpd_evaluation:targets", args=[plan.programme.slug])
    if who == "reader":
        reader = make_user(username="reader")
        reader.user_permissions.add(Permission.objects.get(codename="view_impact_report"))
        client.force_login(reader)
    elif who == "coordinator":
        client.force_login(halton_coordinator)
    response = client.post(url, GOOD)
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.attendance_target_percent == 90


def _members(programme, n, *, with_actions):
    people = []
    for i in range(n):
        user = make_user(username=f"head{programme.pk}-{with_actions}-{i}")
        membership = Membership.objects.create(
            user=user, programme=programme, role="headteacher", why="To learn", status="approved"
        )
        if i < with_actions:
            MemberAction.objects.create(membership=membership, description="Review the policy")
        people.append(user)
    return people


def test_action_plans_written_is_a_lead_measure(lead, plan, councils, cohorts):
    add_people(plan.programme, councils[0], cohorts[0], 40)  # the report needs enrolments
    _members(plan.programme, 40, with_actions=30)  # 30 of 40 members: 75%
    services.change_targets(actor=lead, plan=plan, action_plan_target_percent=70)
    plan.refresh_from_db()
    measures = {m.label: m for m in reports.impact_report(lead, plan)["lead"]["measures"]}
    line = measures[ACTION_PLANS]
    assert line.count.count == 30 and line.percent_text == "75%"
    assert line.target_text == "70% of network members" and line.status == "Met"
    assert measures[REFLECTION].count.count == 0  # nobody reflected: zero is a figure
    assert measures[REFLECTION].status == "Not yet met"


def test_action_plans_of_a_few_people_are_not_shown(lead, plan, councils, cohorts):
    add_people(plan.programme, councils[0], cohorts[0], 40)
    _members(plan.programme, 20, with_actions=5)
    measures = {m.label: m for m in reports.impact_report(lead, plan)["lead"]["measures"]}
    line = measures[ACTION_PLANS]
    assert not line.count.is_shown and line.percent_text == ""
    assert line.status == "Not reported"
