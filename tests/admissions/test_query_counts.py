"""Every appeals list or report page costs the same number of queries at two data sizes (as
tests/registry/test_query_counts.py): a few members and blocks, then many more."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions import models as m
from admissions import services

from .conftest import make_block, make_member

CLERK_URLS = [
    "/appeals/monitoring/",
    "/appeals/monitoring/fairness/",
    "/appeals/monitoring/panels/",
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
    appeal = m.Appeal.objects.filter(block=block).first()
    urls = CLERK_URLS + [
        f"/appeals/blocks/{block.pk}/",
        f"/appeals/blocks/{block.pk}/roster/",
        f"/appeals/appeals/{appeal.pk}/outcome/",
    ]
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
    urls = [
        "/appeals/me/",
        "/appeals/me/availability/",
        "/appeals/me/days/",
        "/appeals/me/declarations/new/",
        "/appeals/blocks/",
        "/appeals/api/blocks/",
        "/appeals/api/pool/",
    ]
    small = _counts(client, urls)
    _season(school_a, clerk_user, appeals_clerk, 2, 6)
    for block in m.HearingBlock.objects.all():
        m.MemberSitting.objects.get_or_create(
            member=mine, block=block, date=block.days.first().date
        )
    large = _counts(client, urls)
    # No more queries with more data (the first request may pay a one-off session query).
    assert all(large[u] <= small[u] for u in urls), {u: (small[u], large[u]) for u in urls}


def _heard(school, clerk, members, start: int, n: int):
    """Blocks already heard (before today), with rosters, decided appeals and members'
    answers: what the monitoring reports count."""
    from django.utils import timezone

    today = timezone.localdate()
    for i in range(n):
        day = today - dt.timedelta(days=7 * (start + i) + 1)
        block = make_block(school, reference=f"H{start + i}", days=(day,))
        roster = m.Roster.objects.create(block=block, clerk=clerk)
        for j, member in enumerate(members[:3]):
            m.RosterSeat.objects.create(roster=roster, member=member, is_chair=j == 0)
            m.MemberSitting.objects.create(member=member, block=block, date=day)
        for k in range(4):
            m.Appeal.objects.create(
                block=block,
                reference=f"H{start + i}-x{k}",
                appellant_name="A",
                child_name="C",
                lodged_on=day - dt.timedelta(days=30),
                decision="upheld" if k == 0 else "dismissed",
                stage_one_finding="x",
                reasons="y",
                decided_on=day,
            )
        m.Appeal.objects.filter(block=block, decision="").update(
            lodged_on=day - dt.timedelta(days=30)
        )
        for appeal in m.Appeal.objects.filter(block=block, decision="upheld"):
            services.record_appellant_answers(
                actor=None,
                appeal=appeal,
                answers={"ethnicity": "white_british"},
                consent_wording="I agree",
            )


def test_monitoring_reports_cost_the_same_at_two_sizes(client, clerk_user, school_a, appeals_clerk):
    from django.utils import timezone

    today = timezone.localdate()
    m.Term.objects.create(
        authority=school_a.authority,
        name="Around today",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today + dt.timedelta(days=400),
    )
    members = [
        make_member(school_a.authority, f"Sitter {i}", education=i == 1, chair=i == 0)
        for i in range(3)
    ]
    _heard(school_a, appeals_clerk, members, 0, 2)
    client.force_login(clerk_user)
    urls = [
        "/appeals/monitoring/",
        "/appeals/monitoring/fairness/",
        "/appeals/monitoring/fairness/?characteristic=sex&kind=normal",
        "/appeals/monitoring/panels/",
        f"/appeals/monitoring/panels/?authority={school_a.authority.pk}",
    ]
    small = _counts(client, urls)
    _heard(school_a, appeals_clerk, members, 2, 12)
    large = _counts(client, urls)
    assert all(large[u] <= small[u] for u in urls), {u: (small[u], large[u]) for u in urls}


def test_blocks_api_costs_the_same_with_or_without_rosters_on_the_page(
    client, clerk_user, school_a, appeals_clerk
):
    """The blocks API at two sizes: first a page of blocks with rosters, then (many more
    blocks, sorting first) a page where none has a roster yet. The count must be equal both
    ways: fewer queries on the second page would mean the seats are read only when some
    roster is there, i.e. a count that depends on the data."""
    _season(school_a, clerk_user, appeals_clerk, 0, 2)
    client.force_login(clerk_user)
    url = "/appeals/api/blocks/"
    small = _counts(client, [url])[url]
    first = client.get(url).json()["results"][0]
    assert first["roster"]["seats"] and first["roster"]["seats"][0]["is_chair"]
    for i in range(60):
        make_block(school_a, reference=f"A{i:02}", days=(dt.date(2027, 6, 1),))
    large = _counts(client, [url])[url]
    page = client.get(url).json()["results"]
    assert [b["roster"] for b in page] == [None] * 50
    assert large == small, (small, large)
