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
    Evidence,
    FrameworkVersion,
    Item,
    Rating,
    Review,
    ReviewComment,
    Section,
)


def reviews_for_user(user) -> QuerySet[Review]:
    if not (user.is_authenticated and user.is_active):
        return Review.objects.none()
    return Review.objects.filter(school__in=schools_for_user(user)).select_related(
        "school", "version__framework"
    )


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


def section_for_review(review: Review, code: str) -> Section:
    try:
        return review.version.sections.get(code=code)
    except Section.DoesNotExist:
        raise Http404("No such section") from None


def review_progress(review: Review) -> dict:
    counts = Counter(review.answers.values_list("rating", flat=True))
    total = sum(counts.values())
    return {"total": total, "answered": total - counts.get("", 0)}


def evidence_for_user(user) -> QuerySet[Evidence]:
    """Evidence files the user may download (private_files.py registers this)."""
    return Evidence.objects.filter(answer__review__in=reviews_for_user(user))


def published_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).select_related(
        "framework"
    )


def review_queue(user) -> QuerySet[Review]:
    """Submitted reviews waiting for the reviewer, oldest first (reviewers only)."""
    if not (user.is_authenticated and user.is_active and user.has_perm("policies.review_policy")):
        return Review.objects.none()
    return reviews_for_user(user).filter(status=Review.Status.SUBMITTED).order_by("submitted_at")


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
