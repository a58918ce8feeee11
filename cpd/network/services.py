"""Every write of the network: keyword-only ``actor``, a permission check, one transaction, one
audit event, e-mails after commit (``notify``).

Reflections are private: their audit events name the entry by number only, never its title or
text, because officers read the audit log.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from policies import selectors as policy_selectors
from schools_platform.core import audit
from schools_platform.core.notifications import notify
from schools_platform.core.roles import CPD_PROGRAMME_LEAD

from . import selectors
from .models import (
    Audience,
    CaseStudyIndexPage,
    CaseStudyPage,
    Cohort,
    Comment,
    CommentReport,
    LearningSet,
    MemberAction,
    Membership,
    Reflection,
    Resource,
)

WORKFLOW_NAME = "Network case studies"
TASK_NAME = "Programme lead review"
CASE_STUDY_FIELDS = (
    "title",
    "school_name",
    "context",
    "what_we_did",
    "impact",
    "learned",
    "contact",
    "phase",
    "theme",
    "audience",
)


def _signed_in(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied("Sign in first.")


def _require_lead(actor) -> None:
    if not selectors.is_lead(actor):
        raise PermissionDenied("Only a programme lead can do this.")


def _require_member(actor) -> None:
    if not selectors.is_member(actor):
        raise PermissionDenied("Only members of the network can do this.")


def _require_moderator(actor) -> None:
    if not selectors.is_moderator(actor):
        raise PermissionDenied("Only a moderator can do this.")


def _message(recipient, *, kind, subject, paragraphs, reason, url, label, key=None):
    return notify(
        recipient=recipient,
        kind=kind,
        template="core/email/message",
        reason=reason,
        context={
            "subject": subject,
            "paragraphs": [p for p in paragraphs if p],
            "action_url": url,
            "action_label": label,
        },
        dedupe_key=key,
    )


# --- applications ---------------------------------------------------------------------------


@transaction.atomic
def apply_to_join(*, actor, programme, role: str, school=None, why: str) -> Membership:
    _signed_in(actor)
    if programme not in selectors.network_programmes():
        raise ValidationError({"programme": "This programme's network does not take applications."})
    if not why.strip():
        raise ValidationError({"why": "Tell us why you want to join."})
    if Membership.objects.filter(
        user=actor,
        programme=programme,
        status__in=[Membership.Status.PENDING, Membership.Status.APPROVED],
    ).exists():
        raise ValidationError({"programme": "You have already applied to this network."})
    membership = Membership(
        user=actor, programme=programme, role=role, school=school, why=why.strip()
    )
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError({"programme": "You have already applied to this network."}) from None
    audit.record(actor=actor, verb="cpd_network.applied", target=membership)
    return membership


@transaction.atomic
def decide_application(
    *,
    actor,
    membership: Membership,
    approve: bool,
    message: str = "",
    cohort: Cohort | None = None,
    learning_set: LearningSet | None = None,
) -> Membership:
    _require_lead(actor)
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if membership.status != Membership.Status.PENDING:
        raise ValidationError("This application has already been decided.")
    if not approve and not message.strip():
        raise ValidationError({"message": "Say why the application is declined."})
    if cohort is not None and cohort.programme_id != membership.programme_id:
        raise ValidationError({"cohort": "Choose a cohort of the programme applied to."})
    if learning_set is not None and learning_set.cohort_id != getattr(cohort, "pk", None):
        raise ValidationError({"learning_set": "Choose an action learning set of that cohort."})
    membership.status = Membership.Status.APPROVED if approve else Membership.Status.DECLINED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_message = message.strip()
    if approve:
        membership.cohort = cohort
        membership.learning_set = learning_set
    membership.save()
    audit.record(
        actor=actor,
        verb="cpd_network.approved" if approve else "cpd_network.declined",
        target=membership,
    )
    title = membership.programme.title
    _message(
        membership.user,
        kind="cpd_network.decision",
        subject=f"Your application to the {title} network"
        + (" is approved" if approve else " was declined"),
        paragraphs=[
            "Welcome to the network. Your members' page shows your cohort, your next session "
            "and your actions."
            if approve
            else "Your application was not approved this time.",
            f"A message from the programme lead: {membership.decision_message}"
            if membership.decision_message
            else "",
        ],
        reason=f"You applied to join the {title} network.",
        url=reverse("cpd_network:home") if approve else reverse("cpd_network:apply"),
        label="The network" if approve else "Apply again",
        key=f"cpd_network.decision:{membership.pk}",
    )
    return membership


@transaction.atomic
def place_member(*, actor, membership: Membership, cohort=None, learning_set=None) -> Membership:
    _require_lead(actor)
    if cohort is not None and cohort.programme_id != membership.programme_id:
        raise ValidationError({"cohort": "Choose a cohort of the member's programme."})
    if learning_set is not None and learning_set.cohort_id != getattr(cohort, "pk", None):
        raise ValidationError({"learning_set": "Choose an action learning set of that cohort."})
    membership.cohort, membership.learning_set = cohort, learning_set
    membership.save(update_fields=["cohort", "learning_set"])
    audit.record(actor=actor, verb="cpd_network.placed", target=membership)
    return membership


# --- cohorts and action learning sets (the lead's Wagtail screens, viewsets.py) -------------


def _check_sessions(sessions, programme_id, field="sessions") -> list:
    sessions = list(sessions or [])
    if any(s.module.programme_id != programme_id for s in sessions):
        raise ValidationError({field: "Choose sessions of the cohort's own programme."})
    return sessions


@transaction.atomic
def save_cohort(*, actor, programme, name: str, sessions=(), cohort: Cohort | None = None):
    """Add a cohort to a programme's network, or rename one and change its sessions. A
    cohort keeps its programme (its members applied to that programme)."""
    _require_lead(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the cohort's name."})
    if programme is None:
        raise ValidationError({"programme": "Choose the programme."})
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError({"programme": "A cohort keeps its programme."})
    taken = Cohort.objects.filter(programme=programme, name__iexact=name)
    if cohort is not None:
        taken = taken.exclude(pk=cohort.pk)
    if taken.exists():
        raise ValidationError({"name": f"The programme already has a cohort called {name}."})
    sessions = _check_sessions(sessions, programme.pk)
    created = cohort is None
    cohort = cohort or Cohort(programme=programme)
    cohort.name = name
    cohort.full_clean()
    cohort.save()
    cohort.sessions.set(sessions)
    audit.record(
        actor=actor,
        verb="cpd_network.cohort_added" if created else "cpd_network.cohort_changed",
        target=cohort,
        sessions=len(sessions),
    )
    return cohort


@transaction.atomic
def save_learning_set(
    *,
    actor,
    cohort: Cohort,
    name: str,
    facilitator=None,
    sessions=(),
    learning_set: LearningSet | None = None,
) -> LearningSet:
    """Add an action learning set to a cohort, or change its name, facilitator and sessions.
    A set keeps its cohort (move its members instead)."""
    _require_lead(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the set's name."})
    if cohort is None:
        raise ValidationError({"cohort": "Choose the cohort."})
    if learning_set is not None and learning_set.cohort_id != cohort.pk:
        raise ValidationError({"cohort": "A set keeps its cohort."})
    if facilitator is not None and not facilitator.is_active:
        raise ValidationError({"facilitator": "Choose a facilitator whose account is active."})
    sessions = _check_sessions(sessions, cohort.programme_id)
    created = learning_set is None
    learning_set = learning_set or LearningSet(cohort=cohort)
    learning_set.name, learning_set.facilitator = name, facilitator
    learning_set.full_clean()
    learning_set.save()
    learning_set.sessions.set(sessions)
    audit.record(
        actor=actor,
        verb="cpd_network.learning_set_added" if created else "cpd_network.learning_set_changed",
        target=learning_set,
        facilitator=getattr(facilitator, "pk", None),
        sessions=len(sessions),
    )
    return learning_set


# --- actions --------------------------------------------------------------------------------


@transaction.atomic
def add_action(
    *, actor, membership: Membership, description: str, due_on: datetime.date | None = None
) -> MemberAction:
    if membership.user_id != getattr(actor, "pk", None) or not selectors.is_member(actor):
        raise PermissionDenied("You can add actions to your own membership only.")
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    action = MemberAction.objects.create(
        membership=membership, description=description.strip(), due_on=due_on
    )
    audit.record(actor=actor, verb="cpd_network.action_added", target=action)
    return action


@transaction.atomic
def complete_action(*, actor, action: MemberAction) -> MemberAction:
    if action.membership.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("You can complete your own actions only.")
    if action.done_on is None:
        action.done_on = timezone.localdate()
        action.save(update_fields=["done_on"])
        audit.record(actor=actor, verb="cpd_network.action_done", target=action)
    return action


# --- reflections ----------------------------------------------------------------------------


def _check_links(actor, session, checklist_item) -> None:
    if session is not None and session.pk not in {s.pk for s in selectors.member_sessions(actor)}:
        raise ValidationError({"session": "Choose one of your cohort's or set's sessions."})
    if checklist_item is not None:
        policy_selectors.get_published_item(pk=checklist_item.pk)


@transaction.atomic
def save_reflection(
    *,
    actor,
    written_on: datetime.date,
    title: str,
    body: str,
    session=None,
    checklist_item=None,
    reflection: Reflection | None = None,
) -> Reflection:
    """Write a new reflection, or change one of the author's own."""
    _require_member(actor)
    if reflection is not None and reflection.author_id != actor.pk:
        raise PermissionDenied("You can change your own reflections only.")
    if written_on > timezone.localdate():
        raise ValidationError({"written_on": "The date cannot be in the future."})
    _check_links(actor, session, checklist_item)
    entry = reflection or Reflection(author=actor)
    entry.written_on, entry.title, entry.body = written_on, title.strip(), body.strip()
    entry.session, entry.checklist_item = session, checklist_item
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        verb="cpd_network.reflection_saved",
        reflection=entry.pk,  # never the title or text: officers read the audit log
    )
    return entry


