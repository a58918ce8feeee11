"""Every write of the policies module: keyword-only ``actor``, a permission check, one
transaction, one ``core.audit.record``. docs/modules/policies.md lists each rule.

Who may write:
- a race equalities officer (``policies.edit_framework``) drafts framework versions and submits
  them for approval; another one (``policies.approve_framework``, never the person who
  submitted it) publishes them: two people for every published version;
- whoever may manage one school's records (``registry.manage_school_records`` granted on it:
  its leaders and chair) starts, answers and submits that school's reviews;
- an officer with ``policies.assign_reviewer`` assigns a reviewer to each review (a
  django-guardian object permission, ``policies.review_policy`` on that review); only an
  assigned reviewer comments on, returns and approves it.
"""

import datetime
import io
import secrets
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from schools_platform.core import audit
from schools_platform.core.notifications import notify
from schools_platform.registry.models import SchoolUserObjectPermission

from .models import (
    Action,
    Answer,
    AnswerRound,
    EqualityPublication,
    Evidence,
    Framework,
    FrameworkVersion,
    Item,
    ItemResource,
    Rating,
    Review,
    ReviewComment,
    ReviewInvitation,
    Section,
)

EDIT_FRAMEWORK = "policies.edit_framework"
APPROVE_FRAMEWORK = "policies.approve_framework"
REVIEW_POLICY = "policies.review_policy"
ASSIGN_REVIEWER = "policies.assign_reviewer"
CONTRIBUTE = "policies.contribute_to_review"
SCHOOL_MANAGER = "registry.manage_school_records"

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Extensions we accept, each with what its content must look like (checked, not trusted).
EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}

# PSED specific duties (reference §1.1): information yearly, objectives at least every 4 years.
EQUALITY_CADENCE_YEARS = {
    EqualityPublication.Kind.INFORMATION: 1,
    EqualityPublication.Kind.OBJECTIVES: 4,
}
REMIND_DAYS_BEFORE = 30


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_manage_school(user, school) -> bool:
    return _active(user) and user.has_perm(SCHOOL_MANAGER, school)


def can_contribute(user, review) -> bool:
    """Whoever manages the school's records, or a colleague invited to this review (the
    object permission ``policies.contribute_to_review`` on it)."""
    return can_manage_school(user, review.school) or (
        _active(user) and user.has_perm(CONTRIBUTE, review)
    )


def can_review(user) -> bool:
    return _active(user) and user.has_perm(REVIEW_POLICY)


def can_assign_reviewers(user) -> bool:
    return _active(user) and user.has_perm(ASSIGN_REVIEWER)


def is_assigned_reviewer(user, review) -> bool:
    """A reviewer (the global permission) who has been assigned this review (the object one)."""
    return _active(user) and user.has_perm(REVIEW_POLICY) and user.has_perm(REVIEW_POLICY, review)


def can_approve_versions(user) -> bool:
    return _active(user) and user.has_perm(APPROVE_FRAMEWORK)


def may_approve_version(user, version: FrameworkVersion) -> bool:
    """The two-person rule, asked before offering the choice: an approving officer who did not
    submit this version, while it awaits approval. ``approve_version`` enforces it."""
    return (
        can_approve_versions(user)
        and version.status == FrameworkVersion.Status.AWAITING_APPROVAL
        and version.submitted_by_id != user.pk
    )


def _require(user, perm: str, message: str) -> None:
    if not (_active(user) and user.has_perm(perm)):
        raise PermissionDenied(message)


def _require_school_manager(actor, school) -> None:
    if not can_manage_school(actor, school):
        raise PermissionDenied("You cannot change this school's policy reviews.")


# --- frameworks ----------------------------------------------------------------------------


@transaction.atomic
def create_framework(*, actor, name: str, description: str = "") -> Framework:
    _require(actor, EDIT_FRAMEWORK, "You cannot create checklist frameworks.")
    framework = Framework(name=(name or "").strip(), description=description)
    framework.full_clean()
    framework.save()
    audit.record(actor=actor, verb="policies.framework.created", target=framework)
    return framework


