"""Demo data: the default checklist as a published version, and reviews at every stage.

Idempotent: nothing is added when the framework exists already. Runs after the demo logins
(dashboard, 20) so the head's and the equalities officer's accounts exist.
"""

import datetime

from django.utils import timezone

from schools_platform.core.models import User

from . import default_framework
from .models import (
    Action,
    Answer,
    EqualityPublication,
    Framework,
    FrameworkVersion,
    Item,
    ItemResource,
    Rating,
    Review,
    ReviewComment,
    Section,
)

DEMO_ORDER = 80  # after the governors' demos, so their draws from the shared generator stay

EVIDENCE = [
    "Equality information page on the school website, updated September.",
    "Minutes of the full governing board, item 6.",
    "Behaviour policy section 5 (prejudice-related incidents).",
    "Curriculum map for history and English, Year 7 to 9.",
    "Staff training log (INSET day and two twilight sessions).",
]


def build_default_version(*, author=None, approver=None) -> FrameworkVersion:
    framework, _ = Framework.objects.get_or_create(
        name=default_framework.NAME, defaults={"description": default_framework.DESCRIPTION}
    )
    version = FrameworkVersion.objects.create(framework=framework, number=1, created_by=author)
    for order, (code, title, items) in enumerate(default_framework.SECTIONS):
        section = Section.objects.create(version=version, code=code, title=title, order=order)
        for i, (icode, statement, evidence, basis, source) in enumerate(items):
            Item.objects.create(
                section=section,
                code=icode,
                statement=statement,
                evidence_sought=evidence,
                basis=basis,
                source=source,
                order=i,
            )
    now = timezone.now()
    version.status = FrameworkVersion.Status.PUBLISHED
    version.submitted_by, version.submitted_at = author, now
    version.approved_by, version.published_at = approver, now
    version.notes = "The council's first published checklist."
    version.save()
    _link_demo_resources(version, author)
    return version


# Guidance pages the reference names (shared/reference/policies-and-cpd.md §1.1), linked to
# the statutory items they help with.
DEMO_RESOURCES = [
    (
        "A1",
        "Equality information: who publishes it and how (Buckinghamshire schools web)",
        "https://schoolsweb.buckinghamshire.gov.uk/policies-and-procedures/"
        "employer-responsibilities/equality-information",
    ),
    (
        "A2",
        "Equality objectives: what to publish and how often (itchyrobot)",
        "https://www.itchyrobot.co.uk/content/equality-objectives/",
    ),
]


def _link_demo_resources(version, author) -> None:
    items = {i.code: i for i in Item.objects.filter(section__version=version)}
    ItemResource.objects.bulk_create(
        ItemResource(
            item=items[code], kind=ItemResource.Kind.GUIDANCE, title=title, url=url,
            added_by=author,
        )
        for code, title, url in DEMO_RESOURCES
        if code in items
    )  # fmt: skip


def _answer(rng, answer, stage):
    weights = {"draft": (4, 3, 2), "approved": (1, 3, 6)}.get(stage, (2, 4, 4))
    answer.rating = rng.choices(
        [Rating.NOT_STARTED, Rating.DEVELOPING, Rating.EMBEDDED], weights=weights
    )[0]
    if rng.random() < 0.05:
        answer.rating = Rating.NOT_APPLICABLE
        answer.not_applicable_reason = "The school is not its own admissions authority."
    answer.evidence_text = rng.choice(EVIDENCE)
    answer.lock_version = 1


def _assign_and_keep_rounds(reviews, answers, reviewer, rng) -> None:
    """The equalities officer reviews every submitted review; each submitted round's answers
    are kept (round 1 of a resubmitted review had more gaps), as submit_review does."""
    from django.contrib.auth.models import Permission

    from .models import AnswerRound, ReviewUserObjectPermission

    submitted = [r for r in reviews if r.status != Review.Status.DRAFT]
    if reviewer is not None:
        perm = Permission.objects.get(content_type__app_label="policies", codename="review_policy")
        ReviewUserObjectPermission.objects.bulk_create(
            ReviewUserObjectPermission(content_object=r, user=reviewer, permission=perm)
            for r in submitted
        )
    by_review = {r.pk: r for r in submitted}
    rounds = []
    for answer in answers:
        review = by_review.get(answer.review_id)
        if review is None:
            continue
        for number in range(1, review.round + 1):
            earlier = number < review.round and rng.random() < 0.3
            rounds.append(
                AnswerRound(
                    answer=answer,
                    round=number,
                    rating=Rating.DEVELOPING if earlier else answer.rating,
                    not_applicable_reason="" if earlier else answer.not_applicable_reason,
                    evidence_text=answer.evidence_text,
                    submitted_at=review.submitted_at,
                )
            )
    AnswerRound.objects.bulk_create(rounds, batch_size=1000)


