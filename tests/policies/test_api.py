"""The policies API: scoped like the pages (another school's review and an unassigned
reviewer get 404), anonymous callers refused, in the schema, fixed queries."""

import pytest
from django.contrib.auth.models import Permission

from policies import services
from tests.factories import make_user

from .conftest import answer_all, assign, build_version


@pytest.fixture
def submitted(review_a, leader_a):
    answer_all(review_a, leader_a, rating="developing")
    return services.submit_review(actor=leader_a, review=review_a)


def test_frameworks_versions_and_items(client, leader_a, version):
    client.force_login(leader_a)
    frameworks = client.get("/policies/api/frameworks/").json()["results"]
    assert [f["id"] for f in frameworks] == [version.framework_id]
    versions = client.get("/policies/api/versions/").json()["results"]
    assert [(v["id"], v["status"]) for v in versions] == [(version.pk, "published")]
    items = client.get(f"/policies/api/items/?version={version.pk}").json()
    assert items["count"] == 4 and items["results"][0]["code"] == "A1"
    assert items["results"][0]["section"] == "A"


def test_drafts_are_for_their_editors_only(client, leader_a, equalities):
    framework = services.create_framework(actor=equalities, name="Draft only")
    draft = services.start_draft_version(actor=equalities, framework=framework)
    client.force_login(leader_a)
    assert client.get(f"/policies/api/versions/{draft.pk}/").status_code == 404
    client.force_login(equalities)
    assert client.get(f"/policies/api/versions/{draft.pk}/").status_code == 200


def test_reviews_are_scoped(client, leader_a, leader_b, equalities, submitted):
    client.force_login(leader_a)
    assert [r["id"] for r in client.get("/policies/api/reviews/").json()["results"]] == [
        submitted.pk
    ]
    client.force_login(leader_b)
    assert client.get("/policies/api/reviews/").json()["count"] == 0
    assert client.get(f"/policies/api/reviews/{submitted.pk}/").status_code == 404
    assert client.get("/policies/api/gaps/").status_code == 404
    coach = make_user(username="coach")
    coach.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    client.force_login(coach)
    assert client.get(f"/policies/api/reviews/{submitted.pk}/").status_code == 404
    assign(submitted, equalities, coach)
    assert client.get(f"/policies/api/reviews/{submitted.pk}/").status_code == 200


def test_the_gap_analysis_counts_schools(client, equalities, submitted, version):
    client.force_login(equalities)
    rows = client.get(f"/policies/api/gaps/?version={version.pk}").json()["results"]
    assert {r["code"] for r in rows} == {"A1", "A2", "B1", "B2"}
    assert rows[0]["schools_answering"] == 1 and rows[0]["schools_with_gap"] == 1
    assert client.get("/policies/api/gaps/?version=999999").status_code == 404


def test_anonymous_callers_are_refused(client, submitted):
    for url in ["frameworks", "versions", "items", "reviews", "gaps"]:
        assert client.get(f"/policies/api/{url}/").status_code in (401, 403), url
    assert client.get("/policies/api/nothing/here/").status_code in (401, 403, 404)


def test_the_endpoints_are_in_the_schema(client):
    paths = set(client.get("/api/schema/?format=json").json()["paths"])
    assert {
        "/policies/api/frameworks/",
        "/policies/api/versions/",
        "/policies/api/items/",
        "/policies/api/reviews/",
        "/policies/api/gaps/",
    } <= paths


@pytest.mark.parametrize("size", [(1, 2), (4, 6)])
def test_fixed_queries(
    client,
    django_assert_max_num_queries,
    equalities,
    second_equalities,
    leader_a,
    school_a,
    size,
):
    version = build_version(equalities, second_equalities, sections=size[0], items=size[1])
    review = services.start_review(actor=leader_a, school=school_a, version=version, kind="uniform")
    answer_all(review, leader_a, rating="not_started")
    services.submit_review(actor=leader_a, review=review)
    client.force_login(equalities)
    for url in ["frameworks/", "versions/", f"items/?version={version.pk}", "reviews/", "gaps/"]:
        with django_assert_max_num_queries(12):
            response = client.get(f"/policies/api/{url}")
        assert response.status_code == 200, url
    assert client.get(f"/policies/api/items/?version={version.pk}").json()["count"] == sum(
        [size[0] * size[1]]
    )
    assert client.get("/policies/api/items/?version=x").status_code == 400
    # An id no database can hold is refused as malformed, not a server error (schemathesis).
    for bad in ("0", str(2**63), "1679361791945908324021567488"):
        assert client.get(f"/policies/api/items/?version={bad}").status_code == 400, bad
        assert client.get(f"/policies/api/gaps/?version={bad}").status_code == 400, bad
