"""The network's pages. Thin: reads from selectors (404 alike for missing and forbidden),
writes from services (permission, rules, audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from policies import selectors as policy_selectors
from schools_platform.core.downloads import attachment_response, csv_response
from schools_platform.core.forms import service_form_page
from schools_platform.registry.selectors import schools_for_user

from . import selectors, services
from .forms import (
    ActionForm,
    ApplyForm,
    CaseStudyForm,
    CaseStudySearchForm,
    CommentForm,
    DecisionForm,
    ModerateCaseStudyForm,
    ModerateCommentForm,
    ReflectionForm,
    ReportForm,
    add_service_errors,
)


def _form_page(request, form, save, *, template, title, success_url, field, **context):
    """The kit's service form page (core.forms.service_form_page): a service's message that
    names no field of the form goes on ``field``."""
    return service_form_page(
        request,
        form,
        save,
        template=template,
        title=title,
        success_url=success_url,
        context=context,
        add_errors=lambda form, error: add_service_errors(form, error, field),
    )


def _bound(request):
    return request.POST if request.method == "POST" else None


def _members_only(view):
    """Signed in, and a member or a programme lead; everyone else gets 404."""

    @never_cache
    @login_required
    def wrapped(request, *args, **kwargs):
        selectors.require_network(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- home and applying ----------------------------------------------------------------------


@never_cache
@login_required
def home(request):
    user = request.user
    if not selectors.can_enter_network(user):
        return render(
            request,
            "cpd_network/outside.html",
            {
                "page_title": "The headteachers' network",
                "memberships": selectors.own_memberships(user),
            },
        )
    return render(
        request,
        "cpd_network/home.html",
        {
            "page_title": "The headteachers' network",
            "rows": selectors.member_home(user),
            "is_lead": selectors.is_lead(user),
            "is_moderator": selectors.is_moderator(user),
            "facilitates": selectors.facilitates_any(user),
            "recent": list(selectors.search_case_studies(user)[:5]),
            "programmes": selectors.network_programmes(),
        },
    )


@never_cache
@login_required
def apply(request):
    programmes = selectors.network_programmes()
    schools = list(schools_for_user(request.user, include_closed=False).order_by("name")[:200])
    form = ApplyForm(_bound(request), programmes=programmes, schools=schools)

    def save(form):
        data = form.cleaned_data
        services.apply_to_join(
            actor=request.user,
            programme=form.programmes.get(data["programme"]),
            role=data["role"],
            school=form.schools.get(data["school"]) if data.get("school") else None,
            why=data["why"],
        )
        return "Your application is sent. We will e-mail you the decision."

    return _form_page(
        request,
        form,
        save,
        template="cpd_network/apply.html",
        title="Apply to join the network",
        success_url=reverse("cpd_network:home"),
        field="programme",
        has_schools=bool(schools),
    )


@never_cache
@login_required
def applications(request):
    if not selectors.is_lead(request.user):
        raise Http404("Not found")
    page = Paginator(selectors.applications_for_lead(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cpd_network/applications.html",
        {"page_title": "Applications to join the network", "page_obj": page},
    )


@never_cache
@login_required
def decide(request, pk: int):
    membership = selectors.get_application_for_lead(request.user, pk=pk)
    cohorts, learning_sets = selectors.placement_choices(membership)
    form = DecisionForm(_bound(request), cohorts=cohorts, learning_sets=learning_sets)

    def save(form):
        data = form.cleaned_data
        services.decide_application(
            actor=request.user,
            membership=membership,
            approve=data["decision"] == "approve",
            message=data["message"],
            cohort=form.cohorts.get(data["cohort"]),
            learning_set=form.learning_sets.get(data["learning_set"]),
        )
        return "The decision is recorded and the applicant told."

    return _form_page(
        request,
        form,
        save,
        template="cpd_network/decide.html",
        title="Decide an application",
        success_url=reverse("cpd_network:applications"),
        field="decision",
        membership=membership,
    )


# --- actions --------------------------------------------------------------------------------


@_members_only
def add_action(request, membership_pk: int):
    membership = selectors.own_memberships(request.user).filter(pk=membership_pk).first()
    if membership is None or membership.status != membership.Status.APPROVED:
        raise Http404("No membership found")

    def save(form):
        services.add_action(
            actor=request.user,
            membership=membership,
            description=form.cleaned_data["description"],
            due_on=form.cleaned_data["due_on"],
        )
        return "Your action is added."

    return _form_page(
        request,
        ActionForm(_bound(request)),
        save,
        template="cpd_network/action_form.html",
        title="Add an action",
        success_url=reverse("cpd_network:home"),
        field="description",
    )


@require_POST
@_members_only
def complete_action(request, pk: int):
    services.complete_action(
        actor=request.user, action=selectors.get_own_action(request.user, pk=pk)
    )
    messages.success(request, "The action is marked done.")
    return redirect("cpd_network:home")


# --- reflections ----------------------------------------------------------------------------


@_members_only
def reflections(request):
    page = Paginator(selectors.reflections_for_author(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cpd_network/reflections.html",
        {"page_title": "Your reflection log", "page_obj": page},
    )


@_members_only
def reflections_csv(request):
    rows = [
        (
            r.written_on,
            r.title,
            r.body,
            str(r.session) if r.session_id else "",
            r.checklist_item.code if r.checklist_item_id else "",
            "yes" if r.shared else "no",
        )
        for r in selectors.reflections_for_author(request.user)
    ]
    return csv_response(
        "reflections.csv",
        ["Date", "Title", "Reflection", "Session", "Checklist item", "Shared with facilitator"],
        rows,
    )


@_members_only
def reflection_form(request, pk: int | None = None):
    reflection = selectors.get_own_reflection(request.user, pk=pk) if pk else None
    initial = {}
    if reflection is not None:
        initial = {
            "written_on": reflection.written_on,
            "title": reflection.title,
            "body": reflection.body,
            "session": reflection.session_id,
            "checklist_item": reflection.checklist_item_id,
        }
    form = ReflectionForm(
        _bound(request),
        initial=initial,
        sessions=selectors.member_sessions(request.user),
        items=list(policy_selectors.published_items()),
    )

    def save(form):
        data = form.cleaned_data
        services.save_reflection(
            actor=request.user,
            written_on=data["written_on"],
            title=data["title"],
            body=data["body"],
            session=form.sessions.get(data["session"]),
            checklist_item=form.items.get(data["checklist_item"]),
            reflection=reflection,
        )
        return "Your reflection is saved. Only you can read it."

    return _form_page(
        request,
        form,
        save,
        template="cpd_network/reflection_form.html",
        title="Change a reflection" if reflection else "Write a reflection",
        success_url=reverse("cpd_network:reflections"),
        field="body",
        reflection=reflection,
    )


@require_POST
@_members_only
def share_reflection(request, pk: int):
    reflection = selectors.get_own_reflection(request.user, pk=pk)
    share = request.POST.get("share") == "1"
    try:
        services.share_reflection(actor=request.user, reflection=reflection, share=share)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Your facilitator can now read this reflection."
            if share
            else "Your facilitator can no longer read this reflection.",
        )
    return redirect("cpd_network:reflections")


@require_POST
@_members_only
def delete_reflection(request, pk: int):
    services.delete_reflection(
        actor=request.user, reflection=selectors.get_own_reflection(request.user, pk=pk)
    )
    messages.success(request, "The reflection is deleted.")
    return redirect("cpd_network:reflections")


@never_cache
@login_required
def shared_reflections(request):
    rows = selectors.shared_reflections_for(request.user)
    if not selectors.facilitates_any(request.user):
        raise Http404("Not found")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "cpd_network/shared_reflections.html",
        {"page_title": "Reflections shared with you", "page_obj": page},
    )


@never_cache
@login_required
def shared_reflection(request, pk: int):
    return render(
        request,
        "cpd_network/shared_reflection.html",
        {
            "page_title": "A shared reflection",
            "reflection": selectors.get_shared_reflection(request.user, pk=pk),
        },
    )


# --- case studies ---------------------------------------------------------------------------


@never_cache
def case_studies(request):
    """Search and filter (Wagtail search). Public case studies for everyone; members-only
    ones for members."""
    items = list(policy_selectors.published_items())
    form = CaseStudySearchForm(request.GET or None, items=items)
    filters = form.cleaned_data if form.is_valid() else {}
    results = selectors.search_case_studies(
        request.user,
        query=filters.get("q", ""),
        phase=filters.get("phase", ""),
        theme=filters.get("theme", ""),
        item=form.items.get(filters.get("item")) if filters else None,
    )
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "cpd_network/case_studies.html",
        {
            "page_title": "Case studies of positive action",
            "form": form,
            "page_obj": page,
            "is_member": selectors.can_enter_network(request.user),
        },
    )


def _case_study_form(request, page=None):
    items = list(policy_selectors.published_items())
    initial = {}
    if page is not None:
        latest = page.get_latest_revision_as_object()
        initial = {name: getattr(latest, name) for name in services.CASE_STUDY_FIELDS}
        initial["checklist_items"] = [i.pk for i in latest.checklist_items.all()]
    form = CaseStudyForm(_bound(request), initial=initial, items=items)

    def save(form):
        data = form.cleaned_data
        membership = selectors.own_memberships(request.user).filter(status="approved").first()
        try:
            services.submit_case_study(
                actor=request.user,
                fields=data,
                checklist_items=[form.items[pk] for pk in data["checklist_items"]],
                programme=membership.programme if membership and page is None else None,
                page=page,
            )
        except PermissionDenied:
            raise Http404("Not found") from None
        return "Your case study is sent to a moderator."

    return _form_page(
        request,
        form,
        save,
        template="cpd_network/case_study_form.html",
        title="Change your case study" if page else "Write a case study",
        success_url=reverse("cpd_network:my-case-studies"),
        field="title",
        page=page,
    )


@_members_only
def new_case_study(request):
    if not selectors.is_member(request.user):
        raise Http404("Not found")
    return _case_study_form(request)


@_members_only
def edit_case_study(request, pk: int):
    page = selectors.get_own_case_study(request.user, pk=pk)
    if page.closed:
        raise Http404("This case study is closed")
    return _case_study_form(request, page)


@_members_only
def my_case_studies(request):
    return render(
        request,
        "cpd_network/my_case_studies.html",
        {"page_title": "Your case studies", "rows": selectors.own_case_studies(request.user)},
    )


@require_POST
@_members_only
def retract_case_study(request, pk: int):
    services.retract_case_study(
        actor=request.user, page=selectors.get_own_case_study(request.user, pk=pk)
    )
    messages.success(request, "Your case study is retracted: nobody else can read it now.")
    return redirect("cpd_network:my-case-studies")


def checklist_item(request, pk: int):
    """A checklist item with the case studies and sessions that address it."""
    context = selectors.checklist_item_page(request.user, pk=pk)
    return render(
        request,
        "cpd_network/checklist_item.html",
        {
            **context,
            "page_title": f"Checklist item {context['item'].code}",
            "is_member": selectors.can_enter_network(request.user),
        },
    )


# --- moderation -----------------------------------------------------------------------------


def _moderators_only(request):
    if not selectors.is_moderator(request.user):
        raise Http404("Not found")


@never_cache
@login_required
def moderation(request):
    _moderators_only(request)
    return render(
        request,
        "cpd_network/moderation.html",
        {
            "page_title": "Moderation",
            "case_studies": selectors.moderation_queue(request.user),
            "comments": list(selectors.comment_queue(request.user)[:100]),
        },
    )


@never_cache
@login_required
def moderate_case_study(request, pk: int):
    _moderators_only(request)
    page, task_state = selectors.get_case_study_for_moderator(request.user, pk=pk)

    def save(form):
        data = form.cleaned_data
        services.moderate_case_study(
            actor=request.user,
            page=page,
            decision=data["decision"],
            comment=data["comment"],
            audience=data["audience"],
        )
        return "Your decision is recorded and the author told."

    return _form_page(
        request,
        ModerateCaseStudyForm(_bound(request)),
        save,
        template="cpd_network/moderate_case_study.html",
        title=f"Moderate: {page.title}",
        success_url=reverse("cpd_network:moderation"),
        field="decision",
        page=page,
        task_state=task_state,
    )


@never_cache
@login_required
def moderate_comment(request, pk: int):
    _moderators_only(request)
    comment = selectors.get_comment_for_moderator(request.user, pk=pk)

    def save(form):
        services.moderate_comment(
            actor=request.user,
            comment=comment,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
        return "The comment is moderated."

    return _form_page(
        request,
        ModerateCommentForm(_bound(request)),
        save,
        template="cpd_network/moderate_comment.html",
        title="Moderate a comment",
        success_url=reverse("cpd_network:moderation"),
        field="action",
        comment=comment,
        reports=list(comment.reports.all()),
    )


# --- discussion -----------------------------------------------------------------------------


@require_POST
@_members_only
def comment_on_case_study(request, pk: int):
    page = selectors.readable_case_studies(request.user).filter(pk=pk).first()
    if page is None:
        raise Http404("No case study found")
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(actor=request.user, body=form.cleaned_data["body"], case_study=page)
        messages.success(request, "Your comment is added.")
    else:
        messages.error(request, "Enter your comment.")
    return redirect(page.url + "#comments")


@_members_only
def session_discussion(request, pk: int):
    session = selectors.network_session(request.user, pk=pk)

    def save(form):
        services.add_comment(actor=request.user, body=form.cleaned_data["body"], session=session)
        return "Your comment is added."

    return _form_page(
        request,
        CommentForm(_bound(request)),
        save,
        template="cpd_network/session.html",
        title=f"Discussion: {session}",
        success_url=reverse("cpd_network:session", args=[pk]),
        field="body",
        session=session,
        comments=selectors.visible_comments(session=session),
    )


@never_cache
def report_comment(request, pk: int):
    comment = selectors.get_visible_comment(request.user, pk=pk)

    def save(form):
        services.report_comment(
            actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
        )
        return "Thank you. A moderator will look at the comment."

    return _form_page(
        request,
        ReportForm(_bound(request)),
        save,
        template="cpd_network/report_comment.html",
        title="Report a comment",
        success_url=comment.case_study.url
        if comment.case_study_id
        else reverse("cpd_network:session", args=[comment.session_id]),
        field="reason",
        comment=comment,
    )


# --- resources ------------------------------------------------------------------------------


def resources(request, slug: str):
    programme, rows = selectors.resources_for(request.user, programme_slug=slug)
    return render(
        request,
        "cpd_network/resources.html",
        {"page_title": f"Resources: {programme.title}", "programme": programme, "rows": rows},
    )


@never_cache
def resource_file(request, pk: int):
    """A resource's document, after the audience check (members-only documents are kept in a
    collection Wagtail's own document view refuses to everyone)."""
    resource = selectors.get_resource(request.user, pk=pk)
    document = resource.document
    with document.file.open("rb") as handle:
        data = handle.read()
    return attachment_response(
        data, document.filename, document.content_type or "application/octet-stream"
    )
