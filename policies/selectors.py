"""Reads of the policies module, already scoped to what the user may see.

A school's reviews are visible to whoever may see the school (``schools_for_user``: its leaders
and chair by grant, council-wide roles for every school). Missing and forbidden both 404.
"""

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from schools_platform.registry.selectors import schools_for_user

from .models import (
    GAP_RATINGS,
    Answer,
    AnswerRound,
    Evidence,
    FrameworkVersion,
    Item,
    ItemResource,
    Rating,
    Review,
    ReviewComment,
    ReviewInvitation,
    ReviewUserObjectPermission,
    Section,
)


def reviews_for_user(user) -> QuerySet[Review]:
    """The reviews of the schools the user sees, and those they were invited to help with
    (``policies.contribute_to_review`` on the review)."""
    if not (user.is_authenticated and user.is_active):
        return Review.objects.none()
    invited = ReviewUserObjectPermission.objects.filter(
        user=user, permission__codename="contribute_to_review"
    ).values("content_object_id")
    return Review.objects.filter(
        Q(school__in=schools_for_user(user)) | Q(pk__in=invited)
    ).select_related("school", "version__framework")


def invitation_for_user(user, *, token: str) -> ReviewInvitation:
    """The open invitation behind a link, for the account it was sent to; anyone else, and a
    used or unknown link, gets 404."""
    invitation = (
        ReviewInvitation.objects.select_related("review__school", "review__version__framework")
        .filter(token=token or "", accepted_at__isnull=True)
        .first()
    )
    if (
        invitation is None
        or not (user.is_authenticated and user.is_active)
        or (user.email or "").strip().lower() != invitation.email
    ):
        raise Http404("No invitation found")
    return invitation


def open_invitations(review: Review) -> QuerySet[ReviewInvitation]:
    return review.invitations.select_related("accepted_by").order_by("-invited_at", "-id")


def get_review_for_user(user, *, pk: int) -> Review:
    try:
        return reviews_for_user(user).get(pk=pk)
    except (Review.DoesNotExist, ValueError):
        raise Http404("No review found") from None


def review_with_answers(review: Review):
    """The review's sections, each with its items' answers, evidence and comments, in a fixed
    number of queries whatever the number of items."""
    answers = (
        Answer.objects.filter(review=review)
        .select_related("item__section", "updated_by")
        .prefetch_related(
            Prefetch("documents", queryset=Evidence.objects.order_by("uploaded_at", "id")),
            Prefetch(
                "item__resources",
                queryset=ItemResource.objects.select_related("document").order_by(
                    "order", "title", "id"
                ),
            ),
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.select_related("author").order_by("created_at"),
            ),
        )
        .order_by("item__section__order", "item__section__code", "item__order", "item__code")
    )
    sections: dict[int, dict] = {}
    for answer in answers:
        section = answer.item.section
        entry = sections.setdefault(section.pk, {"section": section, "answers": []})
        entry["answers"].append(answer)
    return list(sections.values())


def review_section_counts(review: Review):
    """The review's sections with how many of their items are answered, for the review's
    overview page: one query, without loading the answers themselves."""
    rows = (
        Answer.objects.filter(review=review)
        .values("item__section_id")
        .annotate(total=Count("pk"), answered=Count("pk", filter=~Q(rating="")))
    )
    counts = {row["item__section_id"]: row for row in rows}
    sections = review.version.sections.filter(pk__in=counts).order_by("order", "code")
    return [
        {
            "section": section,
            "answered": counts[section.pk]["answered"],
            "total": counts[section.pk]["total"],
        }
        for section in sections
    ]


def section_for_review(review: Review, code: str) -> Section:
    try:
        return review.version.sections.get(code=code)
    except Section.DoesNotExist:
        raise Http404("No such section") from None


def review_progress(review: Review) -> dict:
    counts = Counter(review.answers.values_list("rating", flat=True))
    total = sum(counts.values())
    return {"total": total, "answered": total - counts.get("", 0)}


