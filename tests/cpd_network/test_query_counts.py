"""Query counts of the network's list pages do not grow with the data (two sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cpd.network import services
from tests.factories import make_user

from .conftest import join, submit

pytestmark = pytest.mark.django_db


def _grow(n, *, heads, lead, cohort, learning_set, item, member):
    for i in range(n):
        person = make_user(username=f"grow{n}-{i}")
        join(person, heads, lead, cohort=cohort, learning_set=learning_set)
        page = submit(person, items=[item], title=f"Case {n}-{i}", audience="public")
        services.moderate_case_study(actor=lead, page=page, decision="approve")
        services.save_reflection(
            actor=member, written_on=timezone.localdate(), title=f"R{n}-{i}", body="b"
        )
        services.add_action(
            actor=member, membership=member.network_memberships.get(), description=f"A{i}"
        )
        page.refresh_from_db()
        comment = services.add_comment(actor=person, case_study=page, body="c")
        services.report_comment(actor=member, comment=comment, reason="r")
        services.apply_to_join(
            actor=make_user(username=f"waiting{n}-{i}"), programme=heads, role="deputy", why="w"
        )


MEMBER_URLS = [
    "/training/network/",
    "/training/network/reflections/",
    "/training/network/case-studies/",
    "/training/network/case-studies/?item={item}&q=case",
    "/training/network/checklist-items/{item}/",
    "/training/network/case-studies/mine/",
]
LEAD_URLS = ["/training/network/applications/", "/training/network/moderation/"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_list_pages_run_fixed_queries(
    client, heads, lead, cohort, learning_set, item, member, django_assert_max_num_queries
):
    grow = {"heads": heads, "lead": lead, "cohort": cohort, "learning_set": learning_set}
    grow["item"] = item
    _grow(2, member=member, **grow)
    urls = [(member, u.format(item=item.pk)) for u in MEMBER_URLS] + [(lead, u) for u in LEAD_URLS]
    small = {}
    for user, url in urls:
        client.force_login(user)
        small[url] = _count(client, url)
    _grow(8, member=member, **grow)
    for user, url in urls:
        client.force_login(user)
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200, url
