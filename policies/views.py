"""The school leader's and the reviewer's pages. Thin: the rules are in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from guardian.shortcuts import get_objects_for_user

from schools_platform.core.downloads import (
    Sheet,
    attachment_response,
    csv_response,
    xlsx_response,
)
from schools_platform.core.forms import service_form_page
from schools_platform.registry.selectors import get_school_for_user, schools_for_user

from . import selectors, services
from .forms import (
    CommentForm,
    DecisionForm,
    EvidenceForm,
    InviteForm,
    PublicationForm,
    StartReviewForm,
)
from .models import Item, Rating, Review


def _error_items(error: ValidationError, fallback: str = "main-content"):
    items = []
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            target = f"{key}-rating" if key.startswith("answer-") else fallback
            items.extend((target, message) for message in errors)
    else:
        items.extend((fallback, message) for message in error.messages)
    return items


def _manageable_schools(user):
    """The schools whose records the user may manage (their grants), in one query."""
    return list(
        get_objects_for_user(
            user,
            services.SCHOOL_MANAGER,
            klass=schools_for_user(user),
            accept_global_perms=False,
            with_superuser=False,
        ).order_by("name")
    )


@login_required
def my_reviews(request):
    schools = _manageable_schools(request.user)
    if not schools and services.can_review(request.user):
        return redirect("policies-queue")
    school_ids = [s.pk for s in schools]
    from schools_platform.registry.models import School

    form = StartReviewForm(
        request.POST or None,
        schools=School.objects.filter(pk__in=school_ids),
        versions=selectors.published_versions(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.start_review(
                actor=request.user,
                school=form.cleaned_data["school"],
                version=form.cleaned_data["version"],
                kind=form.cleaned_data["kind"],
            )
        except PermissionDenied:
            raise Http404 from None
        return redirect("policies-review", pk=review.pk)
    reviews = selectors.reviews_for_user(request.user).filter(school_id__in=school_ids)
    return render(
        request,
        "policies/my_reviews.html",
        {
            "form": form,
            "schools": schools,
            "reviews": reviews.order_by("school__name", "-started_at"),
            "page_title": "Policy reviews",
        },
    )


def _review_context(request, review, *, answers: bool = True):
    """The context the review pages share. ``answers=False`` (the overview page) counts each
    section's rated items in the database instead of loading every answer."""
    if answers:
        sections = selectors.review_with_answers(review)
        for entry in sections:
            entry["total"] = len(entry["answers"])
            entry["answered"] = sum(1 for a in entry["answers"] if a.rating)
    else:
        sections = selectors.review_section_counts(review)
    editable = review.editable_by_school
    manages = editable and services.can_manage_school(request.user, review.school)
    return {
        "review": review,
        "sections": sections,
        "answered": sum(entry["answered"] for entry in sections),
        "total": sum(entry["total"] for entry in sections),
        "can_edit": editable and (manages or services.can_contribute(request.user, review)),
        "can_invite": manages,
        "general_comments": review.comments.filter(answer__isnull=True).select_related("author"),
        "actions": review.actions.select_related("answer__item"),
        "network_item_url": reverse("cpd_network:checklist-item", args=[0])[:-2],
        "page_title": str(review),
    }


@login_required
def review_detail(request, pk: int):
    review = selectors.get_review_for_user(request.user, pk=pk)
    return render(
        request, "policies/review_detail.html", _review_context(request, review, answers=False)
    )


