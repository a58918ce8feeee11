"""What the registry holds about a person: the schools they have been given access to."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import SchoolUserObjectPermission


def _grants(person):
    return SchoolUserObjectPermission.objects.filter(user=person)


def _rows(person) -> list[dict]:
    schools: dict[int, dict] = {}
    for grant in _grants(person).select_related("content_object", "permission"):
        school = grant.content_object
        row = schools.setdefault(
            school.pk, {"school": school.name, "urn": school.urn, "permissions": []}
        )
        row["permissions"].append(grant.permission.codename)
    return [
        {**row, "permissions": ", ".join(sorted(row["permissions"]))}
        for row in sorted(schools.values(), key=lambda r: r["school"])
    ]


def _erase(person) -> int:
    return _grants(person).delete()[0]


register(
    PersonalDataSource(
        key="registry.school_access",
        label="Schools you have access to",
        description="The schools whose records you may see and manage on the platform.",
        rows=_rows,
        policy=Policy.ERASE,
        erase=_erase,
        order=30,
    )
)
