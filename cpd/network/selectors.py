"""Reads of the network, scoped to what the user may see (missing and forbidden both 404).

- a **member** holds an approved ``Membership``; members read the members-only area;
- a **programme lead** (``cpd.selectors.is_programme_lead``) decides applications and runs
  cohorts; leads and holders of ``cpd_network.moderate_network`` **moderate**;
- a **reflection** is read by its author only, and by the facilitator of the author's action
  learning set while the author shares it. No other reader exists: not officers, not admins,
  not the data steward, not moderators (tests/cpd_network/test_reflections.py).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from cpd import selectors as cpd_selectors
from policies import selectors as policy_selectors

from .models import (
    Audience,
    CaseStudyPage,
    Cohort,
    Comment,
    LearningSet,
    MemberAction,
    Membership,
    Reflection,
    Resource,
    SessionChecklistItem,
)

MODERATE_PERMISSION = "cpd_network.moderate_network"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_member(user) -> bool:
    """An approved member of any programme's network (cached on the user for the request)."""
    if not _active(user):
        return False
    if getattr(user, "_cpd_network_member", False):
        return True
    # Only a yes is remembered on the user: an approval made meanwhile is seen at once.
    found = Membership.objects.filter(user=user, status=Membership.Status.APPROVED).exists()
    if found:
        user._cpd_network_member = True
    return found


def is_lead(user) -> bool:
    return cpd_selectors.is_programme_lead(user)


def is_moderator(user) -> bool:
    return _active(user) and (is_lead(user) or user.has_perm(MODERATE_PERMISSION))


def can_enter_network(user) -> bool:
    return is_member(user) or is_lead(user)


def require_network(user) -> None:
    """The members-only area: 404 for everyone else (the area's existence is not a secret,
    but its pages are; the apply page is open to every signed-in person)."""
    if not can_enter_network(user):
        raise Http404("Not found")


# --- applications and membership -----------------------------------------------------------


def network_programmes():
    """Programmes whose network takes applications: those with a cohort."""
    seen = {}
    for cohort in Cohort.objects.select_related("programme").order_by("programme__title"):
        seen.setdefault(cohort.programme_id, cohort.programme)
    return list(seen.values())