@login_required
def review_section(request, pk: int, code: str):
    review = selectors.get_review_for_user(request.user, pk=pk)
    section = selectors.section_for_review(review, code)
    context = _review_context(request, review)
    entry = next(s for s in context["sections"] if s["section"].pk == section.pk)
    codes = [s["section"].code for s in context["sections"]]
    following = codes[codes.index(code) + 1] if codes.index(code) + 1 < len(codes) else None
    error_items = []
    if request.method == "POST":
        if not context["can_edit"]:
            raise Http404
        answers = entry["answers"]
        data = []
        for answer in answers:
            prefix = f"answer-{answer.pk}"
            data.append(
                {
                    "answer": answer,
                    "lock_version": request.POST.get(f"{prefix}-lock_version", -1),
                    "rating": request.POST.get(f"{prefix}-rating", ""),
                    "not_applicable_reason": request.POST.get(f"{prefix}-reason", ""),
                    "evidence_text": request.POST.get(f"{prefix}-evidence", ""),
                }
            )
            answer.posted = data[-1]
        try:
            services.save_answers(actor=request.user, review=review, answers=data)
        except ValidationError as error:
            error_items = _error_items(error)
            for answer in answers:
                answer.errors = error.message_dict.get(f"answer-{answer.pk}", [])
        else:
            messages.success(request, f"Section {code} saved.")
            if following and "continue" in request.POST:
                return redirect("policies-section", pk=review.pk, code=following)
            return redirect("policies-review", pk=review.pk)
    context.update(
        {
            "entry": entry,
            "following": following,
            "error_items": error_items,
            "ratings": Rating.choices,
            "evidence_form": EvidenceForm(),
            "page_title": f"{entry['section']} – {review}",
        }
    )
    return render(request, "policies/review_section.html", context)


