"""A checklist version goes through Wagtail's workflow (snippet with drafts, revisions, locking
and moderation): one officer submits it, a second one approves it in the custom task, and the
approval publishes it through ``services.approve_version``; a published version is frozen."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import TaskState, WorkflowState

from policies import services
from policies.models import FrameworkVersion, FrozenVersionError, Item, SecondOfficerApprovalTask
from schools_platform.core.models import AuditEvent


@pytest.fixture
def draft(equalities):
    framework = services.create_framework(actor=equalities, name="Council checklist")
    version = services.start_draft_version(actor=equalities, framework=framework)
    section = services.add_section(actor=equalities, version=version, code="A", title="Duties")
    services.save_item(
        actor=equalities,
        section=section,
        code="A1",
        statement="Publish equality information every year",
        basis=Item.Basis.STATUTORY,
        source="Equality Act 2010 (Specific Duties) Regulations 2011",
    )
    return version


def _edit_url(version):
    return f"/admin/snippets/policies/frameworkversion/edit/{version.pk}/"


def test_submitting_starts_the_workflow_and_a_second_officer_publishes(
    equalities, second_equalities, draft
):
    assert not draft.live
    version = services.submit_version_to_workflow(actor=equalities, version=draft)
    assert version.status == FrameworkVersion.Status.AWAITING_APPROVAL
    assert version.submitted_by == equalities
    state = version.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert isinstance(state.current_task_state.task.specific, SecondOfficerApprovalTask)
    assert version.revisions.count() == 1
    assert AuditEvent.objects.filter(verb="policies.version.submitted").count() == 1

    # The submitter is offered nothing and refused; the second officer approves.
    task = state.current_task_state.task.specific
    assert task.get_actions(version, equalities) == []
    assert [name for name, *_ in task.get_actions(version, second_equalities)] == [
        "reject",
        "approve",
    ]
    assert not task.get_task_states_user_can_moderate(equalities).exists()
    assert task.get_task_states_user_can_moderate(second_equalities).exists()
    with pytest.raises(PermissionDenied):
        services.decide_version_in_workflow(actor=equalities, version=version, approve=True)

    version = services.decide_version_in_workflow(
        actor=second_equalities, version=version, approve=True
    )
    assert version.is_published and version.live
    assert version.approved_by == second_equalities
    assert version.live_revision == version.latest_revision
    assert version.first_published_at is not None
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert AuditEvent.objects.filter(verb="policies.version.published").count() == 1


def test_sending_back_needs_a_reason_and_resubmitting_resumes_the_workflow(
    equalities, second_equalities, draft
):
    version = services.submit_version_to_workflow(actor=equalities, version=draft)
    with pytest.raises(ValidationError, match="Say what needs to change"):
        services.decide_version_in_workflow(
            actor=second_equalities, version=version, approve=False, reason=" "
        )
    version = services.decide_version_in_workflow(
        actor=second_equalities, version=version, approve=False, reason="Add section B"
    )
    assert version.status == FrameworkVersion.Status.DRAFT
    assert version.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert AuditEvent.objects.filter(verb="policies.version.rejected").count() == 1

    version = services.submit_version_to_workflow(actor=equalities, version=version)
    assert version.status == FrameworkVersion.Status.AWAITING_APPROVAL
    assert version.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.count() == 1  # the same workflow, resumed
    version = services.decide_version_in_workflow(
        actor=second_equalities, version=version, approve=True
    )
    assert version.is_published


def test_an_empty_version_cannot_be_submitted(equalities):
    framework = services.create_framework(actor=equalities, name="Empty")
    version = services.start_draft_version(actor=equalities, framework=framework)
    with pytest.raises(ValidationError, match="at least one item"):
        services.submit_version_to_workflow(actor=equalities, version=version)
    assert not WorkflowState.objects.exists()


def test_cancelling_the_workflow_returns_the_version_to_draft(equalities, draft):
    version = services.submit_version_to_workflow(actor=equalities, version=draft)
    version.current_workflow_state.cancel(user=equalities)
    version.refresh_from_db()
    assert version.status == FrameworkVersion.Status.DRAFT
    assert AuditEvent.objects.filter(verb="policies.version.withdrawn").count() == 1


def test_a_published_version_is_frozen_and_reviews_keep_it(
    equalities, second_equalities, draft, leader_a, school_a
):
    version = services.submit_version_to_workflow(actor=equalities, version=draft)
    version = services.decide_version_in_workflow(
        actor=second_equalities, version=version, approve=True
    )
    review = services.start_review(
        actor=leader_a, school=school_a, version=version, kind="behaviour"
    )
    with pytest.raises(FrozenVersionError):
        version.save_revision(user=equalities)
    with pytest.raises(FrozenVersionError):
        version.unpublish()
    new = services.start_draft_version(
        actor=equalities, framework=version.framework, copy_from=version
    )
    item = Item.objects.get(section__version=new)
    services.save_item(actor=equalities, section=item.section, item=item, statement="Changed")
    new = services.submit_version_to_workflow(actor=equalities, version=new)
    services.decide_version_in_workflow(actor=second_equalities, version=new, approve=True)
    review.refresh_from_db()
    assert review.version_id == version.pk
    assert review.answers.get().item.statement == "Publish equality information every year"


def test_the_wagtail_editor_submits_locks_and_the_second_officer_approves(
    client, equalities, second_equalities, draft
):
    client.force_login(equalities)
    assert client.get("/admin/snippets/policies/frameworkversion/").status_code == 200
    response = client.get(_edit_url(draft))
    assert response.status_code == 200

    # Lock it: another officer's edits are refused while it is locked.
    response = client.post(f"/admin/snippets/policies/frameworkversion/lock/{draft.pk}/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.locked and draft.locked_by == equalities
    client.force_login(second_equalities)
    client.post(_edit_url(draft), {"notes": "Overwritten"})
    assert not draft.revisions.filter(content__notes="Overwritten").exists()
    client.force_login(equalities)
    client.post(f"/admin/snippets/policies/frameworkversion/unlock/{draft.pk}/")

    response = client.post(_edit_url(draft), {"notes": "First version", "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.status == FrameworkVersion.Status.AWAITING_APPROVAL
    task_state = draft.current_workflow_task_state

    # The submitter's approval through the editor is not possible; the second officer's is.
    client.post(
        _edit_url(draft),
        {
            "notes": "First version",
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
    )
    draft.refresh_from_db()
    assert not draft.is_published
    client.force_login(second_equalities)
    response = client.post(
        f"/admin/snippets/policies/frameworkversion/workflow/action/"
        f"{draft.pk}/approve/{task_state.pk}/",
        {},
    )
    assert response.status_code in (200, 302), response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.notes == "First version"
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED

    # Published: the editor refuses every change.
    client.force_login(equalities)
    client.post(_edit_url(draft), {"notes": "Changed later"})
    draft.refresh_from_db()
    assert draft.notes == "First version"


def test_the_editor_refuses_an_empty_submission_on_the_form(client, equalities):
    framework = services.create_framework(actor=equalities, name="Empty")
    version = services.start_draft_version(actor=equalities, framework=framework)
    client.force_login(equalities)
    response = client.post(_edit_url(version), {"notes": "", "action-submit": "1"})
    assert response.status_code == 200
    assert "at least one item" in response.content.decode()
    assert not WorkflowState.objects.exists()


def test_the_editor_is_closed_to_school_leaders_and_anonymous_visitors(client, leader_a, draft):
    response = client.get(_edit_url(draft))
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(leader_a)
    response = client.get(_edit_url(draft))
    assert response.status_code in (302, 403)
    assert client.get("/admin/snippets/policies/frameworkversion/").status_code in (302, 403)


@pytest.mark.parametrize("frameworks", [1, 5])
def test_admin_version_and_resource_listings_at_two_sizes(
    client, django_assert_max_num_queries, equalities, frameworks
):
    for n in range(frameworks):
        framework = services.create_framework(actor=equalities, name=f"Checklist {n}")
        version = services.start_draft_version(actor=equalities, framework=framework)
        section = services.add_section(actor=equalities, version=version, code="A", title="A")
        item = services.save_item(
            actor=equalities, section=section, code="A1", statement="S", basis="statutory",
            source="Equality Act 2010",
        )  # fmt: skip
        services.link_item_resource(
            actor=equalities, item=item, title=f"Guide {n}", url="https://example.org/"
        )
        services.submit_version_to_workflow(actor=equalities, version=version)
    client.force_login(equalities)
    with django_assert_max_num_queries(40):
        assert client.get("/admin/snippets/policies/frameworkversion/").status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get("/admin/policies/item-resources/").status_code == 200