def _facilitator(actor):
    membership = (
        Membership.objects.filter(
            user=actor, status=Membership.Status.APPROVED, learning_set__facilitator__isnull=False
        )
        .select_related("learning_set__facilitator")
        .first()
    )
    return membership.learning_set.facilitator if membership else None


@transaction.atomic
def share_reflection(*, actor, reflection: Reflection, share: bool) -> Reflection:
    """Share a reflection with the author's facilitator, or withdraw the sharing."""
    if reflection.author_id != getattr(actor, "pk", None):
        raise PermissionDenied("You can share your own reflections only.")
    facilitator = _facilitator(actor)
    if share and facilitator is None:
        raise ValidationError("You are not in an action learning set with a facilitator yet.")
    reflection.shared_at = timezone.now() if share else None
    reflection.save(update_fields=["shared_at"])
    audit.record(
        actor=actor,
        verb="cpd_network.reflection_shared" if share else "cpd_network.reflection_unshared",
        reflection=reflection.pk,
    )
    if share:
        _message(
            facilitator,
            kind="cpd_network.reflection_shared",
            subject="A member shared a reflection with you",
            paragraphs=["A member of your action learning set shared a reflection with you."],
            reason="You facilitate an action learning set in the network.",
            url=reverse("cpd_network:shared-reflection", args=[reflection.pk]),
            label="Read the reflection",
        )
    return reflection


