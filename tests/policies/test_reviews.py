"""Reviews: starting, answering (with stale-save refusal), evidence, submitting, reviewing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from policies import services
from policies.models import Answer, Evidence, Review
from schools_platform.core.models import AuditEvent, Notification

from .conftest import answer_all, assign

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(answer, **kw):
    return {"answer": answer, "lock_version": answer.lock_version, **kw}


def test_starting_a_review_makes_one_answer_per_item(review_a):
    assert review_a.answers.count() == 4
    assert review_a.status == Review.Status.DRAFT
    assert AuditEvent.objects.filter(verb="policies.review.started").count() == 1


def test_another_schools_leader_cannot_start_or_answer(leader_b, school_a, version, review_a):
    with pytest.raises(PermissionDenied):
        services.start_review(actor=leader_b, school=school_a, version=version, kind="behaviour")
    answer = review_a.answers.first()
    with pytest.raises(PermissionDenied):
        services.save_answers(
            actor=leader_b, review=review_a, answers=[_data(answer, rating="embedded")]
        )


def test_a_draft_version_cannot_be_reviewed(leader_a, school_a, equalities, version):
    draft = services.start_draft_version(actor=equalities, framework=version.framework)
    with pytest.raises(ValidationError, match="published"):
        services.start_review(actor=leader_a, school=school_a, version=draft, kind="behaviour")


def test_not_applicable_needs_a_reason_and_nothing_half_saves(review_a, leader_a):
    first, second = list(review_a.answers.order_by("item__code"))[:2]
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            actor=leader_a,
            review=review_a,
            answers=[
                _data(first, rating="embedded", evidence_text="Policy p.4"),
                _data(second, rating="not_applicable", not_applicable_reason=""),
            ],
        )
    assert "A2: say why" in str(error.value)
    first.refresh_from_db()
    assert first.rating == "" and first.lock_version == 0


def test_a_stale_save_is_refused_with_what_changed(review_a, leader_a, school_a, officer):
    from schools_platform.registry.services import grant_school_access
    from tests.factories import make_user

    colleague = make_user(username="deputy")
    grant_school_access(actor=officer, user=colleague, school=school_a)
    answer = review_a.answers.order_by("item__code").first()
    opened = answer.lock_version
    services.save_answers(
        actor=colleague,
        review=review_a,
        answers=[_data(answer, rating="developing", evidence_text="Draft policy")],
    )
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            actor=leader_a,
            review=review_a,
            answers=[{"answer": answer, "lock_version": opened, "rating": "embedded"}],
        )
    message = str(error.value)
    assert "deputy changed this item" in message and "Developing" in message
    answer.refresh_from_db()
    assert answer.rating == "developing"


def test_evidence_is_checked_by_content(review_a, leader_a):
    answer = review_a.answers.first()
    fake = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="not a real PDF"):
        services.attach_evidence(actor=leader_a, answer=answer, upload=fake)
    exe = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    with pytest.raises(ValidationError, match="must be a PDF"):
        services.attach_evidence(actor=leader_a, answer=answer, upload=exe)
    assert not Evidence.objects.exists()


def test_oversized_evidence_is_refused(review_a, leader_a, monkeypatch):
    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 10)
    big = SimpleUploadedFile("policy.pdf", PDF, "application/pdf")
    with pytest.raises(ValidationError, match="larger than"):
        services.attach_evidence(actor=leader_a, answer=review_a.answers.first(), upload=big)


def test_evidence_is_stored_privately(review_a, leader_a):
    answer = review_a.answers.first()
    evidence = services.attach_evidence(
        actor=leader_a, answer=answer, upload=SimpleUploadedFile("p.pdf", PDF, "application/pdf")
    )
    assert evidence.file.url.startswith("/files/policies/evidence/")
    assert evidence.content_type == "application/pdf"


def test_submission_needs_every_item_rated(review_a, leader_a):
    with pytest.raises(ValidationError) as error:
        services.submit_review(actor=leader_a, review=review_a)
    assert "A1: rate this item" in str(error.value)
    review_a.refresh_from_db()
    assert review_a.status == Review.Status.DRAFT


def test_the_full_round_trip(review_a, leader_a, equalities):
    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    assert Notification.objects.filter(recipient=equalities, kind="policies.review_submitted")
    assign(review_a, equalities)
    answer = review_a.answers.order_by("item__code").first()
    with pytest.raises(ValidationError):  # submitted: the school cannot change it now
        services.save_answers(
            actor=leader_a, review=review_a, answers=[_data(answer, rating="developing")]
        )
    with pytest.raises(ValidationError, match="Say what"):
        services.return_review(actor=equalities, review=review_a)
    services.comment_on_item(actor=equalities, review=review_a, answer=answer, body="Add the date.")
    services.return_review(actor=equalities, review=review_a, message="Nearly there")
    review_a.refresh_from_db()
    assert review_a.status == Review.Status.CHANGES_REQUESTED
    assert Notification.objects.filter(recipient=leader_a, kind="policies.review_returned")
    answer.refresh_from_db()
    services.reply_to_comment(actor=leader_a, review=review_a, answer=answer, body="Added.")
    services.save_answers(
        actor=leader_a,
        review=review_a,
        answers=[_data(answer, rating="embedded", evidence_text="Dated 1 Sept")],
    )
    services.submit_review(actor=leader_a, review=review_a)
    review_a.refresh_from_db()
    assert review_a.round == 2 and review_a.status == Review.Status.SUBMITTED
    services.approve_review(
        actor=equalities, review=review_a, next_review_on=datetime.date(2027, 9, 1)
    )
    review_a.refresh_from_db()
    assert review_a.status == Review.Status.APPROVED
    rounds = sorted(review_a.comments.values_list("round", "by_reviewer", "body"))
    assert rounds[0][0] == 1 and (1, False, "Added.") in rounds


def test_a_school_leader_cannot_review(review_a, leader_a):
    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    with pytest.raises(PermissionDenied):
        services.approve_review(actor=leader_a, review=review_a)


def test_actions_have_owners_and_due_dates(review_a, leader_a, leader_b):
    answer = review_a.answers.first()
    action = services.add_action(
        actor=leader_a,
        review=review_a,
        answer=answer,
        description="Rewrite the uniform policy",
        owner="Deputy head",
        due_on=datetime.date(2027, 1, 31),
    )
    with pytest.raises(ValidationError):
        services.add_action(actor=leader_a, review=review_a, description="x", owner="", due_on=None)
    with pytest.raises(PermissionDenied):
        services.complete_action(actor=leader_b, action=action)
    services.complete_action(actor=leader_a, action=action)
    action.refresh_from_db()
    assert action.status == "done"


def test_the_database_refuses_not_applicable_without_reason(review_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=review_a.answers.first().pk).update(rating="not_applicable")
