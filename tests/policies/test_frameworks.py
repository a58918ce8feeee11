"""Framework versions: drafted by one officer, approved by a second, frozen once published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError

from policies import services
from policies.models import FrameworkVersion, FrozenVersionError, Item, Section
from schools_platform.core.models import AuditEvent

from .conftest import build_version


def test_publishing_needs_a_second_officer(equalities):
    framework = services.create_framework(actor=equalities, name="Checklist")
    version = services.start_draft_version(actor=equalities, framework=framework)
    section = services.add_section(actor=equalities, version=version, code="A", title="Statutory")
    services.save_item(
        actor=equalities, section=section, code="A1", statement="s", basis="statutory", source="x"
    )
    services.submit_version_for_approval(actor=equalities, version=version)
    with pytest.raises(PermissionDenied, match="second officer"):
        services.approve_version(actor=equalities, version=version)
    version.refresh_from_db()
    assert version.status == FrameworkVersion.Status.AWAITING_APPROVAL


def test_approval_publishes_and_is_audited(version, second_equalities):
    assert version.is_published and version.approved_by == second_equalities
    assert AuditEvent.objects.filter(verb="policies.version.published", target_id=str(version.pk))


def test_a_published_version_is_frozen(version, equalities):
    item = Item.objects.filter(section__version=version).first()
    item.statement = "changed"
    with pytest.raises(FrozenVersionError):
        item.save()
    with pytest.raises(FrozenVersionError):
        item.delete()
    section = Section.objects.filter(version=version).first()
    with pytest.raises(FrozenVersionError):
        Section.objects.create(version=version, code="Z", title="late")
    with pytest.raises(ValidationError):
        services.save_item(actor=equalities, section=section, item=item, statement="again")
    with pytest.raises(FrozenVersionError):
        version.notes = "edited"
        version.save()
    assert Item.objects.get(pk=item.pk).statement != "changed"


def test_an_item_cannot_be_moved_out_of_a_published_version(version, equalities):
    framework = version.framework
    draft = services.start_draft_version(actor=equalities, framework=framework, copy_from=version)
    item = Item.objects.filter(section__version=version).first()
    item.section = draft.sections.first()
    with pytest.raises(FrozenVersionError):
        item.save()


def test_a_new_version_copies_and_leaves_the_old_one(version, equalities, second_equalities):
    draft = services.start_draft_version(
        actor=equalities, framework=version.framework, copy_from=version
    )
    assert draft.number == 2
    assert Item.objects.filter(section__version=draft).count() == 4
    item = Item.objects.filter(section__version=draft, code="A1").get()
    services.save_item(actor=equalities, section=item.section, item=item, statement="New wording")
    old = Item.objects.get(section__version=version, code="A1")
    assert old.statement == "Statement A1"


def test_reviews_keep_their_version(review_a, equalities, second_equalities):
    old_version = review_a.version
    draft = services.start_draft_version(
        actor=equalities, framework=old_version.framework, copy_from=old_version
    )
    services.submit_version_for_approval(actor=equalities, version=draft)
    services.approve_version(actor=second_equalities, version=draft)
    review_a.refresh_from_db()
    assert review_a.version == old_version
    assert {a.item.section.version_id for a in review_a.answers.all()} == {old_version.pk}
    with pytest.raises(ProtectedError):  # PROTECT: a version with reviews cannot go
        FrameworkVersion.objects.filter(pk=old_version.pk).delete()


def test_only_equalities_officers_draft(leader_a, officer):
    for user in (leader_a, officer):
        with pytest.raises(PermissionDenied):
            services.create_framework(actor=user, name="Mine")


def test_an_empty_version_cannot_be_submitted(equalities):
    framework = services.create_framework(actor=equalities, name="Empty")
    version = services.start_draft_version(actor=equalities, framework=framework)
    with pytest.raises(ValidationError, match="at least one item"):
        services.submit_version_for_approval(actor=equalities, version=version)


def test_rejection_returns_to_draft(equalities, second_equalities):
    version = build_version(equalities, second_equalities)
    draft = services.start_draft_version(
        actor=equalities, framework=version.framework, copy_from=version
    )
    services.submit_version_for_approval(actor=equalities, version=draft)
    with pytest.raises(ValidationError):
        services.reject_version(actor=second_equalities, version=draft, reason=" ")
    services.reject_version(actor=second_equalities, version=draft, reason="Fix A2")
    draft.refresh_from_db()
    assert draft.is_draft