@transaction.atomic
def delete_reflection(*, actor, reflection: Reflection) -> None:
    if reflection.author_id != getattr(actor, "pk", None):
        raise PermissionDenied("You can delete your own reflections only.")
    pk = reflection.pk
    reflection.delete()
    audit.record(actor=actor, verb="cpd_network.reflection_deleted", reflection=pk)


# --- case studies ---------------------------------------------------------------------------


def case_study_index() -> CaseStudyIndexPage:
    """The case studies' parent page, under the default site's home (made on first use)."""
    index = CaseStudyIndexPage.objects.first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page if site else Page.get_first_root_node()
    index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
    root.add_child(instance=index)
    index.save_revision().publish()
    return index


def case_study_workflow() -> Workflow:
    """The Wagtail moderation workflow of the case studies: one group approval task for the
    programme leads' group (they moderate in our pages or in the Wagtail admin)."""
    index = case_study_index()
    link = WorkflowPage.objects.filter(page=index).select_related("workflow").first()
    if link is not None:
        return link.workflow
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    group, _ = Group.objects.get_or_create(name=CPD_PROGRAMME_LEAD.name)
    # Wagtail publishes an approved revision as the approver: the moderators' group may edit
    # and publish the case studies (and nothing else of the page tree).
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([group])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.create(workflow=workflow, page=index)
    WorkflowContentType.objects.filter(workflow=workflow).delete()
    return workflow


