"""A school leader invites a colleague by e-mail to help answer one review: the kit's notify(),
a confirmation, an audit entry, and an object permission on that review only."""

import pytest

from policies import services
from policies.models import ReviewInvitation
from schools_platform.core.models import AuditEvent, Notification
from tests.factories import make_user

from .conftest import answer_all


@pytest.fixture
def colleague(db):
    return make_user(username="colleague", email="Colleague@School-A.example")


def _invite(client, leader, review, email="colleague@school-a.example"):
    client.force_login(leader)
    return client.post(f"/policies/reviews/{review.pk}/invite/", {"email": email})


def test_a_leader_invites_and_the_colleague_accepts(client, leader_a, review_a, colleague):
    response = _invite(client, leader_a, review_a, email=" Colleague@School-A.example ")
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Invitation sent to colleague@school-a.example" in text  # the confirmation
    invitation = ReviewInvitation.objects.get()
    assert invitation.email == "colleague@school-a.example"
    note = Notification.objects.get(kind="policies.colleague_invited")
    assert note.to_email == "colleague@school-a.example"
    assert f"/policies/invitations/{invitation.token}/" in note.body_text
    assert AuditEvent.objects.filter(verb="policies.colleague.invited").count() == 1

    # Before accepting the colleague sees nothing.
    client.force_login(colleague)
    assert client.get(f"/policies/reviews/{review_a.pk}/").status_code == 404
    page = client.get(f"/policies/invitations/{invitation.token}/")
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    response = client.post(f"/policies/invitations/{invitation.token}/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="policies.colleague.joined").count() == 1
    assert colleague.has_perm("policies.contribute_to_review", review_a)

    # Now they answer this review (not submit it), and see nothing else of the school.
    assert client.get(f"/policies/reviews/{review_a.pk}/").status_code == 200
    assert client.get(f"/policies/reviews/{review_a.pk}/sections/A/").status_code == 200
    answer_all(review_a, colleague)
    assert review_a.answers.filter(updated_by=colleague).count() == review_a.answers.count()
    assert client.post(f"/policies/reviews/{review_a.pk}/submit/").status_code in (400, 404)
    review_a.refresh_from_db()
    assert review_a.status == "draft"
    assert client.get(f"/policies/schools/{review_a.school.urn}/").status_code == 404
    other = services.start_review(
        actor=leader_a, school=review_a.school, version=review_a.version, kind="uniform"
    )
    assert client.get(f"/policies/reviews/{other.pk}/").status_code == 404
    assert client.get(f"/policies/reviews/{review_a.pk}/invite/").status_code == 404
    # The link is used once.
    assert client.get(f"/policies/invitations/{invitation.token}/").status_code == 404


def test_the_link_is_only_for_the_address_it_was_sent_to(
    client, leader_a, leader_b, review_a, colleague
):
    _invite(client, leader_a, review_a)
    invitation = ReviewInvitation.objects.get()
    url = f"/policies/invitations/{invitation.token}/"
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not leader_b.has_perm("policies.contribute_to_review", review_a)
    assert client.get("/policies/invitations/not-a-token/").status_code == 404


def test_another_schools_leader_and_anonymous_cannot_invite(client, leader_b, review_a):
    url = f"/policies/reviews/{review_a.pk}/invite/"
    response = client.post(url, {"email": "x@example.org"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@example.org"}).status_code == 404
    assert not ReviewInvitation.objects.exists()
    assert not Notification.objects.filter(kind="policies.colleague_invited").exists()


def test_bad_addresses_and_second_invitations_are_refused(client, leader_a, review_a):
    response = _invite(client, leader_a, review_a, email="not an address")
    assert response.status_code == 400
    assert "Enter an e-mail address" in response.content.decode()
    _invite(client, leader_a, review_a)
    response = _invite(client, leader_a, review_a)
    assert response.status_code == 400
    assert "already been invited" in response.content.decode()
    assert ReviewInvitation.objects.count() == 1
    assert Notification.objects.filter(kind="policies.colleague_invited").count() == 1


def test_a_submitted_review_takes_no_invitations(leader_a, review_a):
    from django.core.exceptions import ValidationError

    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    with pytest.raises(ValidationError):
        services.invite_colleague(actor=leader_a, review=review_a, email="c@example.org")


@pytest.mark.parametrize("invitations", [1, 6])
def test_invite_page_queries(
    client, django_assert_max_num_queries, leader_a, review_a, invitations
):
    for n in range(invitations):
        services.invite_colleague(actor=leader_a, review=review_a, email=f"c{n}@example.org")
    client.force_login(leader_a)
    with django_assert_max_num_queries(12):
        assert client.get(f"/policies/reviews/{review_a.pk}/invite/").status_code == 200