def reviews_for_reviewer(user) -> QuerySet[Review]:
    """The reviews a reviewer may open: every review for an officer who assigns reviewers,
    otherwise only those assigned to them (the object permission)."""
    if not (user.is_authenticated and user.is_active and user.has_perm("policies.review_policy")):
        return Review.objects.none()
    reviews = Review.objects.select_related("school", "version__framework")
    if user.has_perm("policies.assign_reviewer"):
        return reviews
    assigned = ReviewUserObjectPermission.objects.filter(
        user=user, permission__codename="review_policy"
    ).values("content_object_id")
    return reviews.filter(pk__in=assigned)


def get_review_for_reviewer(user, *, pk: int) -> Review:
    try:
        return reviews_for_reviewer(user).get(pk=pk)
    except (Review.DoesNotExist, ValueError):
        raise Http404("No review found") from None


def with_reviewers(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Each review's assigned reviewers prefetched (``review.reviewer_grants``)."""
    return reviews.prefetch_related(
        Prefetch(
            "user_object_permissions",
            queryset=ReviewUserObjectPermission.objects.filter(permission__codename="review_policy")
            .select_related("user")
            .order_by("user__username"),
            to_attr="reviewer_grants",
        )
    )


def reviewer_candidates():
    """Accounts that may be assigned as reviewers (hold the global reviewer permission)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct()
        .order_by("username")
    )


def evidence_for_user(user) -> QuerySet[Evidence]:
    """Evidence files the user may download (private_files.py registers this): the school's
    people and the review's reviewers."""
    return Evidence.objects.filter(
        Q(answer__review__in=reviews_for_user(user))
        | Q(answer__review__in=reviews_for_reviewer(user))
    )


def published_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).select_related(
        "framework"
    )


def versions_for_user(user) -> QuerySet[FrameworkVersion]:
    """Published versions for everyone signed in; drafts and versions awaiting approval too
    for the officers who edit them."""
    versions = FrameworkVersion.objects.select_related("framework")
    if not (user.is_authenticated and user.is_active):
        return versions.none()
    if user.has_perm("policies.edit_framework"):
        return versions
    return versions.filter(status=FrameworkVersion.Status.PUBLISHED)


def review_queue(user) -> QuerySet[Review]:
    """Submitted reviews waiting for the reviewer, oldest first (reviewers only)."""
    return with_reviewers(
        reviews_for_reviewer(user).filter(status=Review.Status.SUBMITTED).order_by("submitted_at")
    )


def latest_reviews(user, *, version: FrameworkVersion) -> QuerySet[Review]:
    """Each school's latest submitted or approved review on ``version`` (the one that counts)."""
    reviews = reviews_for_user(user).filter(
        version=version,
        status__in=[
            Review.Status.SUBMITTED,
            Review.Status.APPROVED,
            Review.Status.CHANGES_REQUESTED,
        ],
    )
    latest: dict[int, int] = {}
    for pk, school_id in reviews.order_by("school_id", "-submitted_at", "-pk").values_list(
        "pk", "school_id"
    ):
        latest.setdefault(school_id, pk)
    return Review.objects.filter(pk__in=latest.values())


def gap_analysis(user, *, version: FrameworkVersion, group_by: str = "") -> dict:
    """For each item of ``version``: how many schools rated it not started or developing in
    their latest review, of how many schools answered it; optionally by phase or area.

    These are counts of schools (public bodies) and their self-ratings, not of people, so
    disclosure control (which suppresses small counts of people) does not apply; see
    docs/modules/policies.md."""
    if not user.has_perm("policies.review_policy"):
        raise Http404("No gap analysis")
    if group_by not in ("", "phase", "area"):
        group_by = ""
    reviews = latest_reviews(user, version=version)
    group_field = f"review__school__{group_by}" if group_by else None
    values = ["item_id"] + ([group_field] if group_field else [])
    rows = (
        Answer.objects.filter(review__in=reviews)
        .exclude(rating="")
        .values(*values)
        .annotate(
            schools=Count("review__school", distinct=True),
            gaps=Count("review__school", filter=Q(rating__in=GAP_RATINGS), distinct=True),
            not_started=Count("pk", filter=Q(rating=Rating.NOT_STARTED)),
            developing=Count("pk", filter=Q(rating=Rating.DEVELOPING)),
        )
    )
    items = {
        item.pk: item
        for item in Item.objects.filter(section__version=version).select_related("section")
    }
    table = []
    groups: set[str] = set()
    by_item: dict[int, dict] = defaultdict(dict)
    for row in rows:
        group = (row.get(group_field) or "Not recorded") if group_field else ""
        groups.add(group)
        by_item[row["item_id"]][group] = row
    for item_id, per_group in by_item.items():
        item = items[item_id]
        total_schools = sum(r["schools"] for r in per_group.values())
        total_gaps = sum(r["gaps"] for r in per_group.values())
        table.append(
            {
                "item": item,
                "schools": total_schools,
                "gaps": total_gaps,
                "not_started": sum(r["not_started"] for r in per_group.values()),
                "developing": sum(r["developing"] for r in per_group.values()),
                "share": round(100 * total_gaps / total_schools) if total_schools else 0,
                "groups": {g: per_group.get(g, {}).get("gaps", 0) for g in groups},
            }
        )
    table.sort(key=lambda r: (-r["gaps"], r["item"].section.order, r["item"].order, r["item"].code))
    for row in table:
        row["by_group"] = [(g, row["groups"].get(g, 0)) for g in sorted(groups)]
    return {
        "version": version,
        "group_by": group_by,
        "groups": sorted(groups) if group_by else [],
        "rows": table,
        "school_count": reviews.values("school").distinct().count(),
    }


