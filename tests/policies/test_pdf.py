"""The PDF of a review: a real PDF (opened and read back with pypdf), an audited attachment
through the kit's downloads, for the school's people and the review's reviewers only."""

import datetime
import io

import pytest
from pypdf import PdfReader

from policies import pdf, services
from schools_platform.core.models import AuditEvent

from .conftest import answer_all, assign


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_a_real_pdf_with_the_review_in_it(client, leader_a, review_a, equalities):
    answer_all(review_a, leader_a)
    answer = review_a.answers.first()
    services.add_action(
        actor=leader_a,
        review=review_a,
        answer=answer,
        description="Publish the “equality objectives” – on the website",
        owner="Headteacher",
        due_on=datetime.date(2027, 1, 31),
    )
    services.submit_review(actor=leader_a, review=review_a)
    assign(review_a, equalities)
    services.comment_on_item(actor=equalities, review=review_a, answer=answer, body="Date it.")

    client.force_login(leader_a)
    response = client.get(f"/policies/reviews/{review_a.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    content = response.content
    assert content.startswith(b"%PDF-")
    text = _text(content)
    assert review_a.school.name in text
    assert "Statement A1" in text and "Embedded" in text
    assert "Date it." in text
    assert 'Publish the "equality objectives" - on the website' in text
    event = AuditEvent.objects.get(verb="policies.review.pdf_downloaded")
    assert event.actor == leader_a

    # The assigned reviewer may download it too.
    client.force_login(equalities)
    assert client.get(f"/policies/reviews/{review_a.pk}/pdf/").status_code == 200


def test_another_school_an_unassigned_reviewer_and_anonymous_are_refused(
    client, leader_b, review_a
):
    from django.contrib.auth.models import Permission

    from tests.factories import make_user

    coach = make_user(username="coach")
    coach.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    url = f"/policies/reviews/{review_a.pk}/pdf/"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    client.force_login(coach)
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb="policies.review.pdf_downloaded").exists()


@pytest.mark.parametrize("text", ["Plain", "Dash – and “quotes”", "Emoji 🙂 and 中文", "", None])
def test_any_text_is_written(text):
    assert isinstance(pdf.plain(text).encode("latin-1"), bytes)


def test_a_change_to_the_review_shows_in_the_next_download(client, leader_a, review_a):
    """The PDF's bytes are kept in the cache (drawing is slow); what the school changes still
    shows at once, and every download is still audited."""
    answer_all(review_a, leader_a)
    url = f"/policies/reviews/{review_a.pk}/pdf/"
    client.force_login(leader_a)
    first = client.get(url).content
    assert "Minutes of the March meeting" not in _text(first)
    assert client.get(url).content == first  # nothing changed: the same document

    answer = review_a.answers.order_by("pk").first()
    answer.refresh_from_db()
    services.save_answers(
        actor=leader_a,
        review=review_a,
        answers=[
            {
                "answer": answer,
                "lock_version": answer.lock_version,
                "rating": "embedded",
                "evidence_text": "Minutes of the March meeting",
            }
        ],
    )
    assert "Minutes of the March meeting" in _text(client.get(url).content)
    assert AuditEvent.objects.filter(verb="policies.review.pdf_downloaded").count() == 3
