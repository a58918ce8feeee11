"""The pages: a school's reviews are its own (another school's leader and anonymous visitors are
refused, 404 for objects); the reviewer's pages are for reviewers only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policies import services
from policies.models import Review

from .conftest import answer_all

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def evidence(review_a, leader_a):
    return services.attach_evidence(
        actor=leader_a,
        answer=review_a.answers.first(),
        upload=SimpleUploadedFile("policy.pdf", PDF, "application/pdf"),
    )


def _review_urls(review):
    answer = review.answers.first()
    return [
        f"/policies/reviews/{review.pk}/",
        f"/policies/reviews/{review.pk}/sections/A/",
    ], [
        f"/policies/reviews/{review.pk}/submit/",
        f"/policies/reviews/{review.pk}/evidence/{answer.pk}/",
        f"/policies/reviews/{review.pk}/reply/{answer.pk}/",
    ]


def test_another_schools_leader_gets_404_everywhere(client, leader_b, review_a, evidence):
    client.force_login(leader_b)
    gets, posts = _review_urls(review_a)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    assert client.get(evidence.file.url).status_code == 404
    assert client.get(f"/policies/schools/{review_a.school.urn}/").status_code == 404
    assert review_a.school.name not in client.get("/policies/").content.decode()


def test_anonymous_visitors_are_refused(client, review_a, evidence):
    gets, posts = _review_urls(review_a)
    for url in gets + ["/policies/", "/policies/officer/", "/policies/officer/gaps/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in posts:
        assert client.post(url).status_code == 302
    assert client.get(evidence.file.url).status_code == 404


def test_evidence_is_never_under_media(client, leader_a, evidence):
    client.force_login(leader_a)
    response = client.get(evidence.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_school_leaders_cannot_open_the_reviewer_pages(client, leader_a, review_a):
    client.force_login(leader_a)
    for url in [
        "/policies/officer/",
        f"/policies/officer/reviews/{review_a.pk}/",
        "/policies/officer/gaps/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_leader_starts_and_saves_a_section(client, leader_a, school_a, version):
    client.force_login(leader_a)
    response = client.post(
        "/policies/", {"school": school_a.pk, "version": version.pk, "kind": "behaviour"}
    )
    review = Review.objects.get(school=school_a)
    assert response["Location"] == f"/policies/reviews/{review.pk}/"
    answers = list(review.answers.filter(item__section__code="A").order_by("item__code"))
    data = {"continue": "1"}
    for answer in answers:
        data[f"answer-{answer.pk}-lock_version"] = answer.lock_version
        data[f"answer-{answer.pk}-rating"] = "developing"
        data[f"answer-{answer.pk}-evidence"] = "Behaviour policy, section 4"
    response = client.post(f"/policies/reviews/{review.pk}/sections/A/", data)
    assert response["Location"] == f"/policies/reviews/{review.pk}/sections/B/"
    assert set(review.answers.filter(item__section__code="A").values_list("rating", flat=True)) == {
        "developing"
    }


def test_not_applicable_without_reason_shows_the_error_summary(client, leader_a, review_a):
    client.force_login(leader_a)
    answer = review_a.answers.filter(item__code="A1").get()
    response = client.post(
        f"/policies/reviews/{review_a.pk}/sections/A/",
        {f"answer-{answer.pk}-lock_version": 0, f"answer-{answer.pk}-rating": "not_applicable"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and f'href="#answer-{answer.pk}-rating"' in page
    assert "A1: say why this item does not apply" in page


def test_a_wrong_file_type_is_refused_on_the_page(client, leader_a, review_a):
    client.force_login(leader_a)
    answer = review_a.answers.filter(item__code="A1").get()
    response = client.post(
        f"/policies/reviews/{review_a.pk}/evidence/{answer.pk}/",
        {"file": SimpleUploadedFile("policy.pdf", b"<html>", "application/pdf")},
        follow=True,
    )
    assert "A1: policy.pdf is not a real PDF file." in response.content.decode()


def test_submitting_with_gaps_names_the_items(client, leader_a, review_a):
    client.force_login(leader_a)
    response = client.post(f"/policies/reviews/{review_a.pk}/submit/")
    assert response.status_code == 400
    assert "A1: rate this item before you submit." in response.content.decode()


def test_the_reviewer_returns_with_a_comment(client, leader_a, review_a, equalities):
    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    client.force_login(equalities)
    assert review_a.school.name in client.get("/policies/officer/").content.decode()
    answer = review_a.answers.filter(item__code="B1").get()
    url = f"/policies/officer/reviews/{review_a.pk}/"
    client.post(url, {"action": "assign", "reviewer": equalities.pk})
    client.post(url, {"action": "comment", "answer": answer.pk, "body": "Which year?"})
    response = client.post(url, {"action": "return", "message": ""})
    assert response.status_code == 302
    review_a.refresh_from_db()
    assert review_a.status == Review.Status.CHANGES_REQUESTED
    client.force_login(leader_a)
    assert (
        "Which year?" in client.get(f"/policies/reviews/{review_a.pk}/sections/B/").content.decode()
    )


def test_gap_export_is_formula_safe(client, leader_a, review_a, equalities):
    answer_all(review_a, leader_a, rating="not_started")
    services.submit_review(actor=leader_a, review=review_a)
    client.force_login(equalities)
    response = client.get("/policies/officer/gaps/?format=csv")
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    assert "A1" in text and "Statement A1" in text
    assert client.get("/policies/officer/gaps/").status_code == 200


def test_the_officers_wagtail_home_shows_the_queue(client, leader_a, review_a, equalities):
    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    client.force_login(equalities)
    page = client.get("/admin/").content.decode()
    assert "1 school policy review waiting for review." in page
    client.force_login(leader_a)
    dashboard = client.get("/dashboard/").content.decode()
    assert "Policy reviews" in dashboard and "The policy reviews module is coming" not in dashboard
