"""What representation reports hold about a person: their places in monitored groups."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import GroupMembership


def _memberships(person):
    return GroupMembership.objects.filter(profile__user=person)


def _rows(person) -> list[dict]:
    return [
        {
            "group": m.group,
            "stage": m.get_stage_display(),
            "year": m.year,
            "school": m.school.name if m.school else "",
        }
        for m in _memberships(person).select_related("school").order_by("year", "pk")
    ]


def _erase(person) -> int:
    return _memberships(person).update(profile=None)


register(
    PersonalDataSource(
        key="representation.group_memberships",
        label="Places in monitored groups",
        description=(
            "That you applied for or hold a role (e.g. governor) in a year, linked to your "
            "equality monitoring answers for the council's representation reports."
        ),
        rows=_rows,
        policy=Policy.ANONYMISE,
        reason=(
            "The place is kept as an anonymous count in the reports; its link to you and your "
            "answers is removed."
        ),
        erase=_erase,
        order=10,
    )
)
