"""What the network holds about a person (core/personal_data.py, docs/modules/kit.md).

The reflection log is read here only for the person's own download (``/your-data/``); the
data steward's erasure page shows how many rows each source holds, never their text."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, Revision

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import CaseStudyPage, Comment, CommentReport, Membership, Reflection


def _memberships(person) -> list[dict]:
    return [
        {
            "network": m.programme.title,
            "role": m.get_role_display(),
            "school": m.school.name if m.school_id else "",
            "why": m.why,
            "status": m.get_status_display(),
            "decision message": m.decision_message,
            "cohort": str(m.cohort or ""),
            "action learning set": str(m.learning_set or ""),
            "applied on": m.applied_at.date(),
            "actions": "; ".join(a.description for a in m.actions.all()),
        }
        for m in Membership.objects.filter(user=person)
        .select_related("programme", "school", "cohort", "learning_set")
        .prefetch_related("actions")
        .order_by("pk")
    ]


def _erase_memberships(person) -> int:
    return Membership.objects.filter(user=person).delete()[0]


def _reflections(person) -> list[dict]:
    return [
        {
            "date": r.written_on,
            "title": r.title,
            "reflection": r.body,
            "session": str(r.session or ""),
            "checklist item": r.checklist_item.code if r.checklist_item_id else "",
            "shared with facilitator": "yes" if r.shared else "no",
        }
        for r in Reflection.objects.filter(author=person)
        .select_related("session__module", "checklist_item")
        .order_by("written_on", "pk")
    ]


def _erase_reflections(person) -> int:
    return Reflection.objects.filter(author=person).delete()[0]


def _contributions(person) -> list[dict]:
    rows = [
        {"what": "case study", "title": p.title, "contact": p.contact, "live": p.live}
        for p in CaseStudyPage.objects.filter(author=person).order_by("pk")
    ]
    rows += [
        {"what": "comment", "title": c.body[:200], "contact": "", "live": c.status == "visible"}
        for c in Comment.objects.filter(author=person).order_by("pk")
    ]
    rows += [
        {"what": "report of a comment", "title": r.reason[:200], "contact": "", "live": ""}
        for r in CommentReport.objects.filter(reporter=person).order_by("pk")
    ]
    return rows


REMOVED = "(removed)"


def _scrub_revisions(page_ids) -> None:
    """Every stored Wagtail revision of the pages (drafts, old versions, the one a moderator
    saw) loses the contact text and the author, like the page itself: a revision keeps a
    copy of every field, and the editor's history would show it again."""
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
    )
    changed = []
    for revision in revisions:
        content = dict(revision.content or {})
        if "contact" in content or content.get("author") is not None:
            content["contact"] = REMOVED
            content["author"] = None
            revision.content = content
            changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=500)


def _anonymise_contributions(person) -> int:
    pages = CaseStudyPage.objects.filter(author=person)
    page_ids = list(pages.values_list("pk", flat=True))
    count = pages.update(author=None, contact=REMOVED)
    _scrub_revisions(page_ids)
    count += Comment.objects.filter(author=person).update(author=None)
    count += CommentReport.objects.filter(Q(reporter=person)).update(reporter=None)
    return count


register(
    PersonalDataSource(
        key="cpd_network.memberships",
        label="Your network membership",
        description="Your applications to the headteachers' network (role, school, why you "
        "applied), the decision, your cohort, action learning set and actions.",
        rows=_memberships,
        policy=Policy.ERASE,
        erase=_erase_memberships,
        order=30,
    )
)
register(
    PersonalDataSource(
        key="cpd_network.reflections",
        label="Your reflection log",
        description="Your private reflections: only you can read them, and your facilitator "
        "the ones you share.",
        rows=_reflections,
        policy=Policy.ERASE,
        erase=_erase_reflections,
        order=29,
    )
)
register(
    PersonalDataSource(
        key="cpd_network.contributions",
        label="Your case studies and comments",
        description="The case studies you wrote, your comments and the comments you reported.",
        rows=_contributions,
        policy=Policy.ANONYMISE,
        erase=_anonymise_contributions,
        reason="Published case studies and discussions belong to the network: they stay, "
        "without your name or contact details.",
        order=28,
    )
)