def get_review_for_reader(user, *, pk: int) -> Review:
    """A review for its school's people or its reviewers (print view, round comparison)."""
    readable = Review.objects.filter(
        Q(pk__in=reviews_for_user(user).values("pk"))
        | Q(pk__in=reviews_for_reviewer(user).values("pk"))
    ).select_related("school", "version__framework")
    try:
        return readable.get(pk=pk)
    except (Review.DoesNotExist, ValueError):
        raise Http404("No review found") from None


def review_rounds(review: Review) -> list[int]:
    """The rounds the school submitted, oldest first."""
    return sorted(
        set(AnswerRound.objects.filter(answer__review=review).values_list("round", flat=True))
    )


def compare_rounds(review: Review, *, older: int, newer: int | None) -> list[dict]:
    """Item by item, the answer as submitted in round ``older`` beside round ``newer`` (or,
    with ``newer=None``, the answer as it stands now), with the comments of the older round
    (the reviewer's and the school's replies) and whether rating, evidence or files changed.
    A fixed number of queries whatever the number of items."""
    snapshots = defaultdict(dict)
    wanted = [older] if newer is None else [older, newer]
    for snap in AnswerRound.objects.filter(answer__review=review, round__in=wanted):
        snapshots[snap.answer_id][snap.round] = snap
    comments = defaultdict(list)
    for comment in ReviewComment.objects.filter(
        review=review, round=older, answer__isnull=False
    ).select_related("author"):
        comments[comment.answer_id].append(comment)
    rows = []
    answers = (
        Answer.objects.filter(review=review)
        .select_related("item__section")
        .prefetch_related("documents")
        .order_by("item__section__order", "item__section__code", "item__order", "item__code")
    )
    for answer in answers:
        before = snapshots[answer.pk].get(older)
        if newer is None:
            after = {
                "rating": answer.rating,
                "rating_label": answer.get_rating_display(),
                "reason": answer.not_applicable_reason,
                "evidence": answer.evidence_text,
                "documents": [d.original_name for d in answer.documents.all()],
            }
        else:
            snap = snapshots[answer.pk].get(newer)
            after = _round_side(snap)
        before = _round_side(before)
        rows.append(
            {
                "item": answer.item,
                "before": before,
                "after": after,
                "comments": comments.get(answer.pk, []),
                "rating_changed": before["rating"] != after["rating"],
                "evidence_changed": before["evidence"] != after["evidence"]
                or before["reason"] != after["reason"],
                "documents_changed": before["documents"] != after["documents"],
            }
        )
    return rows


def _round_side(snap: AnswerRound | None) -> dict:
    if snap is None:
        return {"rating": "", "rating_label": "", "reason": "", "evidence": "", "documents": []}
    return {
        "rating": snap.rating,
        "rating_label": snap.get_rating_display(),
        "reason": snap.not_applicable_reason,
        "evidence": snap.evidence_text,
        "documents": [name for name in snap.documents.split("\n") if name],
    }