def _valid_items(items) -> list:
    published = set(policy_selectors.published_items().values_list("pk", flat=True))
    chosen = list(items or [])
    if any(item.pk not in published for item in chosen):
        raise ValidationError({"checklist_items": "Choose items of a published checklist."})
    return chosen


@transaction.atomic
def submit_case_study(
    *, actor, fields: dict, checklist_items=(), programme=None, page: CaseStudyPage | None = None
) -> CaseStudyPage:
    """Save a member's case study as a new revision and send it to moderation (a new one, or
    one a moderator asked to change; a published one goes back to moderation as a new
    revision while the published version stays up)."""
    _require_member(actor)
    items = _valid_items(checklist_items)
    missing = {
        name: "Enter the " + CaseStudyPage._meta.get_field(name).verbose_name.lower() + "."
        for name in CASE_STUDY_FIELDS
        if name not in ("school_name",) and not str(fields.get(name, "")).strip()
    }
    if missing:
        raise ValidationError(missing)
    workflow = case_study_workflow()
    if page is None and programme is None:
        membership = selectors.own_memberships(actor).filter(status="approved").first()
        programme = membership.programme if membership else None
    if page is None:
        page = CaseStudyPage(author=actor, programme=programme, live=False)
        for name in CASE_STUDY_FIELDS:
            setattr(page, name, str(fields[name]).strip())
        page.checklist_items = items
        case_study_index().add_child(instance=page)
        state = None
    else:
        if page.author_id != actor.pk:
            raise PermissionDenied("You can change your own case studies only.")
        if page.closed:
            raise ValidationError("This case study was closed; write a new one.")
        page = page.get_latest_revision_as_object()
        for name in CASE_STUDY_FIELDS:
            setattr(page, name, str(fields[name]).strip())
        page.checklist_items = items
        state = page.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            raise ValidationError("This case study is with a moderator; wait for their answer.")
    page.save_revision(user=actor, log_action=True)
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=actor)
    else:
        workflow.start(page, actor)
    audit.record(actor=actor, verb="cpd_network.case_study_submitted", target=page)
    return page


def _tell_author(page: CaseStudyPage, *, subject: str, paragraphs, key: str):
    if page.author is None:
        return
    _message(
        page.author,
        kind="cpd_network.case_study",
        subject=subject,
        paragraphs=paragraphs,
        reason=f"You submitted the case study \u201c{page.title}\u201d.",
        url=reverse("cpd_network:my-case-studies"),
        label="Your case studies",
        key=key,
    )


