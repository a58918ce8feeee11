"""Every appeals list or report page costs the same number of queries at two data sizes (as
tests/registry/test_query_counts.py): a few members and blocks, then many more."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions import models as m
from admissions import services

from .conftest import make_block, make_member

CLERK_URLS = [
    "/appeals/pool/",
    "/appeals/blocks/",
    "/appeals/due/",
    "/admin/appeals/pool/",
    "/admin/appeals/blocks/",
    "/admin/appeals/rounds/",
    "/appeals/api/pool/",
    "/appeals/api/blocks/",
]


def _season(school, clerk_user, appeals_clerk, start: int, n: int):
    authority = school.authority
    members = [
        make_member(authority, f"Member {start + i}", education=bool(i % 2), chair=i % 3 == 0)
        for i in range(max(n, 3))
    ]
    chair = next(x for x in members if x.chair_capable)
    panel = [chair] + [x for x in members if x.category == "education"][:1]
    panel += [x for x in members if x.category == "lay" and x not in panel][:1]
    for i in range(n):
        day = dt.date(2027, 5, 10) + dt.timedelta(days=7 * (start + i))
        block = make_block(school, reference=f"Q{start + i}", days=(day,))
        services.save_roster(
            actor=clerk_user,
            block=block,
            member_ids=[p.pk for p in panel],
            chair_id=chair.pk,
            clerk=appeals_clerk,
        )
    return members


def _counts(client, urls):
    out = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        out[url] = len(queries)
    return out


def test_clerk_pages_cost_the_same_at_two_sizes(client, clerk_user, school_a, appeals_clerk):
    for year, (start, end) in enumerate([(dt.date(2027, 4, 12), dt.date(2027, 7, 21))]):
        m.Term.objects.create(
            authority=school_a.authority, name=f"T{year}", starts_on=start, ends_on=end
        )
    _season(school_a, clerk_user, appeals_clerk, 0, 2)
    block = m.HearingBlock.objects.order_by("pk").first()
    urls = CLERK_URLS + [f"/appeals/blocks/{block.pk}/", f"/appeals/blocks/{block.pk}/roster/"]
    client.force_login(clerk_user)
    small = _counts(client, urls)
    _season(school_a, clerk_user, appeals_clerk, 2, 8)
    large = _counts(client, urls)
    # No more queries with more data (the first request may pay a one-off session query).
    assert all(large[u] <= small[u] for u in urls), {u: (small[u], large[u]) for u in urls}


def test_member_page_costs_the_same_at_two_sizes(
    client, clerk_user, panel_user, school_a, appeals_clerk
):
    members = _season(school_a, clerk_user, appeals_clerk, 0, 2)
    mine = members[0]
    mine.user = panel_user
    mine.save()
    client.force_login(panel_user)
    urls = ["/appeals/me/", "/appeals/blocks/", "/appeals/api/blocks/", "/appeals/api/pool/"]
    small = _counts(client, urls)
    _season(school_a, clerk_user, appeals_clerk, 2, 6)
    for block in m.HearingBlock.objects.all():
        m.MemberSitting.objects.get_or_create(
            member=mine, block=block, date=block.days.first().date
        )
    large = _counts(client, urls)
    # No more queries with more data (the first request may pay a one-off session query).
    assert all(large[u] <= small[u] for u in urls), {u: (small[u], large[u]) for u in urls}
