"""Pages run a fixed number of queries whatever the number of schools."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools_platform.core.models import User
from schools_platform.registry.services import grant_school_access
from tests.factories import make_authority, make_school


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _grow(officer, leader, n):
    authority = make_authority()
    for _ in range(n):
        school = make_school(authority)
        grant_school_access(actor=officer, user=leader, school=school)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [reverse("school-list"), reverse("home-dashboard"), "/api/schools/"]
)
@pytest.mark.parametrize("who", ["officer", "leader_a"])
def test_query_count_does_not_grow_with_schools(
    client, officer, leader_a, url, who, django_assert_max_num_queries
):
    client.force_login(User.objects.get(username=who))
    _grow(officer, leader_a, 3)
    small = _queries(client, url)
    _grow(officer, leader_a, 60)
    with django_assert_max_num_queries(small):
        client.get(url)


@pytest.mark.django_db
def test_officer_admin_pages_fixed_queries(
    client, officer, leader_a, django_assert_max_num_queries
):
    client.force_login(officer)
    urls = ["/admin/school-access/", "/admin/audit-log/"]
    _grow(officer, leader_a, 3)
    small = {url: _queries(client, url) for url in urls}
    _grow(officer, leader_a, 60)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "leader_a"])  # school-detail, head-school-detail
def test_school_detail_query_count_does_not_grow_with_schools(
    client, officer, leader_a, school_a, who, django_assert_max_num_queries
):
    """A school's own page, for an officer (who sees every school) and for its head (who
    sees the schools granted them): the same queries with twenty times the schools."""
    client.force_login(User.objects.get(username=who))
    url = reverse("school-detail", args=[school_a.urn])
    _grow(officer, leader_a, 3)
    small = _queries(client, url)
    _grow(officer, leader_a, 60)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
