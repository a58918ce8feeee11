"""What the cheaper policies pages still show: the overview's section counts (counted in the
database), the queue a page at a time, the item summary without a per-item include or URL
reversal, and the admin's service refusals shown on the form (Wagtail 8)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from policies import services, views
from policies.models import FrameworkVersion, Review
from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access
from tests.factories import make_school, make_user

from .conftest import answer_all, assign, build_version


def test_the_overview_counts_each_sections_rated_items(client, leader_a, review_a):
    first = review_a.answers.select_related("item").order_by("item__code").first()
    services.save_answers(
        actor=leader_a,
        review=review_a,
        answers=[
            {
                "answer": first,
                "lock_version": first.lock_version,
                "rating": "embedded",
                "evidence_text": "x",
            }
        ],
    )
    client.force_login(leader_a)
    page = client.get(f"/policies/reviews/{review_a.pk}/").content.decode()
    assert "1 of 4 items rated" in page
    assert "1 of 2</td>" in page and "0 of 2</td>" in page
    assert f"/policies/reviews/{review_a.pk}/sections/A/" in page
    assert "Invite a colleague to help" in page  # the leader manages the school


def test_the_queue_comes_a_page_at_a_time(
    client, monkeypatch, equalities, second_equalities, officer
):
    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 2)
    version = build_version(equalities, second_equalities, sections=1, items=1)
    leader = make_user(roles.SCHOOL_LEADER)
    names = []
    for n in range(3):
        school = make_school(name=f"Queue school {n}")
        names.append(school.name)
        grant_school_access(actor=officer, user=leader, school=school)
        review = services.start_review(actor=leader, school=school, version=version, kind="uniform")
        answer_all(review, leader)
        services.submit_review(actor=leader, review=review)
    client.force_login(equalities)
    first = client.get("/policies/officer/").content.decode()
    second = client.get("/policies/officer/?page=2").content.decode()
    assert "Submitted, oldest first (3)" in first
    assert names[0] in first and names[1] in first and names[2] not in first
    assert names[2] in second and names[0] not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    review = Review.objects.get(school__name=names[2])
    assert f'href="/policies/officer/reviews/{review.pk}/"' in second


def test_the_item_summary_links_each_item(client, equalities, leader_a, review_a):
    answer_all(review_a, leader_a)
    services.submit_review(actor=leader_a, review=review_a)
    assign(review_a, equalities)
    client.force_login(equalities)
    page = client.get(f"/policies/officer/reviews/{review_a.pk}/").content.decode()
    for answer in review_a.answers.select_related("item"):
        url = reverse("cpd_network:checklist-item", args=[answer.item.pk])
        assert f'href="{url}"' in page
        assert f"What other schools did on {answer.item.code}" in page


@pytest.fixture
def draft(equalities):
    framework = services.create_framework(actor=equalities, name="Council checklist")
    return services.start_draft_version(actor=equalities, framework=framework)


@pytest.mark.parametrize(
    "refusal, shown",
    [
        (ValidationError("This section is closed."), "This section is closed."),
        (ValidationError({"code": "Code A1 is taken."}), "Code A1 is taken."),
        (PermissionDenied("Only a draft can change."), "Only a draft can change."),
    ],
)
def test_a_service_refusal_shows_on_the_admin_form(
    client, monkeypatch, equalities, draft, refusal, shown
):
    section = services.add_section(actor=equalities, version=draft, code="A", title="A", order=0)

    def refuse(**kwargs):
        raise refusal

    monkeypatch.setattr(services, "save_item", refuse)
    client.force_login(equalities)
    response = client.post(
        "/admin/policies/draft-items/new/",
        {
            "section": section.pk, "code": "A1", "statement": "Publish information yearly",
            "guidance": "", "evidence_sought": "", "basis": "statutory",
            "source": "Equality Act 2010", "order": 1,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert not section.items.exists()
    assert FrameworkVersion.objects.get(pk=draft.pk).status == FrameworkVersion.Status.DRAFT