def incident_report(user, *, academic_year: int) -> dict:
    """The authority's racist incident counts for one school year, by type and term, through
    disclosure control (counts of incidents are about people: a small count is suppressed);
    and how many schools made a return or a nil return each term (schools, not people)."""
    import pandas as pd

    from schools_platform.disclosure import TOTAL, publish_counts
    from schools_platform.disclosure.methodology import symbol_key

    from .models import IncidentCount, IncidentReturn, IncidentType, Term

    if not (user.is_authenticated and user.has_perm("policies.review_policy")):
        raise Http404("No incident report")
    schools = schools_for_user(user)
    counts = Counter()
    for kind, term, number in IncidentCount.objects.filter(
        incident_return__school__in=schools, incident_return__academic_year=academic_year
    ).values_list("type", "incident_return__term", "count"):
        counts[(kind, term)] += number
    returns = Counter()
    nil = Counter()
    for term, is_nil in IncidentReturn.objects.filter(
        school__in=schools, academic_year=academic_year
    ).values_list("term", "nil_return"):
        returns[term] += 1
        nil[term] += is_nil
    types = list(IncidentType)
    terms = list(Term)
    frame = pd.DataFrame(
        [[counts[(kind.value, term.value)] for term in terms] for kind in types],
        index=[kind.label for kind in types],
        columns=[term.label for term in terms],
    )
    table = publish_counts(frame, row_totals=True, column_totals=True)
    return {
        "academic_year": academic_year,
        "table": table,
        "rows": [
            (label, [table.cell(label, t.label) for t in terms], table.cell(label, TOTAL))
            for label in frame.index
        ],
        "totals": [table.cell(TOTAL, t.label) for t in terms],
        "grand_total": table.cell(TOTAL, TOTAL),
        "symbols": symbol_key(),
        "terms": terms,
        "returns": [(t.label, returns[t.value], nil[t.value]) for t in terms],
    }


def due_for_school(user, school, *, today) -> list[dict]:
    """The school's open actions and approved policies' next review dates due within 30 days
    or overdue, soonest first (the school's page)."""
    import datetime

    from .models import Action

    horizon = today + datetime.timedelta(days=30)
    reviews = reviews_for_user(user).filter(school=school)
    lines = [
        {
            "what": f"Action: {a.description[:80]} ({a.owner})",
            "due_on": a.due_on,
            "overdue": a.due_on < today,
            "review_id": a.review_id,
        }
        for a in Action.objects.filter(
            review__in=reviews, status=Action.Status.OPEN, due_on__lte=horizon
        )
    ]
    lines += [
        {
            "what": f"Review the {r.get_kind_display().lower()} policy",
            "due_on": r.next_review_on,
            "overdue": r.next_review_on < today,
            "review_id": r.pk,
        }
        for r in reviews.filter(
            status=Review.Status.APPROVED, next_review_on__isnull=False, next_review_on__lte=horizon
        )
    ]
    return sorted(lines, key=lambda line: line["due_on"])


# --- read by the CPD network (cpd/network): a checklist item's case studies and sessions ----


def published_items() -> QuerySet[Item]:
    """The items of published checklist versions, newest version first."""
    return (
        Item.objects.filter(section__version__status=FrameworkVersion.Status.PUBLISHED)
        .select_related("section__version__framework")
        .order_by("-section__version__number", "section__order", "order", "code")
    )


def get_published_item(*, pk: int) -> Item:
    try:
        return published_items().get(pk=pk)
    except (Item.DoesNotExist, ValueError):
        raise Http404("No checklist item found") from None


def same_checklist_items(item: Item) -> QuerySet[Item]:
    """The item in every version of its framework (same code): what a case study tagged on
    one version addresses on the next."""
    return Item.objects.filter(
        code=item.code, section__version__framework_id=item.section.version.framework_id
    )


