"""What the policies module holds about a person: the reviews, answers, comments and evidence
they wrote. These are a school's records (kept); the person's name is only a link to them."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import Evidence, ReviewComment, ReviewInvitation


def _rows(person):
    rows = [
        {
            "what": "Comment on a policy review",
            "school": c.review.school.name,
            "round": c.round,
            "written": c.created_at.isoformat(),
            "text": c.body,
        }
        for c in ReviewComment.objects.filter(author=person).select_related("review__school")
    ]
    rows += [
        {
            "what": "Evidence uploaded",
            "school": e.answer.review.school.name,
            "file": e.original_name,
            "uploaded": e.uploaded_at.isoformat(),
        }
        for e in Evidence.objects.filter(uploaded_by=person).select_related(
            "answer__review__school"
        )
    ]
    return rows


register(
    PersonalDataSource(
        key="policies.contributions",
        label="Your contributions to policy reviews",
        description="Comments you wrote and evidence you uploaded for schools' policy reviews.",
        rows=_rows,
        policy=Policy.KEEP,
        reason=(
            "Policy reviews are the school's and the council's records of how they meet the "
            "public sector equality duty; your account is anonymised, so they no longer name you."
        ),
        order=60,
    )
)


def _invitation_rows(person):
    address = (person.email or "").strip().lower()
    invitations = ReviewInvitation.objects.select_related("review__school")
    found = invitations.filter(accepted_by=person)
    if address:
        found = found | invitations.filter(email=address)
    return [
        {
            "what": "Invitation to help with a policy review",
            "school": i.review.school.name,
            "email": i.email,
            "sent": i.invited_at.isoformat(),
            "accepted": i.accepted_at.isoformat() if i.accepted_at else "",
        }
        for i in found.distinct()
    ]


def _erase_invitations(person) -> int:
    """The address an invitation was sent to is the person's; the invitation (and the access
    it gave) goes with it."""
    address = (person.email or "").strip().lower()
    found = ReviewInvitation.objects.filter(accepted_by=person)
    if address:
        found = found | ReviewInvitation.objects.filter(email=address)
    count, _ = ReviewInvitation.objects.filter(pk__in=found.values("pk")).delete()
    return count


register(
    PersonalDataSource(
        key="policies.invitations",
        label="Invitations to help with policy reviews",
        description="The e-mail address a school leader invited to help answer a policy review.",
        rows=_invitation_rows,
        policy=Policy.ERASE,
        erase=_erase_invitations,
        order=40,
    )
)