def own_memberships(user) -> QuerySet[Membership]:
    if not _active(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related(
        "programme", "school", "cohort", "learning_set__facilitator"
    )


def applications_for_lead(user, *, status: str = Membership.Status.PENDING):
    if not is_lead(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(status=status)
        .select_related("user", "programme", "school", "cohort", "learning_set")
        .order_by("applied_at", "pk")
    )


def get_application_for_lead(user, *, pk: int) -> Membership:
    try:
        return applications_for_lead(user, status=Membership.Status.PENDING).get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404("No application found") from None


def placement_choices(membership: Membership) -> tuple[list, list]:
    """The cohorts and action learning sets a lead may place an applicant in."""
    cohorts = list(Cohort.objects.filter(programme_id=membership.programme_id))
    sets = list(
        LearningSet.objects.filter(cohort__in=cohorts).select_related("cohort", "facilitator")
    )
    return cohorts, sets


def facilitates_any(user) -> bool:
    return _active(user) and LearningSet.objects.filter(facilitator=user).exists()


def member_home(user) -> list[dict]:
    """For the member's page: each membership with its cohort, set, next session and actions,
    in a fixed number of queries whatever the number of memberships."""
    now = timezone.now()
    memberships = list(
        own_memberships(user)
        .filter(status=Membership.Status.APPROVED)
        .prefetch_related(
            Prefetch("actions", queryset=MemberAction.objects.order_by("done_on", "due_on", "pk"))
        )
    )
    cohort_ids = {m.cohort_id for m in memberships if m.cohort_id}
    set_ids = {m.learning_set_id for m in memberships if m.learning_set_id}
    upcoming: dict[tuple[str, int], object] = {}
    for kind, model, ids in (("cohort", Cohort, cohort_ids), ("set", LearningSet, set_ids)):
        through = model.sessions.through
        owner = f"{model._meta.model_name}_id"
        rows = (
            through.objects.filter(**{f"{owner}__in": ids}, session__starts_at__gte=now)
            .select_related("session__module")
            .order_by("session__starts_at")
        )
        for row in rows:
            upcoming.setdefault((kind, getattr(row, owner)), row.session)
    result = []
    for m in memberships:
        candidates = [
            s
            for s in (
                upcoming.get(("cohort", m.cohort_id)),
                upcoming.get(("set", m.learning_set_id)),
            )
            if s is not None
        ]
        result.append(
            {
                "membership": m,
                "next_session": min(candidates, key=lambda s: s.starts_at) if candidates else None,
                "actions": list(m.actions.all()),
            }
        )
    return result


def get_own_action(user, *, pk: int) -> MemberAction:
    try:
        return MemberAction.objects.select_related("membership").get(
            pk=pk, membership__user=user, membership__status=Membership.Status.APPROVED
        )
    except MemberAction.DoesNotExist:
        raise Http404("No action found") from None


def member_sessions(user) -> list:
    """The cpd sessions of the member's cohorts and sets, by start (for linking a reflection
    and for the discussion of a session)."""
    memberships = own_memberships(user).filter(status=Membership.Status.APPROVED)
    rows = list(
        Cohort.sessions.through.objects.filter(cohort__memberships__in=memberships).select_related(
            "session__module"
        )
    ) + list(
        LearningSet.sessions.through.objects.filter(
            learningset__memberships__in=memberships
        ).select_related("session__module")
    )
    sessions = {row.session_id: row.session for row in rows}
    return sorted(sessions.values(), key=lambda s: (s.starts_at, s.pk))


# --- reflections ----------------------------------------------------------------------------


def reflections_for_author(user) -> QuerySet[Reflection]:
    """The author's own reflections: the only full list that exists."""
    if not _active(user):
        return Reflection.objects.none()
    return Reflection.objects.filter(author=user).select_related(
        "session__module", "checklist_item"
    )


def get_own_reflection(user, *, pk: int) -> Reflection:
    try:
        return reflections_for_author(user).get(pk=pk)
    except Reflection.DoesNotExist:
        raise Http404("No reflection found") from None


def shared_reflections_for(user) -> QuerySet[Reflection]:
    """Reflections shared with ``user`` as facilitator of the author's action learning set,
    while shared and while the author is still in that set."""
    if not _active(user):
        return Reflection.objects.none()
    authors = Membership.objects.filter(
        learning_set__facilitator=user, status=Membership.Status.APPROVED
    ).values("user_id")
    return (
        Reflection.objects.filter(shared_at__isnull=False, author_id__in=authors)
        .exclude(author=user)
        .select_related("author", "session__module", "checklist_item")
    )


def get_shared_reflection(user, *, pk: int) -> Reflection:
    try:
        return shared_reflections_for(user).get(pk=pk)
    except Reflection.DoesNotExist:
        raise Http404("No reflection found") from None


# --- case studies ---------------------------------------------------------------------------


def _case_studies():
    return CaseStudyPage.objects.select_related("programme")


def readable_case_studies(user) -> QuerySet[CaseStudyPage]:
    """Published, open case studies the user may read: public ones for everyone, members-only
    ones for members and leads."""
    live = _case_studies().live().filter(closed="")
    if can_enter_network(user):
        return live
    return live.filter(audience=Audience.PUBLIC)


def can_read_case_study(user, page: CaseStudyPage) -> bool:
    if page.author_id and _active(user) and page.author_id == user.pk:
        return True  # their own, in any state (Wagtail shows a draft only through preview)
    return readable_case_studies(user).filter(pk=page.pk).exists()


def search_case_studies(user, *, query="", phase="", theme="", item=None, programme=None):
    """Wagtail search over the case studies the user may read, filtered by phase, theme,
    checklist item (any version's item with the same framework and code) and programme."""
    pages = readable_case_studies(user)
    if phase:
        pages = pages.filter(phase=phase)
    if theme:
        pages = pages.filter(theme=theme)
    if programme:
        pages = pages.filter(programme=programme)
    if item is not None:
        pages = pages.filter(pk__in=_tagged_with(item))
    pages = pages.order_by("-first_published_at", "-pk")
    if query.strip():
        return pages.search(query.strip(), operator="and")
    return pages


def _tagged_with(item) -> QuerySet:
    items = policy_selectors.same_checklist_items(item)
    return CaseStudyPage.checklist_items.through.objects.filter(item__in=items).values(
        "casestudypage_id"
    )


def own_case_studies(user) -> list[dict]:
    """The author's case studies with where each stands in moderation and the moderators'
    comments, in a fixed number of queries."""
    if not _active(user):
        return []
    pages = list(_case_studies().filter(author=user).order_by("-latest_revision_created_at", "-pk"))
    if not pages:
        return []
    states = {}
    for state in (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(p.pk) for p in pages],
        )
        .prefetch_related(
            Prefetch(
                "task_states",
                queryset=TaskState.objects.exclude(comment="").select_related("finished_by"),
            )
        )
        .order_by("created_at", "pk")
    ):
        states[int(state.object_id)] = state  # the latest wins
    return [
        {"page": p, "status": case_study_status(p, states.get(p.pk)), "state": states.get(p.pk)}
        for p in pages
    ]