@transaction.atomic
def moderate_case_study(
    *, actor, page: CaseStudyPage, decision: str, comment: str = "", audience: str = ""
) -> CaseStudyPage:
    """A moderator's decision on the Wagtail workflow's task: ``approve`` (publishes, members
    only or public), ``changes`` (the task's "request changes"), or ``reject`` (the workflow
    is cancelled and the case study closed). Comments are kept on the task state."""
    _require_moderator(actor)
    state = page.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None or task_state.status != task_state.STATUS_IN_PROGRESS:
        raise ValidationError("This case study is not waiting for a moderator.")
    if decision in ("changes", "reject") and not comment.strip():
        raise ValidationError({"comment": "Tell the author what to change, or why."})
    task = task_state.task.specific
    comment = comment.strip()
    if decision == "approve":
        latest = page.get_latest_revision_as_object()
        if audience and audience != latest.audience:
            if audience not in Audience.values:
                raise ValidationError({"audience": "Choose who may read it."})
            latest.audience = audience
            latest.save_revision(user=actor)
        task.on_action(task_state, actor, "approve", comment=comment)
        page.refresh_from_db()
        subject = "Your case study is published"
    elif decision == "changes":
        task.on_action(task_state, actor, "reject", comment=comment)
        subject = "Your case study needs changes"
    elif decision == "reject":
        task_state.reject(user=actor, update=False, comment=comment)
        state.refresh_from_db()
        state.cancel(user=actor)
        page.closed = CaseStudyPage.Closed.REJECTED
        page.save(update_fields=["closed"])
        subject = "Your case study was not accepted"
    else:
        raise ValidationError({"decision": "Choose approve, request changes or reject."})
    audit.record(
        actor=actor, verb=f"cpd_network.case_study_{decision}", target=page, comment=comment
    )
    _tell_author(
        page,
        subject=subject,
        paragraphs=[f"The moderator's comment: {comment}" if comment else ""],
        key=f"cpd_network.case_study:{page.pk}:{task_state.pk}",
    )
    return page


@transaction.atomic
def retract_case_study(*, actor, page: CaseStudyPage) -> CaseStudyPage:
    """The author withdraws their case study: unpublished, out of moderation, closed."""
    if page.author_id != getattr(actor, "pk", None):
        raise PermissionDenied("You can retract your own case studies only.")
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=actor)
    if page.live:
        # Our own check above (the author) stands in for Wagtail's page permission, which
        # members do not hold.
        UnpublishPageAction(page, user=actor).execute(skip_permission_checks=True)
        page.refresh_from_db()
    page.closed = CaseStudyPage.Closed.RETRACTED
    page.save(update_fields=["closed"])
    audit.record(actor=actor, verb="cpd_network.case_study_retracted", target=page)
    return page


# --- discussion -----------------------------------------------------------------------------


@transaction.atomic
def add_comment(*, actor, body: str, case_study=None, session=None) -> Comment:
    _signed_in(actor)
    if not selectors.can_enter_network(actor):
        raise PermissionDenied("Only members of the network can comment.")
    if case_study is not None and not selectors.can_read_case_study(actor, case_study):
        raise PermissionDenied("You cannot comment on this case study.")
    if not body.strip():
        raise ValidationError({"body": "Enter your comment."})
    if len(body) > 4000:
        raise ValidationError({"body": "A comment must be 4,000 characters or fewer."})
    comment = Comment(case_study=case_study, session=session, author=actor, body=body.strip())
    comment.full_clean()
    comment.save()
    audit.record(actor=actor, verb="cpd_network.commented", target=comment)
    _tell_thread(comment)
    return comment


