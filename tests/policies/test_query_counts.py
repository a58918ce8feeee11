"""Pages cost the same number of queries whatever the number of items or reviews."""

import pytest

from policies import services

from .conftest import answer_all, build_version


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
    with django_assert_max_num_queries(16):
        assert client.get(f"/policies/reviews/{review.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
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