@transaction.atomic
def start_draft_version(*, actor, framework: Framework, copy_from=None) -> FrameworkVersion:
    """A new draft version; ``copy_from`` (a version of the same framework) is copied into it,
    so an officer edits a copy while the published version stays as it is."""
    _require(actor, EDIT_FRAMEWORK, "You cannot draft checklist versions.")
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists():
        raise ValidationError({"framework": f"{framework} already has a draft version."})
    number = (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FrameworkVersion.objects.create(
        framework=framework, number=number, created_by=actor, live=False
    )
    if copy_from is not None:
        if copy_from.framework_id != framework.pk:
            raise ValidationError({"copy_from": "Copy a version of the same framework."})
        for section in copy_from.sections.prefetch_related("items"):
            new_section = Section.objects.create(
                version=version,
                code=section.code,
                title=section.title,
                description=section.description,
                order=section.order,
            )
            old_items = list(section.items.all())
            new_items = Item.objects.bulk_create(
                Item(
                    section=new_section,
                    code=item.code,
                    statement=item.statement,
                    guidance=item.guidance,
                    evidence_sought=item.evidence_sought,
                    basis=item.basis,
                    source=item.source,
                    order=item.order,
                )
                for item in old_items
            )
            _copy_resources(dict(zip([i.pk for i in old_items], new_items, strict=True)))
    audit.record(
        actor=actor,
        verb="policies.version.drafted",
        target=version,
        copied_from=copy_from.pk if copy_from else None,
    )
    return version


def _copy_resources(new_item_for: dict) -> None:
    """A new version's items keep the resources linked to the items they were copied from."""
    ItemResource.objects.bulk_create(
        ItemResource(
            item=new_item_for[r.item_id],
            kind=r.kind,
            title=r.title,
            url=r.url,
            document_id=r.document_id,
            description=r.description,
            order=r.order,
            added_by_id=r.added_by_id,
        )
        for r in ItemResource.objects.filter(item_id__in=list(new_item_for))
    )


@transaction.atomic
def link_item_resource(
    *, actor, item: Item, resource: ItemResource | None = None, **fields
) -> ItemResource:
    """Link a resource (a guidance page or document, a case study, a session) to a checklist
    item, or change one. Resources are not part of the checklist, so a published item can
    gain them; the CPD module calls this to link its own."""
    _require(actor, EDIT_FRAMEWORK, "You cannot link resources to checklist items.")
    if resource is None:
        resource = ItemResource(item=item, added_by=actor)
    elif resource.item_id != item.pk:
        raise ValidationError({"item": "That resource is linked to another item."})
    for name in ("kind", "title", "url", "document", "description", "order"):
        if name in fields:
            setattr(resource, name, fields[name])
    resource.full_clean()
    resource.save()
    audit.record(actor=actor, verb="policies.resource.linked", target=resource, item=item.code)
    return resource


@transaction.atomic
def unlink_item_resource(*, actor, resource: ItemResource) -> None:
    _require(actor, EDIT_FRAMEWORK, "You cannot link resources to checklist items.")
    item_code = resource.item.code
    audit.record(actor=actor, verb="policies.resource.unlinked", target=resource, item=item_code)
    resource.delete()


def _draft(version: FrameworkVersion) -> FrameworkVersion:
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(
            {"version": f"{version} is {version.get_status_display().lower()}; edit a draft."}
        )
    return version


@transaction.atomic
def add_section(
    *, actor, version: FrameworkVersion, code: str, title: str, description: str = "", order=0
) -> Section:
    _require(actor, EDIT_FRAMEWORK, "You cannot edit checklist versions.")
    version = _draft(version)
    section = Section(
        version=version, code=code.strip(), title=title.strip(), description=description
    )
    section.order = order
    section.full_clean()
    section.save()
    audit.record(actor=actor, verb="policies.section.added", target=version, section=code)
    return section


@transaction.atomic
def save_item(*, actor, section: Section, item: Item | None = None, **fields) -> Item:
    """Add an item to a draft's section, or change one of its items."""
    _require(actor, EDIT_FRAMEWORK, "You cannot edit checklist versions.")
    _draft(section.version)
    if item is None:
        item = Item(section=section)
    elif item.section_id != section.pk:
        raise ValidationError({"item": "That item is in another section."})
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit.record(actor=actor, verb="policies.item.saved", target=section.version, item=item.code)
    return item


@transaction.atomic
def change_section(*, actor, section: Section, **fields) -> Section:
    """Change a draft's section (its title, description, order; not its version)."""
    _require(actor, EDIT_FRAMEWORK, "You cannot edit checklist versions.")
    _draft(section.version)
    section = Section.objects.get(pk=section.pk)
    for name in ("code", "title", "description", "order"):
        if name in fields:
            setattr(section, name, fields[name])
    section.full_clean()
    section.save()
    audit.record(
        actor=actor, verb="policies.section.changed", target=section.version, section=section.code
    )
    return section


@transaction.atomic
def delete_item(*, actor, item: Item) -> None:
    _require(actor, EDIT_FRAMEWORK, "You cannot edit checklist versions.")
    item = Item.objects.select_related("section__version").get(pk=item.pk)
    _draft(item.section.version)
    version = item.section.version
    item.delete()
    audit.record(actor=actor, verb="policies.item.deleted", target=version, item=item.code)


@transaction.atomic
def submit_version_for_approval(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    _require(actor, EDIT_FRAMEWORK, "You cannot submit checklist versions.")
    version = _draft(version)
    if not Item.objects.filter(section__version=version).exists():
        raise ValidationError({"version": "A version needs at least one item before approval."})
    version.status = FrameworkVersion.Status.AWAITING_APPROVAL
    version.submitted_by = actor
    version.submitted_at = timezone.now()
    version.save()
    audit.record(actor=actor, verb="policies.version.submitted", target=version)
    return version


def _awaiting(version: FrameworkVersion) -> FrameworkVersion:
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != FrameworkVersion.Status.AWAITING_APPROVAL:
        raise ValidationError({"version": f"{version} is not awaiting approval."})
    return version


@transaction.atomic
def approve_version(*, actor, version: FrameworkVersion, revision=None) -> FrameworkVersion:
    """The second officer's approval publishes the version; it is frozen from now on.

    Reached directly or from Wagtail's workflow (the last task approved publishes the latest
    revision: ``FrameworkVersion.publish``); ``revision`` is then the one approved, and what
    the officer edited in it (the notes) becomes the published version's."""
    _require(actor, APPROVE_FRAMEWORK, "You cannot approve checklist versions.")
    version = _awaiting(version)
    if version.submitted_by_id == actor.pk:
        raise PermissionDenied("A second officer must approve a version you submitted.")
    if revision is not None:
        version = revision.as_object()
        version.live_revision = revision
    now = timezone.now()
    version.status = FrameworkVersion.Status.PUBLISHED
    version.approved_by = actor
    version.published_at = now
    version.has_unpublished_changes = False
    version.first_published_at = version.first_published_at or now
    version.last_published_at = now
    version.locked, version.locked_by, version.locked_at = False, None, None
    version.save()
    audit.record(
        actor=actor,
        verb="policies.version.published",
        target=version,
        submitted_by=getattr(version.submitted_by, "username", ""),
    )
    return version


@transaction.atomic
def reject_version(*, actor, version: FrameworkVersion, reason: str) -> FrameworkVersion:
    _require(actor, APPROVE_FRAMEWORK, "You cannot approve checklist versions.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say what needs to change."})
    version = _awaiting(version)
    version.status = FrameworkVersion.Status.DRAFT
    version.save()
    audit.record(actor=actor, verb="policies.version.rejected", target=version, reason=reason)
    return version


@transaction.atomic
def withdraw_version(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """Its workflow was cancelled: a version awaiting approval goes back to draft."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != FrameworkVersion.Status.AWAITING_APPROVAL:
        return version
    version.status = FrameworkVersion.Status.DRAFT
    version.save()
    audit.record(actor=actor, verb="policies.version.withdrawn", target=version)
    return version


# --- the Wagtail workflow, driven from the checklist versions screen -----------------------


@transaction.atomic
def submit_version_to_workflow(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """What the admin's "Submit" does: save a revision and start (or resume) the version's
    Wagtail workflow; its task calls ``submit_version_for_approval`` (permission, items,
    audit)."""
    from wagtail.models import WorkflowState

    _require(actor, EDIT_FRAMEWORK, "You cannot submit checklist versions.")
    version = _draft(version)
    if not Item.objects.filter(section__version=version).exists():
        raise ValidationError({"version": "A version needs at least one item before approval."})
    version.save_revision(user=actor)
    state = version.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=actor)
    else:
        version.get_workflow().start(version, actor)
    return FrameworkVersion.objects.get(pk=version.pk)


@transaction.atomic
def decide_version_in_workflow(
    *, actor, version: FrameworkVersion, approve: bool, reason: str = ""
) -> FrameworkVersion:
    """The second officer's decision on the version's current workflow task (what the admin's
    workflow buttons do): approving publishes it through ``approve_version``."""
    _require(actor, APPROVE_FRAMEWORK, "You cannot approve checklist versions.")
    version = FrameworkVersion.objects.get(pk=version.pk)
    task_state = version.current_workflow_task_state
    if task_state is None:  # submitted before versions had a workflow
        if approve:
            return approve_version(actor=actor, version=version)
        return reject_version(actor=actor, version=version, reason=reason)
    if not may_approve_version(actor, version):
        raise PermissionDenied("A second officer must approve a version you submitted.")
    if not approve and not (reason or "").strip():
        raise ValidationError({"reason": "Say what needs to change."})
    task = task_state.task.specific
    task.on_action(
        task_state.specific, actor, "approve" if approve else "reject", comment=reason or ""
    )
    return FrameworkVersion.objects.get(pk=version.pk)


# --- reviews -------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, actor, school, version: FrameworkVersion, kind: str) -> Review:
    """A school starts a review against a published version: one empty answer per item."""
    _require_school_manager(actor, school)
    if not version.is_published:
        raise ValidationError({"version": "Choose a published checklist version."})
    review = Review(school=school, version=version, kind=kind, started_by=actor)
    review.full_clean()
    review.save()
    Answer.objects.bulk_create(
        Answer(review=review, item=item)
        for item in Item.objects.filter(section__version=version).order_by("pk")
    )
    audit.record(
        actor=actor, verb="policies.review.started", target=review, school=school.urn, kind=kind
    )
    return review


def _editable(review: Review, actor) -> Review:
    review = Review.objects.select_for_update().select_related("school").get(pk=review.pk)
    if not can_contribute(actor, review):
        raise PermissionDenied("You cannot change this school's policy reviews.")
    if not review.editable_by_school:
        raise ValidationError(
            {"review": f"This review is {review.get_status_display().lower()}; it cannot change."}
        )
    return review


def _stale_message(answer: Answer) -> str:
    who = getattr(answer.updated_by, "username", "someone")
    return (
        f"{answer.item.code}: {who} changed this item since you opened it (now rated "
        f"“{answer.get_rating_display() or 'not answered'}”, evidence: "
        f"“{answer.evidence_text[:80] or 'none'}”). Your changes were not saved; check theirs "
        "and save again."
    )


@transaction.atomic
def save_answers(*, actor, review: Review, answers: list[dict]) -> list[Answer]:
    """Save several answers at once (a section's form): all or nothing.

    Each dict: ``answer`` (an Answer of this review), ``lock_version`` (the one the form was
    opened with), ``rating``, ``not_applicable_reason``, ``evidence_text``. A stale
    ``lock_version`` is refused with what changed, so colleagues never overwrite each other.
    """
    review = _editable(review, actor)
    errors: dict[str, list[str]] = {}
    saved = []
    for data in answers:
        answer = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("item", "updated_by")
            .get(pk=data["answer"].pk, review=review)
        )
        if int(data.get("lock_version", -1)) != answer.lock_version:
            errors.setdefault(f"answer-{answer.pk}", []).append(_stale_message(answer))
            continue
        answer.rating = data.get("rating", "") or ""
        answer.not_applicable_reason = (data.get("not_applicable_reason") or "").strip()
        answer.evidence_text = (data.get("evidence_text") or "").strip()
        if answer.rating != Rating.NOT_APPLICABLE:
            answer.not_applicable_reason = ""
        try:
            answer.full_clean(exclude=["review", "item"])
        except ValidationError as error:
            for message in error.messages:
                errors.setdefault(f"answer-{answer.pk}", []).append(message)
            continue
        answer.lock_version += 1
        answer.updated_by = actor
        answer.save()
        saved.append(answer)
    if errors:
        raise ValidationError(errors)
    if saved:
        # The authority's cached figures are keyed on it (selectors.gap_analysis, trends).
        Review.objects.filter(pk=review.pk).update(answers_version=F("answers_version") + 1)
    audit.record(
        actor=actor,
        verb="policies.answers.saved",
        target=review,
        items=[a.item.code for a in saved],
    )
    return saved


def sniff_evidence_type(head: bytes, extension: str) -> bool:
    """Whether the file's content is what its extension claims (never trust the browser)."""
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    return False


def _office_kind(data: bytes) -> str | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_evidence_file(upload, *, item_code: str) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload, or a ValidationError naming the item."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            {"file": f"{item_code}: {name} must be a PDF, DOCX, XLSX, PNG or JPEG file."}
        )
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"file": f"{item_code}: {name} is larger than {MAX_EVIDENCE_BYTES // 1024 // 1024} MB."}
        )
    upload.seek(0)
    if extension in ("docx", "xlsx"):
        ok = _office_kind(upload.read()) == extension
    else:
        ok = sniff_evidence_type(upload.read(16), extension)
    upload.seek(0)
    if not ok:
        raise ValidationError(
            {"file": f"{item_code}: {name} is not a real {extension.upper()} file."}
        )
    return extension, EVIDENCE_TYPES[extension]


