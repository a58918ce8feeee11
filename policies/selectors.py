"""Reads of the policies module, already scoped to what the user may see.

A school's reviews are visible to whoever may see the school (``schools_for_user``: its leaders
and chair by grant, council-wide roles for every school). Missing and forbidden both 404.
"""

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from schools_platform.core.cache import get_or_build
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


COUNTED_STATUSES = (
    Review.Status.SUBMITTED,
    Review.Status.APPROVED,
    Review.Status.CHANGES_REQUESTED,
)


def _latest_review_rows(user, *, version: FrameworkVersion) -> list[tuple]:
    """Each school's latest submitted, returned or approved review on ``version`` the user
    sees: (review id, school id, answers version, school phase, school area). One query."""
    rows = (
        reviews_for_user(user)
        .filter(version=version, status__in=COUNTED_STATUSES)
        .order_by("school_id", "-submitted_at", "-pk")
        .values_list("pk", "school_id", "answers_version", "school__phase", "school__area")
    )
    latest: dict[int, tuple] = {}
    for row in rows:
        latest.setdefault(row[1], row)
    return list(latest.values())


def latest_reviews(user, *, version: FrameworkVersion) -> QuerySet[Review]:
    """Each school's latest submitted or approved review on ``version`` (the one that counts)."""
    rows = _latest_review_rows(user, version=version)
    return Review.objects.filter(pk__in=[row[0] for row in rows])


# How long an unused entry of the authority's figures stays. Entries are keyed on what the
# figures are computed from, read fresh on every request (the reviews the viewer sees, their
# answers' versions, statuses and schools' phase and area), so a change shows on the next page.
FIGURES_CACHE_SECONDS = 60 * 60
FIGURES_CACHE_PREFIX = "policies:figures:"