def case_study_status(page: CaseStudyPage, state: WorkflowState | None) -> str:
    if page.closed:
        return page.get_closed_display()
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "Waiting for a moderator"
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "Changes requested"
    if page.live:
        return "Published"
    return "Draft"


def get_own_case_study(user, *, pk: int) -> CaseStudyPage:
    if not _active(user):
        raise Http404("No case study found")
    try:
        return _case_studies().get(pk=pk, author=user)
    except CaseStudyPage.DoesNotExist:
        raise Http404("No case study found") from None


def moderation_queue(user) -> list[dict]:
    """Case studies waiting for a moderator (the Wagtail workflow's task states)."""
    if not is_moderator(user):
        return []
    task_states = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__content_type=ContentType.objects.get_for_model(CaseStudyPage),
        )
        .select_related("workflow_state__requested_by", "task")
        .order_by("started_at", "pk")
    )
    pages = _case_studies().in_bulk([int(t.workflow_state.object_id) for t in task_states])
    return [
        {"task_state": t, "page": pages[int(t.workflow_state.object_id)]}
        for t in task_states
        if int(t.workflow_state.object_id) in pages
    ]


def get_case_study_for_moderator(user, *, pk: int) -> tuple[CaseStudyPage, TaskState]:
    for row in moderation_queue(user):
        if row["page"].pk == pk:
            return row["page"].get_latest_revision_as_object(), row["task_state"]
    raise Http404("No case study is waiting for moderation")


def case_study_page_context(user, page: CaseStudyPage) -> dict:
    return {
        "comments": visible_comments(case_study=page),
        "checklist_items": list(page.checklist_items.select_related("section__version__framework")),
        "can_comment": can_enter_network(user),
        "is_author": _active(user) and page.author_id == user.pk,
    }


# --- checklist items ------------------------------------------------------------------------


def checklist_item_page(user, *, pk: int) -> dict:
    """A checklist item with the case studies and sessions that address it (404 when no
    published framework holds it)."""
    item = policy_selectors.get_published_item(pk=pk)
    items = policy_selectors.same_checklist_items(item)
    sessions = []
    if can_enter_network(user):
        links = (
            SessionChecklistItem.objects.filter(item__in=items)
            .select_related("session__module__programme")
            .order_by("session__starts_at")
        )
        seen = set()
        for link in links:
            if link.session_id not in seen:
                seen.add(link.session_id)
                sessions.append(link.session)
    return {
        "item": item,
        "case_studies": list(search_case_studies(user, item=item)),
        "sessions": sessions,
    }


# --- discussion -----------------------------------------------------------------------------


def visible_comments(*, case_study=None, session=None) -> list[Comment]:
    comments = Comment.objects.filter(status=Comment.Status.VISIBLE).select_related("author")
    if case_study is not None:
        comments = comments.filter(case_study=case_study)
    else:
        comments = comments.filter(session=session)
    return list(comments)


def thread_recipients(comment: Comment) -> list:
    """Who is told of a new comment: the case study's author and the people who commented
    before in the same thread (case study or session), not the comment's own author, and
    only those who can still read the thread (an ex-member is not told of a members-only
    one)."""
    earlier = Comment.objects.filter(pk__lt=comment.pk, author__isnull=False).select_related(
        "author"
    )
    if comment.case_study_id:
        earlier = earlier.filter(case_study_id=comment.case_study_id)
    else:
        earlier = earlier.filter(session_id=comment.session_id)
    people = {}
    page = comment.case_study
    if page is not None and page.author_id:
        people[page.author_id] = page.author
    for row in earlier:
        people.setdefault(row.author_id, row.author)
    people.pop(comment.author_id, None)
    return [
        person
        for person in people.values()
        if _active(person)
        and (can_read_case_study(person, page) if page is not None else can_enter_network(person))
    ]