@transaction.atomic
def attach_evidence(*, actor, answer: Answer, upload) -> Evidence:
    review = _editable(answer.review, actor)
    answer = Answer.objects.select_related("item").get(pk=answer.pk, review=review)
    extension, content_type = check_evidence_file(upload, item_code=answer.item.code)
    original = upload.name.rsplit("/", 1)[-1][:200]
    evidence = Evidence(
        answer=answer,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(f"{answer.item.code}.{extension}", upload, save=False)
    evidence.save()
    audit.record(
        actor=actor,
        verb="policies.evidence.attached",
        target=review,
        item=answer.item.code,
        file=original,
        size=upload.size,
    )
    return evidence


@transaction.atomic
def add_action(
    *, actor, review: Review, description: str, owner: str, due_on, answer: Answer | None = None
) -> Action:
    review = _editable(review, actor)
    if answer is not None and answer.review_id != review.pk:
        raise ValidationError({"answer": "That item is not in this review."})
    action = Action(
        review=review,
        answer=answer,
        description=(description or "").strip(),
        owner=(owner or "").strip(),
        due_on=due_on,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    audit.record(actor=actor, verb="policies.action.added", target=review, due_on=str(due_on))
    return action


@transaction.atomic
def complete_action(*, actor, action: Action) -> Action:
    action = Action.objects.select_for_update().select_related("review__school").get(pk=action.pk)
    if not can_contribute(actor, action.review):
        raise PermissionDenied("You cannot change this school's policy reviews.")
    action.status = Action.Status.DONE
    action.save(update_fields=["status"])
    audit.record(actor=actor, verb="policies.action.completed", target=action.review)
    return action


@transaction.atomic
def reply_to_comment(*, actor, review: Review, answer: Answer, body: str) -> ReviewComment:
    """The school answers the reviewer's comment on an item before resubmitting."""
    review = _editable(review, actor)
    if answer.review_id != review.pk:
        raise ValidationError({"answer": "That item is not in this review."})
    if not (body or "").strip():
        raise ValidationError({"body": "Write your reply."})
    comment = ReviewComment.objects.create(
        review=review, answer=answer, round=review.round, author=actor, by_reviewer=False, body=body
    )
    audit.record(actor=actor, verb="policies.comment.replied", target=review)
    return comment


# --- inviting colleagues to a review --------------------------------------------------------


@transaction.atomic
def invite_colleague(*, actor, review: Review, email: str) -> ReviewInvitation:
    """A school leader invites a colleague, by e-mail, to help answer one review; the e-mail
    (the kit's ``notify``, once per invitation) carries a link only that address's account
    can accept. Inviting the same address again while it is open sends nothing new."""
    review = _editable(review, actor)
    _require_school_manager(actor, review.school)
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an e-mail address, like name@school.org.uk."}
        ) from None
    if address == (actor.email or "").lower():
        raise ValidationError({"email": "That is your own address."})
    invitation = ReviewInvitation.objects.filter(
        review=review, email=address, accepted_at__isnull=True
    ).first()
    if invitation is not None:
        raise ValidationError({"email": f"{address} has already been invited to this review."})
    invitation = ReviewInvitation.objects.create(
        review=review, email=address, token=secrets.token_urlsafe(32), invited_by=actor
    )
    inviter = actor.get_full_name() or actor.username
    notify(
        to_email=address,
        kind="policies.colleague_invited",
        template="core/email/message",
        reason=f"{inviter} invited you to help with {review.school.name}'s policy review.",
        context={
            "subject": f"Help with a policy review: {review.school.name}",
            "paragraphs": [
                f"{inviter} asked you to help answer {review.school.name}'s "
                f"{review.get_kind_display().lower()} against {review.version}.",
                "Sign in with this e-mail address, then accept the invitation.",
            ],
            "action_url": f"/policies/invitations/{invitation.token}/",
            "action_label": "Accept the invitation",
        },
        dedupe_key=f"policies.colleague_invited:{invitation.pk}",
    )
    audit.record(
        actor=actor, verb="policies.colleague.invited", target=review, invitation=invitation.pk
    )
    return invitation


@transaction.atomic
def accept_invitation(*, actor, invitation: ReviewInvitation) -> Review:
    """The invited colleague accepts: ``policies.contribute_to_review`` on that review only."""
    invitation = ReviewInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not _active(actor) or (actor.email or "").strip().lower() != invitation.email:
        raise PermissionDenied("This invitation was sent to someone else.")
    if invitation.accepted_at is not None:
        raise ValidationError({"invitation": "This invitation has already been used."})
    invitation.accepted_by = actor
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    assign_perm(CONTRIBUTE, actor, invitation.review)
    audit.record(
        actor=actor,
        verb="policies.colleague.joined",
        target=invitation.review,
        invitation=invitation.pk,
    )
    return invitation.review


def _holders(codename: str):
    """Active accounts holding a policies permission through a group or directly."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    perm = Permission.objects.get(content_type__app_label="policies", codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct()
    )


def assigned_reviewers(review: Review) -> list:
    from .models import ReviewUserObjectPermission

    grants = ReviewUserObjectPermission.objects.filter(
        content_object=review, permission__codename="review_policy", user__is_active=True
    ).select_related("user")
    return [grant.user for grant in grants.order_by("user__username")]


def _reviewers(review: Review):
    """Who is told of a submission: its assigned reviewers, or, while it has none, the
    officers who assign them."""
    return assigned_reviewers(review) or list(_holders("assign_reviewer"))


@transaction.atomic
def assign_reviewer(*, actor, review: Review, reviewer) -> None:
    """Give ``reviewer`` this one review to review (an object permission, audited)."""
    _require(actor, ASSIGN_REVIEWER, "You cannot assign reviewers.")
    review = Review.objects.select_for_update().select_related("school").get(pk=review.pk)
    if not (_active(reviewer) and reviewer.has_perm(REVIEW_POLICY)):
        raise ValidationError({"reviewer": f"{reviewer} is not a policy reviewer."})
    if reviewer.has_perm(SCHOOL_MANAGER, review.school):
        raise ValidationError(
            {"reviewer": f"{reviewer} works for {review.school.name}; choose someone else."}
        )
    assign_perm(REVIEW_POLICY, reviewer, review)
    notify(
        recipient=reviewer,
        kind="policies.reviewer_assigned",
        template="core/email/message",
        reason=f"You were asked to review {review.school.name}'s policy review.",
        context={
            "subject": f"Policy review to review: {review.school.name}",
            "paragraphs": [
                f"You are the reviewer of {review.school.name}'s "
                f"{review.get_kind_display().lower()}."
            ],
            "action_url": f"/policies/officer/reviews/{review.pk}/",
            "action_label": "Open the review",
        },
        dedupe_key=f"policies.reviewer_assigned:{review.pk}:{reviewer.pk}",
    )
    audit.record(
        actor=actor, verb="policies.reviewer.assigned", target=review, reviewer=reviewer.username
    )


@transaction.atomic
def revoke_reviewer(*, actor, review: Review, reviewer) -> None:
    _require(actor, ASSIGN_REVIEWER, "You cannot assign reviewers.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    remove_perm(REVIEW_POLICY, reviewer, review)
    audit.record(
        actor=actor, verb="policies.reviewer.revoked", target=review, reviewer=reviewer.username
    )


@transaction.atomic
def submit_review(*, actor, review: Review) -> Review:
    """The school submits: every item must be rated (not applicable with a reason). Only
    those who manage the school's records submit; an invited colleague helps answer."""
    review = _editable(review, actor)
    _require_school_manager(actor, review.school)
    missing = list(
        review.answers.filter(rating="").select_related("item").values_list("item__code", flat=True)
    )
    if missing:
        raise ValidationError(
            {"review": [f"{code}: rate this item before you submit." for code in missing]}
        )
    resubmission = review.status == Review.Status.CHANGES_REQUESTED
    if resubmission:
        review.round += 1
    review.status = Review.Status.SUBMITTED
    review.submitted_at = timezone.now()
    review.save()
    _keep_round(review)
    for reviewer in _reviewers(review):
        notify(
            recipient=reviewer,
            kind="policies.review_submitted",
            template="core/email/message",
            reason=f"{review.school.name} submitted a policy review for you to review.",
            context={
                "subject": f"Policy review submitted: {review.school.name}",
                "paragraphs": [
                    f"{review.school.name} submitted its {review.get_kind_display().lower()} "
                    f"(round {review.round})."
                ],
                "action_url": f"/policies/officer/reviews/{review.pk}/",
                "action_label": "Open the review",
            },
            dedupe_key=f"policies.review_submitted:{review.pk}:{review.round}:{reviewer.pk}",
        )
    audit.record(actor=actor, verb="policies.review.submitted", target=review, round=review.round)
    return review


def review_pdf(*, actor, review: Review) -> bytes:
    """The review as a PDF for the governing board; the caller has found the review through
    ``selectors.get_review_for_reader`` (the school's people, its reviewers). Audited: who
    downloaded which review, not its contents."""
    from . import pdf, selectors

    sections = selectors.review_with_answers(review)
    actions = list(review.actions.select_related("answer__item"))
    general = list(review.comments.filter(answer__isnull=True).order_by("created_at", "id"))
    content = pdf.review_pdf(review, sections, actions, general)
    audit.record(
        actor=actor, verb="policies.review.pdf_downloaded", target=review, school=review.school.urn
    )
    return content


def _keep_round(review: Review) -> None:
    """Copy every answer as submitted in this round, for the side-by-side comparison."""
    answers = review.answers.prefetch_related("documents")
    AnswerRound.objects.bulk_create(
        AnswerRound(
            answer=answer,
            round=review.round,
            rating=answer.rating,
            not_applicable_reason=answer.not_applicable_reason,
            evidence_text=answer.evidence_text,
            documents="\n".join(d.original_name for d in answer.documents.all()),
            submitted_at=review.submitted_at,
        )
        for answer in answers
    )


def _submitted(review: Review, actor) -> Review:
    _require(actor, REVIEW_POLICY, "You cannot review schools' policy reviews.")
    review = Review.objects.select_for_update().select_related("school").get(pk=review.pk)
    if not is_assigned_reviewer(actor, review):
        raise PermissionDenied("Only a reviewer assigned to this review can review it.")
    if review.status != Review.Status.SUBMITTED:
        raise ValidationError({"review": "Only a submitted review can be reviewed."})
    return review


@transaction.atomic
def comment_on_item(*, actor, review: Review, answer: Answer | None, body: str) -> ReviewComment:
    review = _submitted(review, actor)
    if answer is not None and answer.review_id != review.pk:
        raise ValidationError({"answer": "That item is not in this review."})
    if not (body or "").strip():
        raise ValidationError({"body": "Write your comment."})
    comment = ReviewComment.objects.create(
        review=review, answer=answer, round=review.round, author=actor, body=body.strip()
    )
    audit.record(
        actor=actor,
        verb="policies.comment.added",
        target=review,
        item=answer.item.code if answer else None,
    )
    return comment


def _school_people(school):
    grants = SchoolUserObjectPermission.objects.filter(
        content_object=school, permission__codename="manage_school_records", user__is_active=True
    ).select_related("user")
    return [grant.user for grant in grants]


@transaction.atomic
def return_review(*, actor, review: Review, message: str = "") -> Review:
    """Request changes: the school sees the comments, answers them and resubmits."""
    review = _submitted(review, actor)
    if (message or "").strip():
        ReviewComment.objects.create(
            review=review, round=review.round, author=actor, body=message.strip()
        )
    if not review.comments.filter(round=review.round, by_reviewer=True).exists():
        raise ValidationError({"message": "Say what needs to change before returning it."})
    review.status = Review.Status.CHANGES_REQUESTED
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.save()
    for person in _school_people(review.school):
        notify(
            recipient=person,
            kind="policies.review_returned",
            template="core/email/message",
            reason=f"The reviewer asked for changes to {review.school.name}'s policy review.",
            context={
                "subject": "Changes requested to your policy review",
                "paragraphs": ["The reviewer has commented on your review and asked for changes."],
                "action_url": f"/policies/reviews/{review.pk}/",
                "action_label": "Open the review",
            },
            dedupe_key=f"policies.review_returned:{review.pk}:{review.round}:{person.pk}",
        )
    audit.record(actor=actor, verb="policies.review.returned", target=review, round=review.round)
    return review


@transaction.atomic
def approve_review(*, actor, review: Review, next_review_on: datetime.date | None = None) -> Review:
    review = _submitted(review, actor)
    review.status = Review.Status.APPROVED
    review.decided_by = actor
    review.decided_at = timezone.now()
    if next_review_on is not None:
        review.next_review_on = next_review_on
    review.save()
    audit.record(actor=actor, verb="policies.review.approved", target=review, round=review.round)
    return review


# --- downloads of the authority's figures -----------------------------------------------------


@transaction.atomic
def record_report_export(*, actor, report: str, fmt: str, version: FrameworkVersion, rows: int):
    """Each download of the authority's figures (the gap analysis, the completion table) is
    written to the audit log: who, which report, which checklist version, which format and how
    many rows. Reviewers only, as the pages."""
    _require(actor, REVIEW_POLICY, "You cannot download the authority's policy figures.")
    audit.record(
        actor=actor,
        verb="policies.report.exported",
        target=version,
        report=report,
        format=fmt,
        rows=rows,
    )


# --- statutory equality-duty cadence -------------------------------------------------------


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def record_equality_publication(
    *, actor, school, kind: str, published_on: datetime.date, url: str = ""
) -> EqualityPublication:
    _require_school_manager(actor, school)
    if published_on > timezone.localdate():
        raise ValidationError(
            {"published_on": "The date it was published cannot be in the future."}
        )
    publication = EqualityPublication(
        school=school, kind=kind, published_on=published_on, url=url, recorded_by=actor
    )
    publication.full_clean()
    publication.save()
    audit.record(
        actor=actor,
        verb="policies.equality_publication.recorded",
        target=school,
        kind=kind,
        published_on=published_on.isoformat(),
    )
    return publication


def equality_duties(school, *, today: datetime.date, publications=None) -> list[dict]:
    """What the school must publish next: for each duty, the last date, when it is due, and
    whether it is overdue. ``publications`` may be passed in (prefetched) to save queries."""
    if publications is None:
        publications = list(school.equality_publications.all())
    duties = []
    for kind, years in EQUALITY_CADENCE_YEARS.items():
        dates = [p.published_on for p in publications if p.kind == kind]
        last = max(dates) if dates else None
        due_on = _add_years(last, years) if last else None
        duties.append(
            {
                "kind": kind,
                "label": EqualityPublication.Kind(kind).label,
                "every_years": years,
                "last_published_on": last,
                "due_on": due_on,
                "overdue": due_on is None or due_on < today,
                "due_soon": due_on is not None
                and today <= due_on <= today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            }
        )
    return duties


@transaction.atomic
def send_equality_duty_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each school's leaders of an equality duty due within 30 days or overdue.

    Idempotent: the dedupe key names the school, the duty and its due date, so a task that runs
    daily sends each reminder once. A school that has never recorded a publication is reminded
    once (key with "never"). Returns how many messages were sent."""
    from schools_platform.registry.models import School

    today = today or timezone.localdate()
    sent = 0
    schools = School.objects.filter(closed_on__isnull=True).prefetch_related(
        "equality_publications"
    )
    people_by_school: dict[int, list] = {}
    for grant in SchoolUserObjectPermission.objects.filter(
        permission__codename="manage_school_records", user__is_active=True
    ).select_related("user"):
        people_by_school.setdefault(grant.content_object_id, []).append(grant.user)
    for school in schools:
        people = people_by_school.get(school.pk)
        if not people:
            continue
        for duty in equality_duties(
            school, today=today, publications=list(school.equality_publications.all())
        ):
            if not (duty["overdue"] or duty["due_soon"]):
                continue
            due = duty["due_on"].isoformat() if duty["due_on"] else "never"
            when = (
                f"was due on {duty['due_on']:%-d %B %Y}"
                if duty["overdue"] and duty["due_on"]
                else f"is due on {duty['due_on']:%-d %B %Y}"
                if duty["due_on"]
                else "has not been recorded"
            )
            for person in people:
                message = notify(
                    recipient=person,
                    kind="policies.equality_duty_due",
                    template="core/email/message",
                    reason=f"{school.name}'s {duty['label'].lower()} {when}.",
                    context={
                        "subject": f"{duty['label']} for {school.name} {when}",
                        "paragraphs": [
                            f"Schools publish their {duty['label'].lower()} at least every "
                            f"{duty['every_years']} year{'s' if duty['every_years'] > 1 else ''} "
                            "(Equality Act 2010 (Specific Duties) Regulations 2011).",
                            f"{school.name}'s {duty['label'].lower()} {when}.",
                        ],
                        "action_url": f"/policies/schools/{school.urn}/",
                        "action_label": "Record a publication",
                    },
                    dedupe_key=f"policies.equality_due:{school.pk}:{duty['kind']}:{due}:{person.pk}",
                )
                sent += message is not None
    return sent


# --- reminders: actions and policies' next review dates -------------------------------------


def _due_phrase(due_on: datetime.date, today: datetime.date) -> str:
    return f"was due on {due_on:%-d %B %Y}" if due_on < today else f"is due on {due_on:%-d %B %Y}"


@transaction.atomic
def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the school's people and the assigned reviewers of each open action, and each
    approved review's next review date, due within 30 days or overdue.

    Idempotent: the dedupe key names the action (or review), its due date and the person, so
    the daily task sends each reminder once; a new due date is a new reminder."""
    from .models import ReviewUserObjectPermission

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    actions = list(
        Action.objects.filter(status=Action.Status.OPEN, due_on__lte=horizon).select_related(
            "review__school"
        )
    )
    due_reviews = list(
        Review.objects.filter(
            status=Review.Status.APPROVED, next_review_on__isnull=False, next_review_on__lte=horizon
        ).select_related("school")
    )
    school_ids = {a.review.school_id for a in actions} | {r.school_id for r in due_reviews}
    review_ids = {a.review_id for a in actions} | {r.pk for r in due_reviews}
    people: dict[int, list] = {}
    for grant in SchoolUserObjectPermission.objects.filter(
        content_object_id__in=school_ids,
        permission__codename="manage_school_records",
        user__is_active=True,
    ).select_related("user"):
        people.setdefault(grant.content_object_id, []).append(grant.user)
    reviewers: dict[int, list] = {}
    for grant in ReviewUserObjectPermission.objects.filter(
        content_object_id__in=review_ids,
        permission__codename="review_policy",
        user__is_active=True,
    ).select_related("user"):
        reviewers.setdefault(grant.content_object_id, []).append(grant.user)

    sent = 0

    def _send(person, *, kind, subject, line, url, key):
        nonlocal sent
        message = notify(
            recipient=person,
            kind=kind,
            template="core/email/message",
            reason=line,
            context={
                "subject": subject,
                "paragraphs": [line],
                "action_url": url,
                "action_label": "Open the review",
            },
            dedupe_key=key,
        )
        sent += message is not None

    for action in actions:
        review = action.review
        line = (
            f"{review.school.name}: the action “{action.description[:80]}” (owner: "
            f"{action.owner}) {_due_phrase(action.due_on, today)}."
        )
        recipients = people.get(review.school_id, []) + reviewers.get(review.pk, [])
        for person in {p.pk: p for p in recipients}.values():
            _send(
                person,
                kind="policies.action_due",
                subject=f"Policy review action due: {review.school.name}",
                line=line,
                url=f"/policies/reviews/{review.pk}/",
                key=f"policies.action_due:{action.pk}:{action.due_on.isoformat()}:{person.pk}",
            )
    for review in due_reviews:
        line = (
            f"{review.school.name}'s {review.get_kind_display().lower()} policy is due for "
            f"review: it {_due_phrase(review.next_review_on, today)}."
        )
        recipients = people.get(review.school_id, []) + reviewers.get(review.pk, [])
        for person in {p.pk: p for p in recipients}.values():
            _send(
                person,
                kind="policies.policy_review_due",
                subject=f"Policy due for review: {review.school.name}",
                line=line,
                url=f"/policies/reviews/{review.pk}/",
                key=(
                    f"policies.policy_review_due:{review.pk}:"
                    f"{review.next_review_on.isoformat()}:{person.pk}"
                ),
            )
    return sent


# --- termly racist incident returns ---------------------------------------------------------


def collects_incident_returns(school) -> bool:
    from .models import AuthorityPolicySettings

    return AuthorityPolicySettings.objects.filter(
        authority_id=school.authority_id, collect_incident_returns=True
    ).exists()


@transaction.atomic
def submit_incident_return(
    *, actor, school, academic_year: int, term: str, counts: dict, nil_return: bool
):
    """A school's counts of racist incidents by type for one term, or a nil return. Counts
    only: the return holds no case, pupil or name. Sending it again replaces the counts."""
    from .models import IncidentCount, IncidentReturn, IncidentType, Term

    _require_school_manager(actor, school)
    if not collects_incident_returns(school):
        raise ValidationError({"term": "Your council does not collect racist incident returns."})
    errors = {}
    if term not in Term.values:
        errors["term"] = "Choose the term."
    this_year = timezone.localdate().year
    if not (2000 <= int(academic_year) <= this_year):
        errors["academic_year"] = f"Give the year the school year starts, 2000 to {this_year}."
    cleaned = {}
    for kind in IncidentType.values:
        raw = counts.get(kind, 0)
        try:
            number = int(raw or 0)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            errors[f"count-{kind}"] = f"{IncidentType(kind).label}: give a whole number, 0 or more."
        cleaned[kind] = number
    total = sum(n for n in cleaned.values() if n > 0)
    if not errors and nil_return and total:
        errors["nil_return"] = "A nil return has no incidents; remove the counts or untick it."
    if not errors and not nil_return and not total:
        errors["nil_return"] = "Give the counts, or tick “No incidents this term” (a nil return)."
    if errors:
        raise ValidationError(errors)
    record, _ = IncidentReturn.objects.select_for_update().get_or_create(
        school=school, academic_year=int(academic_year), term=term
    )
    record.nil_return = bool(nil_return)
    record.submitted_by = actor
    record.save()
    record.counts.all().delete()
    IncidentCount.objects.bulk_create(
        IncidentCount(incident_return=record, type=kind, count=number)
        for kind, number in cleaned.items()
        if number
    )
    # The audit keeps that a return was made, not its figures (they are in the record).
    audit.record(
        actor=actor,
        verb="policies.incident_return.submitted",
        target=school,
        academic_year=int(academic_year),
        term=term,
        nil_return=bool(nil_return),
    )
    return record
