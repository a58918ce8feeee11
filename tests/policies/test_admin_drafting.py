"""Drafting in the Wagtail admin: sections and items of a draft through the services
(audited, draft only), two officers to publish, nobody else in."""

import pytest

from policies import services
from policies.models import FrameworkVersion, Item
from schools_platform.core.models import AuditEvent


@pytest.fixture
def draft(equalities):
    framework = services.create_framework(actor=equalities, name="Council checklist")
    return services.start_draft_version(actor=equalities, framework=framework)


def test_an_officer_drafts_and_a_second_one_publishes(client, equalities, second_equalities, draft):
    client.force_login(equalities)
    response = client.post(
        "/admin/policies/draft-sections/new/",
        {
            "version": draft.pk,
            "code": "A",
            "title": "Statutory duties",
            "description": "",
            "order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section = draft.sections.get()
    response = client.post(
        "/admin/policies/draft-items/new/",
        {
            "section": section.pk, "code": "A1", "statement": "Publish information yearly",
            "guidance": "", "evidence_sought": "", "basis": "statutory",
            "source": "Equality Act 2010 (Specific Duties) Regulations 2011", "order": 1,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(code="A1")
    assert AuditEvent.objects.filter(verb="policies.item.saved").exists()
    assert client.get("/admin/policies/draft-items/").status_code == 200
    assert client.get("/admin/policies/versions/").status_code == 200

    client.post("/admin/policies/versions/", {"action": "submit", "version": draft.pk})
    draft.refresh_from_db()
    assert draft.status == FrameworkVersion.Status.AWAITING_APPROVAL
    client.post("/admin/policies/versions/", {"action": "approve", "version": draft.pk})
    draft.refresh_from_db()
    assert draft.status == FrameworkVersion.Status.AWAITING_APPROVAL  # not their own
    client.force_login(second_equalities)
    client.post("/admin/policies/versions/", {"action": "approve", "version": draft.pk})
    draft.refresh_from_db()
    assert draft.is_published

    # Published: its items are no longer listed and cannot be changed.
    client.force_login(equalities)
    assert "A1" not in client.get("/admin/policies/draft-items/").content.decode()
    response = client.post(
        f"/admin/policies/draft-items/edit/{item.pk}/",
        {"code": "A1", "statement": "Changed", "basis": "statutory", "source": "x", "order": 1},
    )
    item.refresh_from_db()
    assert item.statement == "Publish information yearly"
    assert response.status_code == 200


def test_others_are_kept_out(client, leader_a, officer, draft):
    for user in (leader_a, officer):
        client.force_login(user)
        for url in ["/admin/policies/versions/", "/admin/policies/draft-items/"]:
            assert client.get(url).status_code in (302, 403), (user, url)
    client.logout()
    assert client.get("/admin/policies/versions/").status_code == 302