def get_visible_comment(user, *, pk: int) -> Comment:
    """A shown comment the user can see (members: any; others: those on public case studies)."""
    comments = Comment.objects.filter(status=Comment.Status.VISIBLE)
    if not can_enter_network(user):
        comments = comments.filter(case_study__in=readable_case_studies(user))
    try:
        return comments.select_related("case_study", "session").get(pk=pk)
    except Comment.DoesNotExist:
        raise Http404("No comment found") from None


def comment_queue(user) -> QuerySet[Comment]:
    """Comments with an open report, and hidden ones a moderator may restore."""
    if not is_moderator(user):
        return Comment.objects.none()
    return (
        Comment.objects.filter(
            Q(reports__resolved_at__isnull=True) | Q(status=Comment.Status.HIDDEN)
        )
        .exclude(status=Comment.Status.REMOVED)
        .distinct()
        .select_related("author", "case_study", "session__module")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .prefetch_related("reports")
        .order_by("created_at", "pk")
    )


def get_comment_for_moderator(user, *, pk: int) -> Comment:
    if not is_moderator(user):
        raise Http404("No comment found")
    try:
        return Comment.objects.select_related("author", "case_study").get(pk=pk)
    except Comment.DoesNotExist:
        raise Http404("No comment found") from None


def network_session(user, *, pk: int):
    """A cohort or set session, for its discussion (members and leads only)."""
    require_network(user)
    row = (
        Cohort.sessions.through.objects.filter(session_id=pk).select_related("session__module")
        or LearningSet.sessions.through.objects.filter(session_id=pk).select_related(
            "session__module"
        )
    ).first()
    if row is None:
        raise Http404("No session found")
    return row.session


# --- resources ------------------------------------------------------------------------------


def resources_for(user, *, programme_slug: str) -> tuple[object, QuerySet[Resource]]:
    resources = Resource.objects.filter(programme__slug=programme_slug).select_related(
        "document", "programme"
    )
    if not can_enter_network(user):
        resources = resources.filter(audience=Audience.PUBLIC)
    programme = next((p for p in network_programmes() if p.slug == programme_slug), None)
    if programme is None:
        raise Http404("No resources found")
    return programme, list(resources)


def get_resource(user, *, pk: int) -> Resource:
    resources = Resource.objects.select_related("document")
    if not can_enter_network(user):
        resources = resources.filter(audience=Audience.PUBLIC)
    try:
        return resources.get(pk=pk)
    except Resource.DoesNotExist:
        raise Http404("No resource found") from None


# --- aggregates for the impact report ------------------------------------------------------
# Raw counts: the impact report publishes them through disclosure.publish_counts (people).


def _between(qs, field: str, since, until):
    if since is not None:
        qs = qs.filter(**{f"{field}__gte": since})
    if until is not None:
        qs = qs.filter(**{f"{field}__lt": until})
    return qs


def _as_datetime(day):
    if day is None or isinstance(day, datetime.datetime):
        return day
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def case_studies_published_count(*, programme=None, since=None, until=None) -> int:
    """Case studies live now and first published in [since, until) (dates or datetimes)."""
    pages = CaseStudyPage.objects.live().filter(closed="")
    if programme is not None:
        pages = pages.filter(programme=programme)
    pages = _between(pages, "first_published_at", _as_datetime(since), _as_datetime(until))
    return pages.count()


def reflection_participant_count(*, programme=None, since=None, until=None) -> int:
    """How many people wrote at least one reflection in [since, until) (by entry date); with
    ``programme``, only that programme's approved members. A count of people: publish it
    through ``publish_counts``."""
    reflections = _between(Reflection.objects.all(), "written_on", since, until)
    if programme is not None:
        members = Membership.objects.filter(
            programme=programme, status=Membership.Status.APPROVED
        ).values("user_id")
        reflections = reflections.filter(author_id__in=members)
    return reflections.values("author_id").distinct().count()


def member_count(*, programme=None) -> int:
    """How many people are approved members (of ``programme``'s network): the base of the
    network's lead measures. A count of people: publish it through ``publish_counts``."""
    members = Membership.objects.filter(status=Membership.Status.APPROVED)
    if programme is not None:
        members = members.filter(programme=programme)
    return members.values("user_id").distinct().count()


def action_plan_writer_count(*, programme=None) -> int:
    """How many approved members have written an action plan: at least one action on their
    membership (the actions a member commits to, from a set meeting or a reflection). A
    count of people: publish it through ``publish_counts``."""
    members = Membership.objects.filter(status=Membership.Status.APPROVED, actions__isnull=False)
    if programme is not None:
        members = members.filter(programme=programme)
    return members.values("user_id").distinct().count()