def gap_analysis(user, *, version: FrameworkVersion, group_by: str = "") -> dict:
    """For each item of ``version``: how many schools rated it not started or developing in
    their latest review, of how many schools answered it; optionally by phase or area.

    These are counts of schools (public bodies) and their self-ratings, not of people, so
    disclosure control (which suppresses small counts of people) does not apply; see
    docs/modules/policies.md.

    The aggregate over the answers is cached, keyed on the latest reviews the viewer sees
    (read fresh: which reviews, their ``answers_version``, their schools' phase or area) and
    the version; the items are read fresh (a published version is frozen anyway)."""
    if not user.has_perm("policies.review_policy"):
        raise Http404("No gap analysis")
    if group_by not in ("", "phase", "area"):
        group_by = ""
    latest = _latest_review_rows(user, version=version)
    review_ids = [row[0] for row in latest]
    group_field = f"review__school__{group_by}" if group_by else None
    values = ["item_id"] + ([group_field] if group_field else [])
    column = {"": None, "phase": 3, "area": 4}[group_by]

    def build() -> list[dict]:
        if not review_ids:
            return []
        return list(
            Answer.objects.filter(review_id__in=review_ids)
            .exclude(rating="")
            .values(*values)
            .annotate(
                schools=Count("review__school", distinct=True),
                gaps=Count("review__school", filter=Q(rating__in=GAP_RATINGS), distinct=True),
                not_started=Count("pk", filter=Q(rating=Rating.NOT_STARTED)),
                developing=Count("pk", filter=Q(rating=Rating.DEVELOPING)),
            )
            .order_by()
        )

    inputs = sorted((row[0], row[2], row[column] if column is not None else None) for row in latest)
    rows = get_or_build(
        FIGURES_CACHE_PREFIX,
        ("gaps", 1, version.pk, group_by, inputs),
        build,
        timeout=FIGURES_CACHE_SECONDS,
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
        item = items.get(item_id)
        if item is None:
            continue
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
        "school_count": len({row[1] for row in latest}),
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


def _published() -> QuerySet[Item]:
    return Item.objects.filter(section__version__status=FrameworkVersion.Status.PUBLISHED).order_by(
        "-section__version__number", "section__order", "order", "code"
    )


def published_items() -> QuerySet[Item]:
    """The items of published checklist versions, newest version first, for lists of choices
    (the CPD network's case-study search and forms): each item's code and statement (its
    label) and its framework (``same_checklist_items``), not its guidance, evidence sought
    and source, nor the section's, version's and framework's own columns."""
    return (
        _published()
        .select_related("section__version")
        .only("code", "statement", "section__version__framework")
    )


def get_published_item(*, pk: int) -> Item:
    """One published item with its section, version and framework (the item's own page)."""
    try:
        return _published().select_related("section__version__framework").get(pk=pk)
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
    gap_analysis). The aggregate is cached, keyed on the reviews the viewer sees (read fresh
    in one query: which, their status, version, school, year and ``answers_version``)."""
    from django.db.models.functions import ExtractYear

    if not user.has_perm("policies.review_policy"):
        return []
    reviews = reviews_for_user(user).exclude(status=Review.Status.DRAFT)
    inputs = sorted(
        reviews.annotate(year=ExtractYear("submitted_at")).values_list(
            "pk", "school_id", "version_id", "status", "year", "answers_version"
        )
    )
    review_ids = [row[0] for row in inputs]

    def build() -> list[dict]:
        if not review_ids:
            return []
        return list(
            Answer.objects.filter(review_id__in=review_ids)
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

    rows = get_or_build(
        FIGURES_CACHE_PREFIX, ("trends", 1, inputs), build, timeout=FIGURES_CACHE_SECONDS
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


# --- completion by school, council, phase and area -------------------------------------------

COMPLETION_GROUPS = {
    "council": "Council",
    "phase": "Phase",
    "area": "Area",
    "school": "School",
}
# Each figure of the completion table: what it counts. ``schools`` and ``none`` count
# schools; the others count reviews on the version, each stage including the later ones (a
# review approved was also started and submitted).
COMPLETION_FIGURES = {
    "schools": "Schools",
    "none": "Schools with no review",
    "started": "Reviews started",
    "submitted": "Reviews submitted",
    "approved": "Reviews approved",
    "overdue": "Approved reviews overdue for review",
}
NOT_RECORDED = "Not recorded"


def completion_by_school(user, *, version: FrameworkVersion, today) -> list[dict]:
    """Every open school the user sees, with its council, phase and area and how many of its
    reviews on ``version`` were started, submitted (at least once: submitted, returned or
    approved), approved, and approved with their next review date passed (overdue). Counts of
    schools' reviews, not of people (see gap_analysis). One query. Reviewers only."""
    if not (user.is_authenticated and user.has_perm("policies.review_policy")):
        raise Http404("No completion figures")
    on_version = Q(policy_reviews__version=version)
    approved = on_version & Q(policy_reviews__status=Review.Status.APPROVED)
    rows = (
        schools_for_user(user, include_closed=False)
        .values("pk", "urn", "name", "phase", "area", "authority_id", "authority__name")
        .annotate(
            started=Count("policy_reviews", filter=on_version),
            submitted=Count(
                "policy_reviews",
                filter=on_version & ~Q(policy_reviews__status=Review.Status.DRAFT),
            ),
            approved=Count("policy_reviews", filter=approved),
            overdue=Count(
                "policy_reviews", filter=approved & Q(policy_reviews__next_review_on__lt=today)
            ),
        )
        .order_by("name", "pk")
    )
    return [
        {
            "id": row["pk"],
            "urn": row["urn"],
            "name": row["name"],
            "council_id": row["authority_id"],
            "council": row["authority__name"],
            "phase": row["phase"],
            "area": row["area"],
            "started": row["started"],
            "submitted": row["submitted"],
            "approved": row["approved"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def _group_of(school: dict, by: str) -> tuple[str, str]:
    """(the key a link names the group by, its label)."""
    if by == "school":
        return str(school["urn"]), f"{school['name']} ({school['urn']})"
    if by == "council":
        return str(school["council_id"]), school["council"]
    return school[by], school[by] or NOT_RECORDED


def _filtered(schools: list[dict], *, council=None, phase=None, area=None) -> list[dict]:
    return [
        s
        for s in schools
        if (council is None or s["council_id"] == council)
        and (phase is None or s["phase"] == phase)
        and (area is None or s["area"] == area)
    ]


def _completion_figures(schools: list[dict]) -> dict:
    return {
        "schools": len(schools),
        "none": sum(1 for s in schools if not s["started"]),
        **{
            stage: sum(s[stage] for s in schools)
            for stage in ("started", "submitted", "approved", "overdue")
        },
    }


def completion(
    user, *, version: FrameworkVersion, today, by="council", council=None, phase=None, area=None
) -> dict:
    """The completion table: per council, phase, area or school (``by``), of the open
    schools the user sees (optionally only one council, phase or area), how many schools and
    how many with no review on ``version``, and how many reviews were started, submitted,
    approved and are overdue; with the whole table's totals and the filters' choices."""
    if by not in COMPLETION_GROUPS:
        by = "council"
    everything = completion_by_school(user, version=version, today=today)
    schools = _filtered(everything, council=council, phase=phase, area=area)
    groups: dict[str, dict] = {}
    for school in schools:
        key, label = _group_of(school, by)
        groups.setdefault(key, {"key": key, "label": label, "schools": []})["schools"].append(
            school
        )
    rows = [
        {"key": g["key"], "label": g["label"], **_completion_figures(g["schools"])}
        for g in sorted(groups.values(), key=lambda g: (g["label"].lower(), g["key"]))
    ]
    return {
        "version": version,
        "by": by,
        "by_label": COMPLETION_GROUPS[by],
        "rows": rows,
        "total": _completion_figures(schools),
        "councils": sorted(
            {(s["council_id"], s["council"]) for s in everything}, key=lambda c: c[1]
        ),
        "phases": sorted({s["phase"] for s in everything}),
        "areas": sorted({s["area"] for s in everything}),
        "council": council,
        "phase": phase,
        "area": area,
    }


def schools_behind_completion(
    user,
    *,
    version: FrameworkVersion,
    today,
    figure: str,
    by="council",
    group: str | None = None,
    council=None,
    phase=None,
    area=None,
) -> list[dict]:
    """The schools one figure of the completion table counts: those of the group ``group``
    (its key, as ``_group_of`` gives it; None for the table's total) under the same filters,
    with a review at that stage (``none``: with no review; ``schools``: all). Exactly the
    schools the figure counts, all of them visible to the viewer, so the list never hides any
    and never says how many others there are."""
    if figure not in COMPLETION_FIGURES:
        raise Http404("No such figure")
    if by not in COMPLETION_GROUPS:
        by = "council"
    schools = _filtered(
        completion_by_school(user, version=version, today=today),
        council=council,
        phase=phase,
        area=area,
    )
    if group is not None:
        schools = [s for s in schools if _group_of(s, by)[0] == group]
    if figure == "none":
        return [s for s in schools if not s["started"]]
    if figure == "schools":
        return schools
    return [s for s in schools if s[figure]]
