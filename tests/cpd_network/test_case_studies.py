"""Case studies: a member's form, the Wagtail moderation workflow (approve, request changes,
reject), members-only or public, retraction, search and the checklist item's page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import WorkflowState

from cpd.network import selectors, services
from cpd.network.models import CaseStudyPage
from schools_platform.core.models import AuditEvent, Notification

from .conftest import CASE_STUDY, submit

pytestmark = pytest.mark.django_db


def _state(page):
    return WorkflowState.objects.filter(object_id=str(page.pk)).order_by("-pk").first()


def test_submitting_starts_the_wagtail_workflow(member, item):
    page = submit(member, items=[item])
    assert not page.live
    assert _state(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_parent().specific.__class__.__name__ == "CaseStudyIndexPage"
    assert list(page.checklist_items.all()) == [item]


def test_moderator_approves_and_it_is_published(member, lead, item, client, outsider):
    page = submit(member, items=[item], audience="public")
    services.moderate_case_study(actor=lead, page=page, decision="approve", comment="Lovely")
    page.refresh_from_db()
    assert page.live and _state(page).status == WorkflowState.STATUS_APPROVED
    assert Notification.objects.filter(recipient=member, kind="cpd_network.case_study").exists()
    assert client.get(page.url).status_code == 200  # public: a visitor reads it
    assert selectors.case_studies_published_count() == 1


def test_members_only_case_study_is_404_to_visitors_and_non_members(
    member, other_member, lead, item, client, outsider, officer
):
    page = submit(member, items=[item], audience="members")
    services.moderate_case_study(actor=lead, page=page, decision="approve")
    page.refresh_from_db()
    assert client.get(page.url).status_code == 404
    for user in (outsider, officer):
        client.force_login(user)
        assert client.get(page.url).status_code == 404
        assert page.title not in client.get("/training/network/case-studies/").content.decode()
        assert client.get(f"/training/network/checklist-items/{item.pk}/").status_code == 200
        assert (
            page.title
            not in client.get(f"/training/network/checklist-items/{item.pk}/").content.decode()
        )
    client.force_login(other_member)
    assert client.get(page.url).status_code == 200


def test_moderator_may_narrow_the_audience(member, lead, item, client):
    page = submit(member, items=[item], audience="public")
    services.moderate_case_study(actor=lead, page=page, decision="approve", audience="members")
    page.refresh_from_db()
    assert page.audience == "members"
    assert client.get(page.url).status_code == 404


def test_request_changes_then_resubmit_then_approve(member, lead, item, client):
    page = submit(member, items=[item])
    with pytest.raises(ValidationError) as error:
        services.moderate_case_study(actor=lead, page=page, decision="changes")
    assert "comment" in error.value.message_dict
    services.moderate_case_study(
        actor=lead, page=page, decision="changes", comment="Add the evidence."
    )
    assert _state(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    client.force_login(member)
    mine = client.get("/training/network/case-studies/mine/").content.decode()
    assert "Changes requested" in mine and "Add the evidence." in mine
    page = CaseStudyPage.objects.get(pk=page.pk)
    submit(member, items=[item], page=page, impact="Reports doubled (school records, 2025).")
    assert _state(page).status == WorkflowState.STATUS_IN_PROGRESS
    services.moderate_case_study(actor=lead, page=page, decision="approve")
    page.refresh_from_db()
    assert page.live and "school records" in page.impact


def test_reject_closes_it(member, lead, item):
    page = submit(member, items=[item])
    services.moderate_case_study(actor=lead, page=page, decision="reject", comment="Names pupils.")
    page.refresh_from_db()
    assert page.closed == "rejected" and not page.live
    assert _state(page).status == WorkflowState.STATUS_CANCELLED
    assert AuditEvent.objects.filter(verb="cpd_network.case_study_reject").exists()


def test_author_retracts_a_published_case_study(member, lead, item, client):
    page = submit(member, items=[item], audience="public")
    services.moderate_case_study(actor=lead, page=page, decision="approve")
    page.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.retract_case_study(actor=lead, page=page)
    client.force_login(member)
    assert client.post(f"/training/network/case-studies/{page.pk}/retract/").status_code == 302
    page.refresh_from_db()
    assert not page.live and page.closed == "retracted"
    client.logout()
    assert client.get(page.url).status_code == 404
    assert selectors.case_studies_published_count() == 0


def test_non_members_cannot_submit_and_non_moderators_cannot_moderate(
    member, outsider, other_member, item
):
    with pytest.raises(PermissionDenied):
        submit(outsider, items=[item])
    page = submit(member, items=[item])
    with pytest.raises(PermissionDenied):
        services.moderate_case_study(actor=other_member, page=page, decision="approve")


def test_the_form_names_each_missing_part(client, member, item):
    client.force_login(member)
    response = client.post("/training/network/case-studies/new/", {"title": "Only a title"})
    assert response.status_code == 400
    body = response.content.decode()
    for message in (
        "Enter the context",
        "Enter what you did",
        "Enter the impact",
        "Choose the phase",
    ):
        assert message in body
    data = {**CASE_STUDY, "checklist_items": [item.pk]}
    response = client.post("/training/network/case-studies/new/", data)
    assert response.status_code == 302
    assert CaseStudyPage.objects.get().author == member


def test_moderation_pages(client, member, lead, item, other_member):
    page = submit(member, items=[item])
    client.force_login(other_member)
    assert client.get("/training/network/moderation/").status_code == 404
    assert client.get(f"/training/network/moderation/case-studies/{page.pk}/").status_code == 404
    client.force_login(lead)
    assert page.title in client.get("/training/network/moderation/").content.decode()
    response = client.post(
        f"/training/network/moderation/case-studies/{page.pk}/",
        {"decision": "reject", "comment": ""},
    )
    assert response.status_code == 400 and "Tell the author" in response.content.decode()
    response = client.post(
        f"/training/network/moderation/case-studies/{page.pk}/",
        {"decision": "approve", "comment": "", "audience": ""},
    )
    assert response.status_code == 302
    assert CaseStudyPage.objects.get(pk=page.pk).live


def _publish(member, lead, **changes):
    page = submit(member, **changes)
    services.moderate_case_study(actor=lead, page=page, decision="approve")
    page.refresh_from_db()
    return page


def test_search_by_text_phase_theme_and_item(member, lead, item, checklist):
    other_item = checklist.sections.order_by("order").last().items.first()
    a = _publish(member, lead, items=[item], title="Pupil voice panels", audience="public")
    b = _publish(
        member,
        lead,
        items=[other_item],
        title="Anonymised shortlisting",
        phase="secondary",
        theme="workforce",
        context="Shortlisting rates differed.",
        what_we_did="We anonymised applications.",
    )
    found = lambda **kw: {p.pk for p in selectors.search_case_studies(member, **kw)}  # noqa: E731
    assert found() == {a.pk, b.pk}
    assert found(query="anonymised") == {b.pk}
    assert found(phase="secondary") == {b.pk}
    assert found(theme="racist_incidents") == {a.pk}
    assert found(item=item) == {a.pk}
    assert found(item=item, query="anonymised") == set()
    from django.contrib.auth.models import AnonymousUser

    assert {p.pk for p in selectors.search_case_studies(AnonymousUser())} == {a.pk}


def test_search_page_and_checklist_item_page(client, member, other_member, lead, item, sessions):
    from cpd.network.models import SessionChecklistItem

    page = _publish(member, lead, items=[item])
    SessionChecklistItem.objects.create(session=sessions[1], item=item)
    client.force_login(other_member)
    response = client.get("/training/network/case-studies/", {"item": item.pk, "q": "pupil"})
    assert response.status_code == 200 and page.title in response.content.decode()
    body = client.get(f"/training/network/checklist-items/{item.pk}/").content.decode()
    assert page.title in body and sessions[1].module.title in body
    assert client.get("/training/network/checklist-items/999999/").status_code == 404


def test_the_item_filter_lists_every_item_and_keeps_the_choice(client, item):
    """The checklist item select is joined in Python (forms.PlainSelect): it names every
    published item, escapes their text and marks the chosen one."""
    page = client.get(f"/training/network/case-studies/?item={item.pk}").content.decode()
    assert '<select class="govuk-select" id="id_item" name="item">' in page
    assert '<option value="">Any item</option>' in page
    assert f'<option value="{item.pk}" selected>' in page
    assert "<script" not in page.split('id="id_item"', 1)[1].split("</select>", 1)[0]