def _tell_thread(comment: Comment) -> None:
    """E-mail the case study's author and the thread's earlier commenters, once each per
    comment (the dedupe key), after the write commits (notify). The e-mail names the thread,
    never the comment's text or its author."""
    if comment.case_study_id:
        thread = f"the case study \u201c{comment.case_study.title}\u201d"
        url = comment.case_study.url + "#comments"
    else:
        thread = f"the discussion of {comment.session}"
        url = reverse("cpd_network:session", args=[comment.session_id])
    for person in selectors.thread_recipients(comment):
        is_author = comment.case_study_id and comment.case_study.author_id == person.pk
        _message(
            person,
            kind="cpd_network.new_comment",
            subject=f"A new comment on {thread}",
            paragraphs=[f"A member of the network commented on {thread}."],
            reason="You wrote this case study."
            if is_author
            else "You took part in this discussion.",
            url=url,
            label="Read the discussion",
            key=f"cpd_network.new_comment:{comment.pk}:{person.pk}",
        )


@transaction.atomic
def report_comment(*, actor, comment: Comment, reason: str) -> CommentReport:
    """Anyone who can read a comment may report it (signed in or not)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what is wrong with the comment."})
    reporter = actor if getattr(actor, "is_authenticated", False) else None
    report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason.strip())
    audit.record(actor=actor, verb="cpd_network.comment_reported", target=comment)
    return report


MODERATION_STATUS = {
    "hide": Comment.Status.HIDDEN,
    "restore": Comment.Status.VISIBLE,
    "remove": Comment.Status.REMOVED,
}


@transaction.atomic
def moderate_comment(*, actor, comment: Comment, action: str, reason: str) -> Comment:
    _require_moderator(actor)
    if action not in MODERATION_STATUS:
        raise ValidationError({"action": "Choose hide, restore or remove."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason (it is kept in the audit log)."})
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if comment.status == Comment.Status.REMOVED:
        raise ValidationError("A removed comment cannot be changed.")
    comment.status = MODERATION_STATUS[action]
    comment.moderated_by, comment.moderated_at = actor, timezone.now()
    comment.moderation_reason = reason.strip()
    comment.save()
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=comment.moderated_at)
    audit.record(
        actor=actor, verb=f"cpd_network.comment_{action}", target=comment, reason=reason.strip()
    )
    return comment


# --- resources ------------------------------------------------------------------------------


@transaction.atomic
def save_resource(
    *,
    actor,
    programme,
    document,
    title: str,
    summary: str = "",
    audience=Audience.MEMBERS,
    order: int = 0,
    resource: Resource | None = None,
) -> Resource:
    """Offer a document of the library on a programme's resource page, members-only or
    public, or change an offer. A members-only document is served only after the membership
    check (views.resource_file); keep it in a collection Wagtail's own view refuses."""
    _require_lead(actor)
    title = (title or "").strip()
    errors = {}
    if programme is None:
        errors["programme"] = "Choose the programme."
    if document is None:
        errors["document"] = "Choose a document."
    if not title:
        errors["title"] = "Enter the resource's title."
    if audience not in Audience.values:
        errors["audience"] = "Choose who may read it."
    if errors:
        raise ValidationError(errors)
    created = resource is None
    resource = resource or Resource()
    resource.programme, resource.document = programme, document
    resource.title, resource.summary = title, (summary or "").strip()
    resource.audience, resource.order = audience, order or 0
    resource.full_clean()
    resource.save()
    audit.record(
        actor=actor,
        verb="cpd_network.resource_added" if created else "cpd_network.resource_changed",
        target=resource,
        audience=audience,
    )
    return resource


def add_resource(*, actor, programme, document, title: str, summary="", audience=Audience.MEMBERS):
    return save_resource(
        actor=actor,
        programme=programme,
        document=document,
        title=title,
        summary=summary,
        audience=audience,
    )


@transaction.atomic
def remove_resource(*, actor, resource: Resource) -> None:
    """Take a resource off the programme's page (the document stays in the library)."""
    _require_lead(actor)
    pk, title = resource.pk, resource.title
    resource.delete()
    audit.record(actor=actor, verb="cpd_network.resource_removed", resource=pk, title=title)
