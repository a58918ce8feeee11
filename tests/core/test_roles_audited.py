import pytest
from django.contrib.auth.models import Group

from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.core.setup import sync_role_groups
from tests.factories import make_user


@pytest.mark.django_db
def test_role_change_on_wagtail_users_screen_is_audited_with_the_officer(client):
    sync_role_groups()
    admin = make_user(username="boss", is_superuser=True, is_staff=True)
    person = make_user(username="newhead")
    client.force_login(admin)
    leader_group = Group.objects.get(name=roles.SCHOOL_LEADER.name)
    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "username": "newhead",
            "email": "newhead@example.org",
            "first_name": "New",
            "last_name": "Head",
            "is_active": "on",
            "groups": [leader_group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(verb="role.assigned", target_id=str(person.pk))
    assert event.actor == admin
    assert event.details["roles"] == [roles.SCHOOL_LEADER.name]


@pytest.mark.django_db
def test_setup_roles_gives_school_roles_no_model_permissions():
    groups = sync_role_groups()
    for role in roles.ALL_ROLES:
        if role.school_scoped:
            assert not groups[role.slug].permissions.exists(), role.name
    officer_perms = set(groups["council-officer"].permissions.values_list("codename", flat=True))
    assert {"view_school", "manage_school_access", "import_schools"} <= officer_perms