def _incident_returns(schools, rng, today) -> None:
    """The demo council collects termly racist incident returns: counts, and some nil ones."""
    from .models import (
        AuthorityPolicySettings,
        IncidentCount,
        IncidentReturn,
        IncidentType,
        Term,
    )

    if not schools:
        return
    AuthorityPolicySettings.objects.get_or_create(
        authority=schools[0].authority, defaults={"collect_incident_returns": True}
    )
    year = today.year if today.month >= 9 else today.year - 1
    returns = [
        IncidentReturn(school=school, academic_year=year - 1, term=term, nil_return=(n % 4 == 0))
        for n, school in enumerate(schools[:20])
        for term in Term.values
    ]
    IncidentReturn.objects.bulk_create(returns)
    IncidentCount.objects.bulk_create(
        IncidentCount(incident_return=record, type=kind, count=rng.randint(1, 6))
        for record in returns
        if not record.nil_return
        for kind in rng.sample(IncidentType.values, 2)
    )


def seed(context) -> list[str] | None:
    if Framework.objects.filter(name=default_framework.NAME).exists():
        return None
    author = User.objects.filter(username="equalities").first()
    approver = User.objects.filter(is_superuser=True).order_by("pk").first()
    head = User.objects.filter(username="head").first()
    version = build_default_version(author=author, approver=approver)
    items = list(Item.objects.filter(section__version=version).order_by("section__order", "order"))
    schools = context.open_schools
    count = 600 if context.scale == "large" else min(len(schools), 18)
    stages = ["draft", "submitted", "changes_requested", "submitted", "approved", "approved"]
    rng = context.rng
    today = timezone.localdate()
    reviews = []
    for n in range(count):
        school = schools[n % len(schools)]
        stage = stages[n % len(stages)] if n else "draft"
        reviews.append(
            Review(
                school=school,
                version=version,
                kind="whole_school"
                if n % 3 == 0
                else rng.choice(["behaviour", "uniform", "curriculum"]),
                status={"draft": Review.Status.DRAFT}.get(stage, stage),
                round=2 if stage == "approved" and n % 4 == 0 else 1,
                started_by=head if n == 0 else None,
                submitted_at=None if stage == "draft" else timezone.now(),
                # Every fourth approved review is overdue for its next review.
                next_review_on=today + datetime.timedelta(days=-30 if n % 4 == 1 else 365)
                if stage == "approved"
                else None,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=200)
    answers = []
    for n, review in enumerate(reviews):
        stage = stages[n % len(stages)] if n else "draft"
        for i, item in enumerate(items):
            answer = Answer(review=review, item=item)
            if stage != "draft" or i < len(items) // 3:
                _answer(rng, answer, stage)
            answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=1000)
    comments, actions = [], []
    for review in reviews[: min(60, len(reviews))]:
        stage = review.status
        if stage in (Review.Status.CHANGES_REQUESTED, Review.Status.APPROVED):
            first = review.answers.order_by("item__section__order", "item__order")[:2]
            for answer in first:
                comments.append(
                    ReviewComment(
                        review=review,
                        answer=answer,
                        round=1,
                        author=author,
                        body="Please add the date the policy was last agreed by governors.",
                    )
                )
        if stage != Review.Status.DRAFT:
            actions.append(
                Action(
                    review=review,
                    description="Add prejudice-related incidents to the behaviour policy.",
                    owner="Deputy headteacher",
                    due_on=today + datetime.timedelta(days=rng.randint(-20, 120)),
                )
            )
    ReviewComment.objects.bulk_create(comments)
    Action.objects.bulk_create(actions)
    _assign_and_keep_rounds(reviews, answers, author, rng)
    publications = []
    for n, school in enumerate(schools[:24]):
        publications.append(
            EqualityPublication(
                school=school,
                kind=EqualityPublication.Kind.INFORMATION,
                published_on=today - datetime.timedelta(days=60 + 30 * n),
            )
        )
        publications.append(
            EqualityPublication(
                school=school,
                kind=EqualityPublication.Kind.OBJECTIVES,
                published_on=today - datetime.timedelta(days=200 + 90 * n),
            )
        )
    EqualityPublication.objects.bulk_create(publications)
    _incident_returns(schools, rng, today)
    return [f"a published checklist of {len(items)} items", f"{len(reviews)} policy reviews"]