@login_required
@require_POST
def upload_evidence(request, pk: int, answer_pk: int):
    review = selectors.get_review_for_user(request.user, pk=pk)
    answer = get_object_or_404(review.answers.select_related("item__section"), pk=answer_pk)
    form = EvidenceForm(request.POST, request.FILES)
    code = answer.item.section.code
    if form.is_valid():
        try:
            services.attach_evidence(
                actor=request.user, answer=answer, upload=form.cleaned_data["file"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{answer.item.code}: document uploaded.")
    else:
        messages.error(request, f"{answer.item.code}: choose a file to upload.")
    return redirect(f"/policies/reviews/{review.pk}/sections/{code}/#item-{answer.pk}")


@login_required
@require_POST
def reply(request, pk: int, answer_pk: int):
    review = selectors.get_review_for_user(request.user, pk=pk)
    answer = get_object_or_404(review.answers.select_related("item__section"), pk=answer_pk)
    try:
        services.reply_to_comment(
            actor=request.user, review=review, answer=answer, body=request.POST.get("body", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"{answer.item.code}: {message}")
    return redirect(
        f"/policies/reviews/{review.pk}/sections/{answer.item.section.code}/#item-{answer.pk}"
    )


@login_required
@require_POST
def submit(request, pk: int):
    review = selectors.get_review_for_user(request.user, pk=pk)
    try:
        services.submit_review(actor=request.user, review=review)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        context = _review_context(request, review, answers=False)
        context["error_items"] = _error_items(error, fallback="submit")
        return render(request, "policies/review_detail.html", context, status=400)
    messages.success(request, "Review submitted to the race equalities officer.")
    return redirect("policies-review", pk=review.pk)


@login_required
def school_duties(request, urn: int):
    school = get_school_for_user(request.user, urn=urn)

    def save(form):
        try:
            services.record_equality_publication(
                actor=request.user, school=school, **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404 from None
        return "Publication recorded."

    return service_form_page(
        request,
        PublicationForm(request.POST or None),
        save,
        template="policies/school_duties.html",
        title=f"Equality duties – {school.name}",
        success_url=reverse("policies-school", args=[urn]),
        context={
            "school": school,
            "duties": services.equality_duties(school, today=timezone.localdate()),
            "due": selectors.due_for_school(request.user, school, today=timezone.localdate()),
            "collects_incidents": services.collects_incident_returns(school),
            "can_edit": services.can_manage_school(request.user, school),
            "reviews": selectors.reviews_for_user(request.user).filter(school=school),
        },
    )


@login_required
def invite(request, pk: int):
    """A school leader invites a colleague by e-mail to help answer this review."""
    review = selectors.get_review_for_user(request.user, pk=pk)
    if not services.can_manage_school(request.user, review.school):
        raise Http404

    def save(form):
        invitation = services.invite_colleague(
            actor=request.user, review=review, email=form.cleaned_data["email"]
        )
        return (
            f"Invitation sent to {invitation.email}. When they accept it they can answer this "
            "review (not submit it)."
        )

    return service_form_page(
        request,
        InviteForm(request.POST or None),
        save,
        template="policies/invite.html",
        title=f"Invite a colleague – {review}",
        success_url=reverse("policies-invite", args=[review.pk]),
        context={"review": review, "invitations": selectors.open_invitations(review)},
    )


@login_required
def accept_invitation(request, token: str):
    """The invited colleague confirms, and may then answer the review."""
    invitation = selectors.invitation_for_user(request.user, token=token)
    if request.method == "POST":
        review = services.accept_invitation(actor=request.user, invitation=invitation)
        messages.success(request, f"You can now help answer {review}.")
        return redirect("policies-review", pk=review.pk)
    return render(
        request,
        "policies/accept_invitation.html",
        {"invitation": invitation, "page_title": "Accept an invitation"},
    )


# --- the reviewer's pages ------------------------------------------------------------------


def _require_reviewer(user):
    if not services.can_review(user):
        raise Http404


QUEUE_PAGE_SIZE = 50


@login_required
def officer_queue(request):
    _require_reviewer(request.user)
    reviews = selectors.reviews_for_reviewer(request.user)
    page_obj = Paginator(selectors.review_queue(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "policies/officer_queue.html",
        {
            "queue": page_obj.object_list,
            "page_obj": page_obj,
            "review_url": reverse("policies-officer-review", args=[0])[:-2],
            "returned": reviews.filter(status=Review.Status.CHANGES_REQUESTED)[:50],
            "page_title": "Reviews to review",
        },
    )


@login_required
def officer_review(request, pk: int):
    _require_reviewer(request.user)
    review = selectors.get_review_for_reviewer(request.user, pk=pk)
    comment_form = CommentForm()
    decision_form = DecisionForm()
    error_items = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("assign", "unassign"):
                reviewer = get_object_or_404(
                    selectors.reviewer_candidates(), pk=request.POST.get("reviewer") or 0
                )
                change = (
                    services.assign_reviewer if action == "assign" else services.revoke_reviewer
                )
                change(actor=request.user, review=review, reviewer=reviewer)
                messages.success(
                    request,
                    f"{reviewer} {'assigned to' if action == 'assign' else 'removed from'} "
                    "this review.",
                )
                return redirect("policies-officer-review", pk=pk)
            if action == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    answer = None
                    if request.POST.get("answer"):
                        answer = get_object_or_404(review.answers, pk=request.POST["answer"])
                    services.comment_on_item(
                        actor=request.user,
                        review=review,
                        answer=answer,
                        body=comment_form.cleaned_data["body"],
                    )
                    messages.success(request, "Comment added.")
                    return redirect("policies-officer-review", pk=pk)
            elif action in ("return", "approve"):
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    if action == "return":
                        services.return_review(
                            actor=request.user,
                            review=review,
                            message=decision_form.cleaned_data["message"],
                        )
                        messages.success(request, "Returned to the school with your comments.")
                    else:
                        services.approve_review(actor=request.user, review=review)
                        messages.success(request, "Review approved.")
                    return redirect("policies-queue")
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            error_items = _error_items(error, fallback="id_message")
    context = _review_context(request, review)
    can_assign = services.can_assign_reviewers(request.user)
    context.update(
        {
            "comment_form": comment_form,
            "decision_form": decision_form,
            "error_items": error_items,
            "can_decide": review.status == Review.Status.SUBMITTED
            and services.is_assigned_reviewer(request.user, review),
            "reviewers": services.assigned_reviewers(review),
            "can_assign": can_assign,
            "candidates": list(selectors.reviewer_candidates()) if can_assign else [],
        }
    )
    return render(request, "policies/officer_review.html", context)


GAP_HEADERS = [
    "Section",
    "Item",
    "Statement",
    "Basis",
    "Schools answering",
    "Gaps",
    "Not started",
    "Developing",
    "% with a gap",
]


@login_required
def gaps(request):
    _require_reviewer(request.user)
    versions = list(selectors.published_versions())
    if not versions:
        raise Http404
    chosen = request.GET.get("version")
    version = next((v for v in versions if str(v.pk) == chosen), versions[0])
    result = selectors.gap_analysis(
        request.user, version=version, group_by=request.GET.get("by", "")
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = GAP_HEADERS + result["groups"]
        rows = [
            [
                r["item"].section.title,
                r["item"].code,
                r["item"].statement,
                r["item"].get_basis_display(),
                r["schools"],
                r["gaps"],
                r["not_started"],
                r["developing"],
                r["share"],
                *[count for _, count in r["by_group"]],
            ]
            for r in result["rows"]
        ]
        name = f"policy-gaps-v{version.number}"
        services.record_report_export(
            actor=request.user, report="gaps", fmt=fmt, version=version, rows=len(rows)
        )
        if fmt == "csv":
            return csv_response(f"{name}.csv", headers, rows)
        return xlsx_response(f"{name}.xlsx", Sheet("Gaps", rows, headers=headers))
    return render(
        request,
        "policies/gaps.html",
        {
            **result,
            "versions": versions,
            "trends": selectors.trends(request.user),
            # Reversed once, not per row and trend figure.
            "figure_url": reverse("policies-figure-schools"),
            "page_title": "Gaps across the authority",
        },
    )


FIGURE_PAGE_SIZE = 100  # schools a page: a figure over every school of a council is ~500 rows


@login_required
def figure_schools(request):
    """The schools behind one figure of the gap analysis page (a trend or an item's gaps)."""
    _require_reviewer(request.user)
    version = get_object_or_404(selectors.published_versions(), pk=_int(request.GET.get("version")))
    figure = request.GET.get("figure", "")
    item = None
    if figure == "item_gap":
        item = get_object_or_404(
            Item.objects.select_related("section"), pk=_int(request.GET.get("item"))
        )
    rows = selectors.schools_behind_figure(
        request.user, figure=figure, version=version, year=_int(request.GET.get("year")), item=item
    )
    page_obj = Paginator(rows, FIGURE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/figure_schools.html",
        {
            "rows": page_obj.object_list,
            "page_obj": page_obj,
            "figure": selectors.FIGURES[figure],
            "figure_code": figure,
            "version": version,
            "year": request.GET.get("year", ""),
            "item": item,
            "page_title": f"{selectors.FIGURES[figure]} – {version}",
        },
    )


# --- completion by school, council, phase and area ------------------------------------------

COMPLETION_STAGES = ["schools", "none", "started", "submitted", "approved", "overdue"]
COMPLETION_PAGE_SIZE = 100  # rows (schools, areas) a page; the total and downloads are whole


def _completion_choice(request, versions):
    """The version, grouping and filters a completion page or download was asked for."""
    chosen = request.GET.get("version")
    version = next((v for v in versions if str(v.pk) == chosen), versions[0])
    by = request.GET.get("by", "council")
    if by not in selectors.COMPLETION_GROUPS:
        by = "council"
    filters = {
        "council": _int(request.GET.get("council")),
        # Blank is "any" (a school with no phase or area recorded is its own group).
        "phase": request.GET.get("phase") or None,
        "area": request.GET.get("area") or None,
    }
    return version, by, filters


def _completion_query(version, by, filters, **extra) -> str:
    from django.utils.http import urlencode

    params = {"version": version.pk, "by": by}
    params.update({k: v for k, v in filters.items() if v is not None})
    params.update(extra)
    return urlencode(params)


@login_required
def completion(request):
    """Completion by council, phase, area or school: schools, schools with no review, and
    reviews started, submitted, approved and overdue; each figure links to its schools."""
    _require_reviewer(request.user)
    versions = list(selectors.published_versions())
    if not versions:
        raise Http404
    version, by, filters = _completion_choice(request, versions)
    result = selectors.completion(
        request.user, version=version, today=timezone.localdate(), by=by, **filters
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = [result["by_label"], *selectors.COMPLETION_FIGURES.values()]
        rows = [[r["label"], *[r[s] for s in COMPLETION_STAGES]] for r in result["rows"]]
        rows.append(["All shown", *[result["total"][s] for s in COMPLETION_STAGES]])
        services.record_report_export(
            actor=request.user, report="completion", fmt=fmt, version=version, rows=len(rows)
        )
        name = f"policy-completion-v{version.number}-by-{by}"
        if fmt == "csv":
            return csv_response(f"{name}.csv", headers, rows)
        return xlsx_response(f"{name}.xlsx", Sheet("Completion", rows, headers=headers))
    from urllib.parse import quote

    # The links' common part is encoded once; per cell only the figure and the group's key.
    prefix = f"{reverse('policies-completion-schools')}?{_completion_query(version, by, filters)}"
    words = [(stage, selectors.COMPLETION_FIGURES[stage].lower()) for stage in COMPLETION_STAGES]

    def cells(figures, group=None):
        tail = "" if group is None else f"&group={quote(group, safe='')}"
        return [(figures[stage], f"{prefix}&figure={stage}{tail}", what) for stage, what in words]

    page_obj = Paginator(result["rows"], COMPLETION_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page_obj.object_list:
        row["cells"] = cells(row, row["key"])
    return render(
        request,
        "policies/completion.html",
        {
            **result,
            "rows": page_obj.object_list,
            "page_obj": page_obj,
            "total_cells": cells(result["total"]),
            "versions": versions,
            "groups": selectors.COMPLETION_GROUPS,
            "figures": selectors.COMPLETION_FIGURES,
            "download": _completion_query(version, by, filters),
            "page_title": "Policy review completion",
        },
    )


@login_required
def completion_schools(request):
    """The schools behind one figure of the completion table."""
    _require_reviewer(request.user)
    version = get_object_or_404(selectors.published_versions(), pk=_int(request.GET.get("version")))
    _, by, filters = _completion_choice(request, [version])
    figure = request.GET.get("figure", "")
    rows = selectors.schools_behind_completion(
        request.user,
        version=version,
        today=timezone.localdate(),
        figure=figure,
        by=by,
        group=request.GET.get("group"),
        **filters,
    )
    return render(
        request,
        "policies/completion_schools.html",
        {
            "rows": rows,
            "figure": selectors.COMPLETION_FIGURES[figure],
            "version": version,
            "back": _completion_query(version, by, filters),
            "page_title": f"{selectors.COMPLETION_FIGURES[figure]} – {version}",
        },
    )


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- pages for the school and its reviewers ------------------------------------------------


@login_required
def print_review(request, pk: int):
    """The whole review on one page for the governing board: print styles hide the rest."""
    review = selectors.get_review_for_reader(request.user, pk=pk)
    context = _review_context(request, review)
    context["page_title"] = f"{review} (print)"
    return render(request, "policies/review_print.html", context)


@login_required
def print_review_pdf(request, pk: int):
    """The print view as a PDF attachment (the kit's downloads), audited."""
    review = selectors.get_review_for_reader(request.user, pk=pk)
    content = services.review_pdf(actor=request.user, review=review)
    name = f"policy-review-{review.school.urn}-{review.pk}-round-{review.round}.pdf"
    return attachment_response(content, name, "application/pdf")


@login_required
def compare(request, pk: int):
    """Two rounds side by side: what changed in ratings, evidence and comments."""
    review = selectors.get_review_for_reader(request.user, pk=pk)
    rounds = selectors.review_rounds(review)
    if not rounds:
        raise Http404("Nothing submitted yet")
    choices = [str(r) for r in rounds] + (["now"] if review.editable_by_school else [])
    newer = request.GET.get("newer") or choices[-1]
    if newer not in choices:
        newer = choices[-1]
    older_choices = [r for r in rounds if newer == "now" or r < int(newer)] or rounds[:1]
    try:
        older = int(request.GET.get("older") or older_choices[-1])
    except ValueError:
        older = older_choices[-1]
    if older not in older_choices:
        older = older_choices[-1]
    rows = selectors.compare_rounds(
        review, older=older, newer=None if newer == "now" else int(newer)
    )
    changed_only = request.GET.get("changed") == "1"
    if changed_only:
        rows = [
            r
            for r in rows
            if r["rating_changed"]
            or r["evidence_changed"]
            or r["documents_changed"]
            or r["comments"]
        ]
    return render(
        request,
        "policies/compare.html",
        {
            "review": review,
            "rows": rows,
            "older": older,
            "newer": newer,
            "rounds": rounds,
            "choices": choices,
            "changed_only": changed_only,
            "page_title": f"Compare rounds – {review}",
        },
    )


@login_required
def download_framework(request, pk: int):
    """A version's checklist as CSV or XLSX, in the columns the framework import reads."""
    from .resources import COLUMNS, framework_rows

    version = get_object_or_404(selectors.versions_for_user(request.user), pk=pk)
    rows = framework_rows(version)
    slug = "".join(c if c.isalnum() else "-" for c in version.framework.name.lower()).strip("-")
    name = f"{slug[:60]}-v{version.number}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{name}.xlsx", Sheet("Checklist", rows, headers=list(COLUMNS)))
    return csv_response(f"{name}.csv", list(COLUMNS), rows)


# --- termly racist incident returns ---------------------------------------------------------


def _school_year(today) -> int:
    return today.year if today.month >= 9 else today.year - 1


@login_required
def incident_return(request, urn: int):
    """A school's termly return: a count per type of incident, or a nil return."""
    from .models import IncidentType, Term

    school = get_school_for_user(request.user, urn=urn)
    if not (
        services.can_manage_school(request.user, school)
        and services.collects_incident_returns(school)
    ):
        raise Http404
    error_items = []
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            services.submit_incident_return(
                actor=request.user,
                school=school,
                academic_year=request.POST.get("academic_year") or 0,
                term=request.POST.get("term", ""),
                counts={
                    kind: request.POST.get(f"count-{kind}", "") for kind in IncidentType.values
                },
                nil_return=request.POST.get("nil_return") == "1",
            )
        except ValidationError as error:
            error_items = [
                (key if key != "nil_return" else "nil_return", message)
                for key, messages_ in error.message_dict.items()
                for message in messages_
            ]
        else:
            messages.success(request, "Incident return sent. Thank you.")
            return redirect("policies-incidents", urn=urn)
    return render(
        request,
        "policies/incident_return.html",
        {
            "school": school,
            "types": [
                (kind.value, kind.label, posted.get(f"count-{kind.value}", ""))
                for kind in IncidentType
            ],
            "terms": Term.choices,
            "year": posted.get("academic_year") or _school_year(timezone.localdate()),
            "term": posted.get("term", ""),
            "nil": posted.get("nil_return") == "1",
            "error_items": error_items,
            "returns": school.incident_returns.prefetch_related("counts")[:9],
            "page_title": f"Racist incident return – {school.name}",
        },
    )


@login_required
def incident_report(request):
    _require_reviewer(request.user)
    try:
        year = int(request.GET.get("year") or _school_year(timezone.localdate()))
    except ValueError:
        year = _school_year(timezone.localdate())
    report = selectors.incident_report(request.user, academic_year=year)
    return render(
        request,
        "policies/incident_report.html",
        {**report, "page_title": f"Racist incident returns {year} to {year + 1}"},
    )
