"""Erasing a member anonymises their case studies: the page and every stored Wagtail
revision of it (drafts, the version a moderator saw, older published ones) lose the contact
text and the author, so the editor's history cannot show them again."""

import json

import pytest
from wagtail.models import Revision

from cpd.network import services
from cpd.network.models import CaseStudyPage
from schools_platform.core import personal_data

from .conftest import CASE_STUDY, submit

pytestmark = pytest.mark.django_db
CONTACT = CASE_STUDY["contact"]


def test_no_revision_keeps_the_contact_after_erasure(member, lead, item, steward):
    page = submit(member, items=[item])
    services.moderate_case_study(actor=lead, page=page, decision="approve")
    page.refresh_from_db()
    # A second version with a new contact, sent back to moderation (the first stays live).
    submit(member, items=[item], page=page, contact="Deputy, deputy@alder.example.org")
    revisions = Revision.objects.filter(object_id=str(page.pk))
    assert revisions.count() >= 2
    assert any(CONTACT in json.dumps(r.content) for r in revisions)

    personal_data.erase_person(actor=steward, person=member)

    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.contact == "(removed)" and page.author_id is None
    assert page.live  # the case study stays, without its author's details
    for revision in Revision.objects.filter(object_id=str(page.pk)):
        text = json.dumps(revision.content)
        assert CONTACT not in text and "deputy@alder.example.org" not in text
        assert revision.content["contact"] == "(removed)"
        assert revision.content["author"] is None
    assert page.get_latest_revision_as_object().contact == "(removed)"


def test_other_authors_revisions_are_left_alone(member, other_member, lead, item, steward):
    mine = submit(member, items=[item])
    theirs = submit(other_member, items=[item], contact="Head, omar@example.org")
    personal_data.erase_person(actor=steward, person=member)
    kept = Revision.objects.get(object_id=str(theirs.pk))
    assert kept.content["contact"] == "Head, omar@example.org"
    assert Revision.objects.get(object_id=str(mine.pk)).content["contact"] == "(removed)"
