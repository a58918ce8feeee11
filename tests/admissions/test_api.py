"""The admissions API is scoped like the pages: the clerk's role sees the pool and every
block; a member sees their own record and blocks; others nothing; anonymous 401/403."""

from rest_framework.test import APIClient

from admissions import services

from .conftest import make_block


def _get(user, url):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(url)


def test_clerk_sees_the_pool_and_rosters(clerk_user, pool, appeals_clerk, block):
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=[p.pk for p in pool[:3]],
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    names = [r["full_name"] for r in _get(clerk_user, "/appeals/api/pool/").json()["results"]]
    assert names == sorted(p.full_name for p in pool)
    blocks = _get(clerk_user, "/appeals/api/blocks/").json()["results"]
    assert blocks[0]["roster"]["clerk"] == "Clare Clerk"
    assert [s["is_chair"] for s in blocks[0]["roster"]["seats"]].count(True) == 1


def test_member_sees_only_their_own(clerk_user, panel_user, pool, appeals_clerk, school_a):
    mine = make_block(school_a, "MINE")
    other = make_block(school_a, "OTHER", days=(mine.days.first().date.replace(day=11),))
    services.save_roster(
        actor=clerk_user, block=mine, member_ids=[p.pk for p in pool[:3]], chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )  # fmt: skip
    pool_rows = _get(panel_user, "/appeals/api/pool/").json()["results"]
    assert [r["full_name"] for r in pool_rows] == ["Ada Chair"]
    refs = [b["reference"] for b in _get(panel_user, "/appeals/api/blocks/").json()["results"]]
    assert refs == ["MINE"]
    assert _get(panel_user, f"/appeals/api/blocks/{other.pk}/").status_code == 404
    assert _get(panel_user, f"/appeals/api/pool/{pool[1].pk}/").status_code == 404


def test_other_users_and_anonymous_are_refused(leader_a, pool, block):
    assert _get(leader_a, "/appeals/api/pool/").json()["results"] == []
    assert _get(leader_a, f"/appeals/api/blocks/{block.pk}/").status_code == 404
    assert _get(None, "/appeals/api/pool/").status_code in (401, 403)
    assert _get(None, "/appeals/api/unknown/").status_code in (401, 403, 404)
