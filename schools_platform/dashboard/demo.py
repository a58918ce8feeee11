"""One demo login per role. Only ever run against the embedded demo database."""

from schools_platform.core import roles
from schools_platform.core.models import User
from schools_platform.core.setup import sync_role_groups
from schools_platform.registry.models import School
from schools_platform.registry.services import grant_school_access

DEMO_ORDER = 20

# Printed by the demo command; the embedded demo database is never a real deployment.
DEMO_PASSWORD = "demo-Platform-2026"  # noqa: S105

# (username, first, last, role)
DEMO_ACCOUNTS = [
    ("officer", "Olu", "Adeyemi", roles.COUNCIL_OFFICER),
    ("steward", "Sam", "Whitfield", roles.DATA_STEWARD),
    ("clerk", "Clara", "Mbeki", roles.APPEALS_CLERK),
    ("equalities", "Imran", "Qureshi", roles.RACE_EQUALITIES_OFFICER),
    ("head", "Hannah", "Okafor", roles.SCHOOL_LEADER),
    ("chair", "Chidi", "Brennan", roles.CHAIR_OF_GOVERNORS),
    ("cpd", "Priya", "Lindqvist", roles.CPD_MEMBER),
    ("panel", "Patrick", "Nwosu", roles.PANEL_MEMBER),
    ("learner", "Leah", "Rahman", roles.LEARNER),
    ("applicant", "Aisha", "Kowalski", roles.PUBLIC_APPLICANT),
]


def seed_accounts(*, schools: list[School]) -> list[tuple[User, roles.Role]]:
    groups = sync_role_groups()
    system_admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "first_name": "Platform",
            "last_name": "Administrator",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        system_admin.set_password(DEMO_PASSWORD)
        system_admin.save()
    accounts = []
    for username, first, last, role in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.schools-platform.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(groups[role.slug])
        accounts.append((user, role))
    open_schools = [s for s in schools if s.closed_on is None]
    # The head and the chair lead the first open school; the chair also chairs a second one.
    for user, role in accounts:
        if role is roles.SCHOOL_LEADER:
            grant_school_access(actor=system_admin, user=user, school=open_schools[0])
        if role is roles.CHAIR_OF_GOVERNORS:
            grant_school_access(actor=system_admin, user=user, school=open_schools[0])
            grant_school_access(actor=system_admin, user=user, school=open_schools[1])
    return accounts


def seed(context) -> list[str]:
    """The demo logins; the head and chair get the first open schools."""
    accounts = seed_accounts(schools=context.schools)
    context.logins = [(user.username, role.name) for user, role in accounts]
    context.password = DEMO_PASSWORD
    return []
