"""A reviewer is assigned per review (a django-guardian object permission, audited); only an
assigned reviewer reviews it. Rounds are kept and compared; reminders are sent once."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from policies import selectors, services
from policies.models import AnswerRound, Review
from schools_platform.core.models import AuditEvent, Notification
from tests.factories import make_user

from .conftest import answer_all, assign

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def coach(db):
    """A reviewer who is not an officer: sees only the reviews assigned to them."""
    user = make_user(username="coach")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    return user


@pytest.fixture
def submitted(review_a, leader_a):
    answer_all(review_a, leader_a)
    services.attach_evidence(
        actor=leader_a,
        answer=review_a.answers.order_by("item__code").first(),
        upload=SimpleUploadedFile("policy.pdf", PDF, "application/pdf"),
    )
    return services.submit_review(actor=leader_a, review=review_a)


def test_an_unassigned_reviewer_is_refused_everything(client, coach, submitted):
    client.force_login(coach)
    evidence = submitted.answers.order_by("item__code").first().documents.get()
    for url in [
        f"/policies/officer/reviews/{submitted.pk}/",
        f"/policies/reviews/{submitted.pk}/print/",
        f"/policies/reviews/{submitted.pk}/compare/",
        evidence.file.url,
    ]:
        assert client.get(url).status_code == 404, url
    assert submitted.school.name not in client.get("/policies/officer/").content.decode()
    with pytest.raises(PermissionDenied):
        services.approve_review(actor=coach, review=submitted)


def test_an_officer_assigns_a_reviewer_who_then_reviews(client, equalities, coach, submitted):
    assign(submitted, equalities, coach)
    assert AuditEvent.objects.filter(verb="policies.reviewer.assigned").count() == 1
    assert Notification.objects.filter(recipient=coach, kind="policies.reviewer_assigned").count()
    client.force_login(coach)
    url = f"/policies/officer/reviews/{submitted.pk}/"
    assert client.get(url).status_code == 200
    evidence = submitted.answers.order_by("item__code").first().documents.get()
    assert client.get(evidence.file.url).status_code == 200
    answer = submitted.answers.order_by("item__code").first()
    client.post(url, {"action": "comment", "answer": answer.pk, "body": "Which year?"})
    # A reviewer without the assigning permission cannot hand the review to someone else.
    assert client.post(url, {"action": "assign", "reviewer": coach.pk}).status_code == 404
    assert client.post(url, {"action": "return", "message": "See A1"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Review.Status.CHANGES_REQUESTED

    services.revoke_reviewer(actor=equalities, review=submitted, reviewer=coach)
    assert AuditEvent.objects.filter(verb="policies.reviewer.revoked").count() == 1
    assert client.get(url).status_code == 404


def test_an_officer_must_be_assigned_to_decide(equalities, submitted):
    with pytest.raises(PermissionDenied):
        services.approve_review(actor=equalities, review=submitted)
    assign(submitted, equalities)
    services.approve_review(actor=equalities, review=submitted)


def test_the_schools_own_leader_cannot_be_its_reviewer(equalities, leader_a, submitted):
    leader_a.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    with pytest.raises(ValidationError, match="works for Alder Primary"):
        services.assign_reviewer(actor=equalities, review=submitted, reviewer=leader_a)
    with pytest.raises(PermissionDenied):
        services.assign_reviewer(actor=leader_a, review=submitted, reviewer=equalities)


def test_only_a_reviewer_can_be_assigned(equalities, leader_b, submitted):
    with pytest.raises(ValidationError, match="not a policy reviewer"):
        services.assign_reviewer(actor=equalities, review=submitted, reviewer=leader_b)


def test_a_resubmission_tells_only_the_assigned_reviewer(
    equalities, second_equalities, coach, leader_a, submitted
):
    assert Notification.objects.filter(kind="policies.review_submitted").count() == 2  # officers
    assign(submitted, equalities, coach)
    services.comment_on_item(actor=coach, review=submitted, answer=None, body="Add dates.")
    services.return_review(actor=coach, review=submitted)
    services.submit_review(actor=leader_a, review=submitted)
    round_two = Notification.objects.filter(kind="policies.review_submitted").order_by("-pk")[0]
    assert round_two.recipient == coach
    assert Notification.objects.filter(kind="policies.review_submitted").count() == 3


def test_rounds_are_kept_and_compared(client, equalities, leader_a, leader_b, submitted):
    assign(submitted, equalities)
    answer = submitted.answers.get(item__code="A1")
    services.comment_on_item(actor=equalities, review=submitted, answer=answer, body="Date it.")
    services.return_review(actor=equalities, review=submitted)
    answer.refresh_from_db()
    services.save_answers(
        actor=leader_a,
        review=submitted,
        answers=[
            {
                "answer": answer,
                "lock_version": answer.lock_version,
                "rating": "developing",
                "evidence_text": "Dated 1 September",
            }
        ],
    )
    services.submit_review(actor=leader_a, review=submitted)
    assert AnswerRound.objects.filter(answer=answer).count() == 2
    rows = selectors.compare_rounds(submitted, older=1, newer=2)
    by_code = {r["item"].code: r for r in rows}
    assert by_code["A1"]["rating_changed"] and by_code["A1"]["evidence_changed"]
    assert [c.body for c in by_code["A1"]["comments"]] == ["Date it."]
    assert not by_code["A2"]["rating_changed"] and not by_code["A2"]["documents_changed"]

    client.force_login(leader_a)
    page = client.get(f"/policies/reviews/{submitted.pk}/compare/?older=1&newer=2&changed=1")
    text = page.content.decode()
    assert page.status_code == 200 and "Dated 1 September" in text and "Date it." in text
    assert "A2" not in text.split("<tbody")[1]
    printed = client.get(f"/policies/reviews/{submitted.pk}/print/")
    assert printed.status_code == 200 and "policies/print.css" in printed.content.decode()
    client.force_login(leader_b)
    assert client.get(f"/policies/reviews/{submitted.pk}/compare/").status_code == 404
    assert client.get(f"/policies/reviews/{submitted.pk}/print/").status_code == 404
    client.logout()
    assert client.get(f"/policies/reviews/{submitted.pk}/print/").status_code == 302


def test_action_and_policy_review_reminders_are_sent_once(equalities, leader_a, review_a):
    today = datetime.date(2027, 3, 1)
    services.add_action(
        actor=leader_a,
        review=review_a,
        description="Rewrite the uniform policy",
        owner="Deputy head",
        due_on=datetime.date(2027, 3, 10),
    )
    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    assign(review_a, equalities)
    services.approve_review(
        actor=equalities, review=review_a, next_review_on=datetime.date(2027, 2, 1)
    )
    sent = services.send_review_reminders(today=today)
    # The action and the overdue policy review: the leader and the reviewer each.
    assert sent == 4
    assert services.send_review_reminders(today=today) == 0
    kinds = set(Notification.objects.filter(recipient=leader_a).values_list("kind", flat=True))
    assert {"policies.action_due", "policies.policy_review_due"} <= kinds
    # Far from due: nothing.
    assert services.send_review_reminders(today=datetime.date(2026, 1, 1)) == 0
