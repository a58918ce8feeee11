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


@pytest.mark.django_db
def test_assign_role_service_checks_the_actor_and_audits():
    from django.core.exceptions import PermissionDenied

    from schools_platform.core.services import assign_role, remove_role

    sync_role_groups()
    admin = make_user(username="boss2", is_superuser=True)
    nobody = make_user(username="nobody")
    person = make_user(username="person")
    with pytest.raises(PermissionDenied):
        assign_role(actor=nobody, user=person, role=roles.LEARNER)
    assign_role(actor=admin, user=person, role=roles.LEARNER)
    remove_role(actor=admin, user=person, role=roles.LEARNER)
    verbs = list(
        AuditEvent.objects.filter(target_id=str(person.pk), actor=admin)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["role.assigned", "role.removed"]
