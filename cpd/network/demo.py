"""Demo data for the headteachers' network: members in two cohorts and three action learning
sets, actions, reflections (some shared with the facilitator), case studies at every workflow
stage tied to checklist items, discussions with a reported comment, and resources.

Runs after cpd (programmes, sessions) and policies (the published checklist), through the
services so every rule, audit row and Wagtail workflow state is real. Idempotent: nothing is
loaded twice. ``large`` writes about 500 case studies (published straight through the
workflow) for the search benchmark.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cpd import selectors as cpd_selectors
from policies import selectors as policy_selectors
from schools_platform.core.setup import sync_role_groups

from . import services
from .models import (
    Audience,
    Cohort,
    LearningSet,
    Membership,
    SchoolPhase,
    SessionChecklistItem,
    Theme,
)

DEMO_ORDER = 85  # after cpd (70) and policies (80)
MEMBERS = {"small": 24, "large": 120}
CASE_STUDIES = {"small": 12, "large": 500}
FIRST = ["Grace", "Tariq", "Siobhan", "Kwame", "Mei", "Declan", "Ruth", "Yusuf", "Niamh", "Ade"]
LAST = ["Adebayo", "Hughes", "Khan", "Murphy", "Chen", "O'Neill", "Patel", "Evans", "Mensah"]
STORIES = [
    (
        "Pupils rewrote how racist incidents are reported",
        "Pupils told us racist remarks went unreported because nothing seemed to happen.",
        "A pupil panel redesigned the reporting steps; staff were trained to record and follow up "
        "every incident within two school days.",
        "Recorded incidents rose in the first term, then fell; pupil survey trust rose.",
        "Begin with the pupils most affected and report back to them every half term.",
        SchoolPhase.PRIMARY,
        Theme.RACIST_INCIDENTS,
    ),
    (
        "A curriculum audit with families",
        "Our history and English curriculum reflected few of our pupils' heritages.",
        "Subject leads audited units with parents from the community forum and replaced texts.",
        "Pupils' work now draws on a wider range of sources; parents joined the review group.",
        "Budget time for the audit; it took two terms, not one.",
        SchoolPhase.SECONDARY,
        Theme.CURRICULUM,
    ),
    (
        "Fairer shortlisting for teaching posts",
        "Applicants from Black and minority ethnic backgrounds were shortlisted less often.",
        "We anonymised applications and trained every panel member in fair shortlisting.",
        "Shortlisting rates became similar across groups over two recruitment rounds.",
        "Anonymising was easy; changing interview questions took longer.",
        SchoolPhase.ALL_THROUGH,
        Theme.WORKFORCE,
    ),
]


def _user(username, first, last, password, *, logins=None, role=""):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.schools-platform.invalid",
        },
    )
    if created and password:
        user.set_password(password)
        user.save()
    if logins is not None and role:
        logins.append((username, role))
    return user


def _members_only_collection() -> Collection:
    """Members-only documents live in a collection Wagtail's document view refuses to all
    (a group restriction with no group): they are served only after our membership check."""
    existing = Collection.objects.filter(name="Network members only").first()
    if existing:
        return existing
    collection = Collection.get_first_root_node().add_child(name="Network members only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    return collection


def seed(context) -> list[str] | None:
    if Cohort.objects.exists():
        return None
    rng, scale = context.rng, context.scale
    User = get_user_model()
    lead = User.objects.filter(username="cpdlead").first()
    if lead is None:
        return []
    sync_role_groups()
    programme = cpd_selectors.programmes_for_user(lead).filter(slug="heads-demo").first()
    if programme is None:
        return []
    sessions = list(
        cpd_selectors.sessions_for_register(lead)
        .filter(module__programme=programme)
        .order_by("starts_at")
    )
    items = list(policy_selectors.published_items()[:12])
    today = timezone.localdate()

    cohorts = [Cohort.objects.create(programme=programme, name=f"Cohort {n}") for n in (1, 2)]
    for cohort in cohorts:
        cohort.sessions.set(sessions)
    facilitator = _user(
        "facilitator",
        "Farah",
        "Iqbal",
        context.password,
        logins=context.logins,
        role="Network facilitator",
    )
    sets = [
        LearningSet.objects.create(
            cohort=cohorts[i % 2], name=f"Action learning set {i + 1}", facilitator=facilitator
        )
        for i in range(3)
    ]
    for cohort_set in sets:
        cohort_set.sessions.set(sessions[:1])
    for n, session in enumerate(sessions):
        if items:
            SessionChecklistItem.objects.create(session=session, item=items[n % len(items)])

    member = _user("cpd", "Priya", "Lindqvist", context.password)
    people = [member] + [
        _user(f"networkhead{n}", FIRST[n % len(FIRST)], LAST[n % len(LAST)], "")
        for n in range(MEMBERS[scale] - 1)
    ]
    schools = context.open_schools or [None]
    members = []
    for n, person in enumerate(people):
        membership = services.apply_to_join(
            actor=person,
            programme=programme,
            role=["headteacher", "deputy", "senior_leader"][n % 3],
            school=schools[n % len(schools)],
            why="To learn from other schools and share what we are trying.",
        )
        if n % 8 == 7:
            continue  # left waiting for the lead's decision
        if n % 11 == 10:
            services.decide_application(
                actor=lead,
                membership=membership,
                approve=False,
                message="The network is for serving school leaders; please reapply in September.",
            )
            continue
        chosen = sets[n % len(sets)]
        services.decide_application(
            actor=lead,
            membership=membership,
            approve=True,
            message="Welcome to the network.",
            cohort=chosen.cohort,
            learning_set=chosen,
        )
        members.append((person, membership))

    reflections = 0
    for n, (person, membership) in enumerate(members):
        services.add_action(
            actor=person,
            membership=membership,
            description="Review our behaviour policy against the checklist",
            due_on=today + datetime.timedelta(days=30 + n),
        )
        for k in range(1 + n % 3):
            entry = services.save_reflection(
                actor=person,
                written_on=today - datetime.timedelta(days=7 * k + n % 5),
                title=f"After session {k + 1}",
                body="What I noticed about how we talk about race in our staff meetings.",
                session=sessions[0]
                if sessions and sessions[0].starts_at < timezone.now()
                else None,
                checklist_item=items[(n + k) % len(items)] if items else None,
            )
            reflections += 1
            if (n + k) % 3 == 0:
                services.share_reflection(actor=person, reflection=entry, share=True)

    authors = [person for person, _ in members] or [member]
    stages = {"published": 0, "moderation": 0, "changes": 0, "rejected": 0, "retracted": 0}
    first_comment = None
    for n in range(CASE_STUDIES[scale]):
        title, ctx, did, impact, learned, phase, theme = STORIES[n % len(STORIES)]
        author = authors[n % len(authors)]
        fields = {
            "title": f"{title} ({n + 1})" if n >= len(STORIES) else title,
            "school_name": "" if n % 4 == 3 else f"Demo school {n + 1}",
            "context": ctx,
            "what_we_did": did,
            "impact": impact,
            "learned": learned,
            "contact": f"Headteacher, {author.email}",
            "phase": phase if n % 5 else rng.choice(SchoolPhase.values),
            "theme": theme,
            "audience": Audience.PUBLIC if n % 2 else Audience.MEMBERS,
        }
        chosen_items = [items[n % len(items)]] if items else []
        page = services.submit_case_study(
            actor=author, fields=fields, checklist_items=chosen_items, programme=programme
        )
        stage = (
            "published"
            if n >= 5
            else ["moderation", "changes", "rejected", "published", "retracted"][n]
        )
        if stage == "moderation":
            pass
        elif stage == "changes":
            services.moderate_case_study(
                actor=lead,
                page=page,
                decision="changes",
                comment="Please add the evidence behind the rise in reports.",
            )
        elif stage == "rejected":
            services.moderate_case_study(
                actor=lead,
                page=page,
                decision="reject",
                comment="This names pupils; we cannot publish it.",
            )
        else:
            services.moderate_case_study(actor=lead, page=page, decision="approve")
            if stage == "retracted":
                services.retract_case_study(actor=author, page=page)
        stages[stage] += 1
        if stage == "published" and first_comment is None:
            page.refresh_from_db()
            first_comment = services.add_comment(
                actor=authors[-1], case_study=page, body="We tried this too; happy to talk."
            )
            rude = services.add_comment(
                actor=authors[min(1, len(authors) - 1)],
                case_study=page,
                body="This is a waste of time.",
            )
            services.report_comment(actor=member, comment=rude, reason="Dismissive and unkind.")
    if sessions:
        services.add_comment(
            actor=member, session=sessions[0], body="Could we share the slides before the session?"
        )

    Document = get_document_model()
    collection = _members_only_collection()
    for title, audience in (
        ("Network handbook", Audience.PUBLIC),
        ("Action learning set guide", Audience.MEMBERS),
    ):
        document = Document(
            title=f"{title} (demo)",
            collection=(
                collection if audience == Audience.MEMBERS else Collection.get_first_root_node()
            ),
        )
        document.file.save(
            f"{title.lower().replace(' ', '-')}.txt", ContentFile(f"{title}\n".encode()), save=False
        )
        document.save()
        services.add_resource(
            actor=lead, programme=programme, document=document, title=title, audience=audience
        )
    waiting = Membership.objects.filter(status=Membership.Status.PENDING).count()
    return [
        f"{len(members)} network members ({waiting} waiting)",
        f"{reflections} reflections",
        f"{sum(stages.values())} case studies ({stages['published']} published)",
    ]