def trends(user) -> list[dict]:
    """For each framework version and school year of submission: how many schools submitted a
    review, how many were approved, and the share of rated items rated not started or
    developing. Counts of schools and of their self-ratings, not of people (see
    gap_analysis). One query."""
    from django.db.models.functions import ExtractYear

    if not user.has_perm("policies.review_policy"):
        return []
    reviews = reviews_for_user(user).exclude(status=Review.Status.DRAFT)
    rows = (
        Answer.objects.filter(review__in=reviews)
        .exclude(rating="")
        .annotate(year=ExtractYear("review__submitted_at"))
        .values(
            "review__version_id",
            "review__version__number",
            "review__version__framework__name",
            "year",
        )
        .annotate(
            schools=Count("review__school", distinct=True),
            approved=Count(
                "review__school",
                filter=Q(review__status=Review.Status.APPROVED),
                distinct=True,
            ),
            rated=Count("pk"),
            gaps=Count("pk", filter=Q(rating__in=GAP_RATINGS)),
        )
        .order_by("review__version__framework__name", "review__version__number", "year")
    )
    return [
        {
            "framework": row["review__version__framework__name"],
            "version_id": row["review__version_id"],
            "version": row["review__version__number"],
            "year": row["year"],
            "schools": row["schools"],
            "approved": row["approved"],
            "gap_share": round(100 * row["gaps"] / row["rated"]) if row["rated"] else 0,
        }
        for row in rows
    ]


FIGURES = {
    "submitted": "Schools submitting",
    "approved": "Schools approved",
    "gaps": "Ratings not started or developing",
    "item_gap": "Schools with a gap on the item",
}


def schools_behind_figure(
    user, *, figure: str, version: FrameworkVersion, year: int | None = None, item=None
) -> list[dict]:
    """The schools a figure of the gap analysis page counts, as far as the viewer may see
    them: a trend figure (``submitted``, ``approved``, ``gaps`` for a version and year
    submitted) or a gap-table figure (``item_gap``: schools whose latest review rated
    ``item`` not started or developing). Only schools whose reviews the viewer may open are
    listed, and the page never says how many others there are (a small count is never shown
    by subtraction). Per school: its reviews in the figure, how many approved, and the share
    of its ratings that are gaps. Two queries for the rows."""
    from django.db.models.functions import ExtractYear

    if not user.has_perm("policies.review_policy") or figure not in FIGURES:
        raise Http404("No such figure")
    readable = Review.objects.filter(
        Q(pk__in=reviews_for_user(user).values("pk"))
        | Q(pk__in=reviews_for_reviewer(user).values("pk"))
    )
    if figure == "item_gap":
        if item is None or item.section.version_id != version.pk:
            raise Http404("No such item")
        reviews = latest_reviews(user, version=version).filter(
            pk__in=readable.values("pk"),
            answers__item=item,
            answers__rating__in=GAP_RATINGS,
        )
    else:
        if year is None:
            raise Http404("No year")
        reviews = (
            readable.filter(version=version)
            .exclude(status=Review.Status.DRAFT)
            .annotate(year=ExtractYear("submitted_at"))
            .filter(year=year)
        )
        if figure == "approved":
            reviews = reviews.filter(status=Review.Status.APPROVED)
    # Counted per review (a few hundred groups, no distinct counts, no join), then added up
    # per school in the database's order of names (a second query, on the reviews): sorting
    # every rated answer by school name was most of the page's time.
    counts = {
        row["review_id"]: row
        for row in Answer.objects.filter(review__in=reviews.values("pk"))
        .exclude(rating="")
        .values("review_id")
        .annotate(rated=Count("pk"), gaps=Count("pk", filter=Q(rating__in=GAP_RATINGS)))
        .order_by()
    }
    schools: dict[int, dict] = {}
    for pk, status, school_id, name, urn in (
        Review.objects.filter(pk__in=reviews.values("pk"))
        .values_list("pk", "status", "school_id", "school__name", "school__urn")
        .order_by("school__name", "school_id")
    ):
        row = counts.get(pk)
        if row is None:  # nothing rated in this review: it counts for nothing
            continue
        school = schools.setdefault(
            school_id,
            {"name": name, "urn": urn, "reviews": 0, "approved": 0, "rated": 0, "gaps": 0},
        )
        school["reviews"] += 1
        school["approved"] += status == Review.Status.APPROVED
        school["rated"] += row["rated"]
        school["gaps"] += row["gaps"]
    result = [
        {
            "name": school["name"],
            "urn": school["urn"],
            "reviews": school["reviews"],
            "approved": school["approved"],
            "gap_share": round(100 * school["gaps"] / school["rated"]) if school["rated"] else 0,
        }
        for school in schools.values()
    ]
    if figure == "gaps":
        result.sort(key=lambda r: (-r["gap_share"], r["name"]))
    return result
