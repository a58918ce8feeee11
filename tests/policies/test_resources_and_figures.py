"""Resources linked to checklist items (shown per item on the review pages), and the lists
behind the gap analysis page's figures (scoped to what the viewer may open)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from policies import services
from policies.models import Item, ItemResource
from schools_platform.core.models import AuditEvent
from tests.factories import make_school, make_user

from .conftest import answer_all, assign, build_version


@pytest.fixture
def item(version):
    return Item.objects.filter(section__version=version).order_by("section__order", "order")[0]


def test_an_officer_links_a_resource_and_the_school_sees_it(
    client, equalities, leader_a, review_a, item
):
    resource = services.link_item_resource(
        actor=equalities,
        item=item,
        kind=ItemResource.Kind.GUIDANCE,
        title="How to publish equality information",
        url="https://example.org/equality-information",
    )
    assert AuditEvent.objects.filter(verb="policies.resource.linked").count() == 1
    client.force_login(leader_a)
    text = client.get(f"/policies/reviews/{review_a.pk}/sections/{item.section.code}/").content
    text = text.decode()
    assert "How to publish equality information" in text
    assert 'href="https://example.org/equality-information"' in text
    assert (
        "How to publish" in client.get(f"/policies/reviews/{review_a.pk}/print/").content.decode()
    )
    services.unlink_item_resource(actor=equalities, resource=resource)
    assert not ItemResource.objects.exists()


def test_a_document_from_the_library_can_be_the_resource(
    client, equalities, leader_a, review_a, item
):
    Document = get_document_model()
    document = Document(title="Model equality policy")
    document.file.save("model-policy.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    services.link_item_resource(
        actor=equalities, item=item, title="Model equality policy", document=document
    )
    client.force_login(leader_a)
    text = client.get(f"/policies/reviews/{review_a.pk}/sections/{item.section.code}/").content
    assert document.url in text.decode()


def test_a_resource_needs_a_link_or_a_document_and_an_officer(equalities, leader_a, item):
    with pytest.raises(ValidationError, match="Local guide: give a link or a document"):
        services.link_item_resource(actor=equalities, item=item, title="Local guide")
    with pytest.raises(PermissionDenied):
        services.link_item_resource(
            actor=leader_a, item=item, title="Guide", url="https://example.org/"
        )
    assert not ItemResource.objects.exists()


def test_a_new_version_copies_its_resources(equalities, version, item):
    services.link_item_resource(
        actor=equalities, item=item, title="Guide", url="https://example.org/guide"
    )
    draft = services.start_draft_version(
        actor=equalities, framework=version.framework, copy_from=version
    )
    copied = ItemResource.objects.get(item__section__version=draft)
    assert copied.title == "Guide" and copied.item.code == item.code
    assert ItemResource.objects.filter(item=item).count() == 1


def test_the_admin_screen_saves_through_the_service(client, equalities, leader_a, item):
    client.force_login(equalities)
    response = client.post(
        "/admin/policies/item-resources/new/",
        {
            "item": item.pk, "kind": "case_study", "title": "A school's story",
            "url": "https://example.org/story", "description": "", "order": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEvent.objects.filter(verb="policies.resource.linked").count() == 1
    assert client.get("/admin/policies/item-resources/").status_code == 200
    client.force_login(leader_a)
    assert client.get("/admin/policies/item-resources/").status_code in (302, 403)


@pytest.mark.parametrize("resources", [0, 8])
def test_section_page_queries_do_not_grow_with_resources(
    client, django_assert_max_num_queries, equalities, leader_a, review_a, resources
):
    for n, item in enumerate(Item.objects.filter(section__version=review_a.version)):
        for r in range(resources):
            services.link_item_resource(
                actor=equalities, item=item, title=f"R{n}-{r}", url=f"https://example.org/{r}"
            )
    client.force_login(leader_a)
    with django_assert_max_num_queries(18):
        assert client.get(f"/policies/reviews/{review_a.pk}/sections/A/").status_code == 200


# --- the lists behind the figures ------------------------------------------------------------


def _submitted_reviews(version, officer, count, *, approve_every=2, prefix="S"):
    from schools_platform.core.models import User

    granter = User.objects.get(username="officer")
    from schools_platform.core import roles
    from schools_platform.registry.services import grant_school_access

    reviews = []
    for n in range(count):
        school = make_school(name=f"{prefix} School {n}")
        leader = make_user(roles.SCHOOL_LEADER)
        grant_school_access(actor=granter, user=leader, school=school)
        review = services.start_review(
            actor=leader, school=school, version=version, kind="behaviour"
        )
        answer_all(review, leader, rating="developing" if n % 2 else "embedded")
        services.submit_review(actor=leader, review=review)
        if n % approve_every == 0:
            assign(review, officer)
            review = services.approve_review(actor=officer, review=review)
        reviews.append(review)
    return reviews


def test_each_figure_lists_its_schools(client, officer, equalities, version):
    reviews = _submitted_reviews(version, equalities, 4)
    year = reviews[0].submitted_at.year
    client.force_login(equalities)
    gaps = client.get(f"/policies/officer/gaps/?version={version.pk}").content.decode()
    assert f"/policies/officer/gaps/schools/?version={version.pk}&amp;year={year}" in gaps
    assert "figure=item_gap" in gaps

    base = f"/policies/officer/gaps/schools/?version={version.pk}&year={year}"
    text = client.get(base + "&figure=submitted").content.decode()
    assert all(f"S School {n}" in text for n in range(4))
    text = client.get(base + "&figure=approved").content.decode()
    assert "S School 0" in text and "S School 2" in text and "S School 1" not in text
    item = Item.objects.filter(section__version=version).first()
    text = client.get(
        f"/policies/officer/gaps/schools/?version={version.pk}&item={item.pk}&figure=item_gap"
    ).content.decode()
    assert "S School 1" in text and "S School 3" in text and "S School 0" not in text
    assert client.get(base + "&figure=nonsense").status_code == 404
    assert client.get(f"/policies/officer/gaps/schools/?version=abc&year={year}").status_code == 404


def test_the_lists_are_scoped_to_what_the_viewer_may_open(
    client, officer, leader_a, equalities, second_equalities, version
):
    reviews = _submitted_reviews(version, equalities, 3, approve_every=99)
    year = reviews[0].submitted_at.year
    url = f"/policies/officer/gaps/schools/?version={version.pk}&year={year}&figure=submitted"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(leader_a)
    assert client.get(url).status_code == 404
    coach = make_user(username="coach")
    coach.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    services.assign_reviewer(actor=equalities, review=reviews[1], reviewer=coach)
    client.force_login(coach)
    text = client.get(url).content.decode()
    assert "S School 1" in text
    assert "S School 0" not in text and "S School 2" not in text
    assert " other" not in text  # never how many it leaves out


def test_a_long_figure_list_comes_a_page_at_a_time(
    client, monkeypatch, officer, equalities, version
):
    from policies import views

    monkeypatch.setattr(views, "FIGURE_PAGE_SIZE", 2)
    reviews = _submitted_reviews(version, equalities, 3)
    year = reviews[0].submitted_at.year
    client.force_login(equalities)
    url = f"/policies/officer/gaps/schools/?version={version.pk}&year={year}&figure=submitted"
    first = client.get(url).content.decode()
    assert "S School 0" in first and "S School 1" in first and "S School 2" not in first
    assert "page=2" in first and 'rel="next"' in first
    second = client.get(url + "&page=2").content.decode()
    assert "S School 2" in second and "S School 0" not in second
    # The next page keeps the figure and its year.
    assert f"version={version.pk}" in second and "figure=submitted" in second
    assert 'rel="prev"' in second


@pytest.mark.parametrize("schools", [2, 6])
def test_figure_list_queries_at_two_sizes(
    client, django_assert_max_num_queries, officer, equalities, second_equalities, schools
):
    version = build_version(equalities, second_equalities)
    reviews = _submitted_reviews(version, equalities, schools)
    year = reviews[0].submitted_at.year
    client.force_login(equalities)
    with django_assert_max_num_queries(12):
        response = client.get(
            f"/policies/officer/gaps/schools/?version={version.pk}&year={year}&figure=submitted"
        )
    assert response.status_code == 200


@pytest.mark.parametrize("size", [(1, 2), (3, 5)])
def test_pdf_queries_at_two_sizes(
    client, django_assert_max_num_queries, leader_a, school_a, equalities, second_equalities, size
):
    version = build_version(equalities, second_equalities, sections=size[0], items=size[1])
    review = services.start_review(actor=leader_a, school=school_a, version=version, kind="uniform")
    answer_all(review, leader_a)
    client.force_login(leader_a)
    with django_assert_max_num_queries(16):
        assert client.get(f"/policies/reviews/{review.pk}/pdf/").status_code == 200
