"""Pages cost the same number of queries whatever the number of items or reviews."""

import pytest

from policies import services

from .conftest import answer_all, assign, build_version


def _review(leader, school, equalities, second, sections, items):
    version = build_version(equalities, second, sections=sections, items=items)
    review = services.start_review(actor=leader, school=school, version=version, kind="behaviour")
    answer_all(review, leader, rating="developing")
    return review


@pytest.mark.parametrize("size", [(1, 2), (4, 6)])
def test_review_pages(
    client, django_assert_max_num_queries, leader_a, school_a, equalities, second_equalities, size
):
    review = _review(leader_a, school_a, equalities, second_equalities, *size)
    client.force_login(leader_a)
    # One more than before for the items' resources (prefetched), one for an invited
    # colleague's object permission; the same at both sizes.
    with django_assert_max_num_queries(18):
        assert client.get(f"/policies/reviews/{review.pk}/").status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(f"/policies/reviews/{review.pk}/sections/A/").status_code == 200


@pytest.mark.parametrize("size", [(1, 2), (4, 6)])
def test_gap_analysis_and_queue(
    client, django_assert_max_num_queries, leader_a, school_a, equalities, second_equalities, size
):
    review = _review(leader_a, school_a, equalities, second_equalities, *size)
    services.submit_review(actor=leader_a, review=review)
    client.force_login(equalities)
    with django_assert_max_num_queries(14):
        assert client.get("/policies/officer/gaps/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/policies/officer/").status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(f"/policies/officer/reviews/{review.pk}/").status_code == 200


@pytest.mark.parametrize("schools", [1, 4])
def test_the_leaders_list(
    client, django_assert_max_num_queries, officer, equalities, second_equalities, schools
):
    from schools_platform.core import roles
    from schools_platform.registry.services import grant_school_access
    from tests.factories import make_school, make_user

    version = build_version(equalities, second_equalities)
    leader = make_user(roles.SCHOOL_LEADER)
    for _ in range(schools):
        school = make_school()
        grant_school_access(actor=officer, user=leader, school=school)
        services.start_review(actor=leader, school=school, version=version, kind="behaviour")
    client.force_login(leader)
    with django_assert_max_num_queries(14):
        assert client.get("/policies/").status_code == 200


def test_a_reviewer_without_schools_goes_to_the_queue(client, equalities):
    client.force_login(equalities)
    response = client.get("/policies/")
    assert response.status_code == 302 and response["Location"] == "/policies/officer/"


@pytest.mark.parametrize("size", [(1, 2), (4, 6)])
def test_print_and_compare_rounds(
    client, django_assert_max_num_queries, leader_a, school_a, equalities, second_equalities, size
):
    review = _review(leader_a, school_a, equalities, second_equalities, *size)
    services.submit_review(actor=leader_a, review=review)
    assign(review, equalities)
    for answer in review.answers.all():
        services.comment_on_item(actor=equalities, review=review, answer=answer, body="Date?")
    services.return_review(actor=equalities, review=review)
    services.submit_review(actor=leader_a, review=review)
    client.force_login(leader_a)
    with django_assert_max_num_queries(18):
        assert client.get(f"/policies/reviews/{review.pk}/print/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/policies/reviews/{review.pk}/compare/").status_code == 200
    client.force_login(equalities)
    with django_assert_max_num_queries(22):
        assert client.get(f"/policies/officer/reviews/{review.pk}/").status_code == 200


@pytest.mark.parametrize("reviews", [1, 5])
def test_the_queue_with_reviewers(
    client, django_assert_max_num_queries, equalities, second_equalities, officer, reviews
):
    from schools_platform.core import roles
    from schools_platform.registry.services import grant_school_access
    from tests.factories import make_school, make_user

    version = build_version(equalities, second_equalities)
    leader = make_user(roles.SCHOOL_LEADER)
    for _ in range(reviews):
        school = make_school()
        grant_school_access(actor=officer, user=leader, school=school)
        review = services.start_review(actor=leader, school=school, version=version, kind="uniform")
        answer_all(review, leader)
        services.submit_review(actor=leader, review=review)
        assign(review, equalities, second_equalities)
    client.force_login(equalities)
    with django_assert_max_num_queries(12):
        page = client.get("/policies/officer/")
    assert page.status_code == 200 and page.content.decode().count("equalities2") == reviews
