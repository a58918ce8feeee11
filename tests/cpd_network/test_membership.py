import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cpd.network import selectors, services
from cpd.network.models import Membership
from schools_platform.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


def test_apply_then_approve_with_message_tells_the_applicant(heads, lead, cohort, outsider):
    membership = services.apply_to_join(
        actor=outsider, programme=heads, role="deputy", why="Our school is changing."
    )
    assert not selectors.is_member(outsider)
    with pytest.raises(ValidationError):
        services.apply_to_join(actor=outsider, programme=heads, role="deputy", why="Again")
    services.decide_application(
        actor=lead, membership=membership, approve=True, message="Welcome!", cohort=cohort
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED and membership.cohort == cohort
    assert selectors.is_member(outsider)
    note = Notification.objects.get(kind="cpd_network.decision")
    assert note.recipient == outsider and "Welcome!" in note.body_text
    assert AuditEvent.objects.filter(verb="cpd_network.approved").count() == 1


def test_decline_needs_a_message_and_the_applicant_may_apply_again(heads, lead, cohort, outsider):
    membership = services.apply_to_join(actor=outsider, programme=heads, role="deputy", why="x")
    with pytest.raises(ValidationError) as error:
        services.decide_application(actor=lead, membership=membership, approve=False)
    assert "message" in error.value.message_dict
    services.decide_application(
        actor=lead, membership=membership, approve=False, message="Next year's cohort."
    )
    assert not selectors.is_member(outsider)
    services.apply_to_join(actor=outsider, programme=heads, role="deputy", why="Trying again")


def test_only_a_lead_decides(heads, cohort, outsider, member):
    membership = services.apply_to_join(actor=outsider, programme=heads, role="deputy", why="x")
    with pytest.raises(PermissionDenied):
        services.decide_application(actor=member, membership=membership, approve=True)


def test_cannot_apply_to_a_programme_without_a_network(heads, outsider):
    with pytest.raises(ValidationError):
        services.apply_to_join(actor=outsider, programme=heads, role="deputy", why="x")


def test_member_home_shows_cohort_next_session_and_actions(client, member, sessions):
    membership = member.network_memberships.get()
    services.add_action(actor=member, membership=membership, description="Audit the library")
    client.force_login(member)
    response = client.get("/training/network/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cohort 1" in body and "Set A" in body and "Audit the library" in body
    assert sessions[1].module.title in body  # the next one, not the past one


def test_apply_page_and_decision_pages(client, heads, cohort, lead, outsider):
    client.force_login(outsider)
    assert client.get("/training/network/").status_code == 200  # the outside page
    response = client.post(
        "/training/network/apply/",
        {"programme": heads.pk, "role": "headteacher", "why": ""},
    )
    assert response.status_code == 400 and "Tell us why" in response.content.decode()
    response = client.post(
        "/training/network/apply/",
        {"programme": heads.pk, "role": "headteacher", "why": "To share."},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider)
    assert client.get(f"/training/network/applications/{membership.pk}/").status_code == 404
    client.force_login(lead)
    assert client.get("/training/network/applications/").status_code == 200
    response = client.post(
        f"/training/network/applications/{membership.pk}/",
        {"decision": "approve", "cohort": cohort.pk, "message": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider).status == "approved"


def test_members_area_refuses_outsiders_and_visitors(client, member, outsider, officer):
    for user in (outsider, officer):
        client.force_login(user)
        for url in ("/training/network/reflections/", "/training/network/case-studies/new/"):
            assert client.get(url).status_code == 404
    client.logout()
    response = client.get("/training/network/reflections/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
