"""What the appeals module holds about a person (core/personal_data.py)."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import Clerk, Declaration, MemberSitting, PanelMember


def _member_rows(person):
    return [
        {
            "name": m.full_name,
            "email": m.email,
            "category": m.get_category_display(),
            "appointed on": m.appointed_on,
            "appointment ends on": m.appointment_ends_on,
            "chair capable": m.chair_capable,
            "travel area": m.travel_area,
        }
        for m in PanelMember.objects.filter(user=person)
    ]


def _declaration_rows(person):
    return [
        {
            "declared": d.get_kind_display(),
            "role": d.get_role_display() if d.role else "",
            "school": d.school.name if d.school_id else "",
            "authority": d.authority.name if d.authority_id else "",
            "person": d.person_name,
            "from": d.started_on,
            "to": d.ended_on,
        }
        for d in Declaration.objects.filter(member__user=person).select_related(
            "school", "authority"
        )
    ]


def _sitting_rows(person):
    return [
        {"block": s.block.reference, "date": s.date}
        for s in MemberSitting.objects.filter(member__user=person).select_related("block")
    ]


def _clerk_rows(person):
    rows = []
    for c in Clerk.objects.filter(user=person).prefetch_related(
        "weekly_availability", "availability_exceptions"
    ):
        rows.append(
            {
                "name": c.full_name,
                "email": c.email,
                "trained until": c.trained_until,
                "usual days": ", ".join(
                    f"{w.get_weekday_display()} ({w.get_mode_display().lower()})"
                    for w in c.weekly_availability.all()
                ),
                "days that differ": ", ".join(
                    f"{e.date:%Y-%m-%d} ({'available' if e.available else 'not available'})"
                    for e in c.availability_exceptions.all()
                ),
            }
        )
    return rows


REASON = (
    "Appeal records, including who sat on each panel and what they declared, are kept for at "
    "least two years (School Admission Appeals Code, notes and records) and then disposed of."
)

register(
    PersonalDataSource(
        key="admissions.panel_member",
        label="Your appeal panel membership",
        description="Your appointment, category (worked out from your history) and travel area.",
        rows=_member_rows,
        policy=Policy.KEEP,
        reason=REASON,
        order=60,
    )
)
register(
    PersonalDataSource(
        key="admissions.declarations",
        label="Your declarations of history and interests",
        description=(
            "Work in schools, governing bodies, councils, admission decisions and people known."
        ),
        rows=_declaration_rows,
        policy=Policy.KEEP,
        reason=REASON,
        order=61,
    )
)
register(
    PersonalDataSource(
        key="admissions.sittings",
        label="The appeal panels you sat on",
        description="Each hearing block and day you were booked on.",
        rows=_sitting_rows,
        policy=Policy.KEEP,
        reason=REASON,
        order=62,
    )
)
register(
    PersonalDataSource(
        key="admissions.clerk",
        label="Your appeals clerk record",
        description="Your training and the days you offer to clerk hearings.",
        rows=_clerk_rows,
        policy=Policy.KEEP,
        reason=REASON,
        order=63,
    )
)
