"""The report is cached against a version of its inputs: a change made through a service
shows on the very next page, and nothing is rebuilt while nothing changed."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools_platform.equality import services as equality
from schools_platform.equality.models import EqualityProfile
from schools_platform.registry.services import grant_school_access
from schools_platform.representation import services
from tests.factories import make_user

from .builders import add_people
from .test_pages import page, table_rows

URL = reverse("representation:report")
BIRCH = {"group": "governors", "year": 2024, "scope": "council:902"}


def appointed(client, user, **params) -> dict[str, str]:
    """The appointed governors' number for each row of the groups table."""
    rows = table_rows(page(client, user, **params), "groups-table")
    return {label: cells[0] for label, cells in rows.items()}


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_a_second_view_uses_the_cached_report(client, officer, two_councils):
    client.force_login(officer)
    built = count_queries(client, **BIRCH)
    cached = count_queries(client, **BIRCH)
    # No options, memberships, pupils, community or per-school queries the second time.
    assert cached <= built - 6
    assert appointed(client, officer, **BIRCH)["Total"] == "60"


def test_a_membership_recorded_through_the_service_shows_at_once(client, officer, two_councils):
    assert appointed(client, officer, **BIRCH)["Total"] == "60"
    for _ in range(5):
        services.record_membership(
            actor=officer,
            group="governors",
            stage="appointed",
            year=2024,
            school=two_councils["birch"],
        )
    figures = appointed(client, officer, **BIRCH)
    assert figures["Total"] == "65"
    assert figures["Not known"] == "c"  # the five new places have no answers: 1-7 is "c"


def test_answers_withdrawn_through_the_service_show_at_once(
    client, officer, data_steward, two_councils
):
    before = appointed(client, officer, **BIRCH)
    assert before["Not known"] == "0"
    assert before["Mixed or Multiple ethnic groups"] == "10"  # 9, rounded to 5s
    for profile in EqualityProfile.objects.filter(
        school=two_councils["birch"], ethnicity="mixed_other"
    ):
        equality.withdraw_profile(actor=data_steward, profile=profile)
    after = appointed(client, officer, **BIRCH)
    assert after["Mixed or Multiple ethnic groups"] == "0"
    assert after["Not known"] == "10"
    assert after["Total"] == "60"


def test_someone_who_sees_fewer_schools_never_gets_a_wider_cached_report(
    client, officer, two_councils
):
    """The cache key holds the reader's schools: an officer's cached report is not reused."""
    assert appointed(client, officer)["Total"] == "150"
    # A reader with the reports permission but only Birch's records.
    reader = make_user(username="scoped-reader")
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="equality", codename="view_reports")
    )
    grant_school_access(actor=officer, user=reader, school=two_councils["birch"])
    assert appointed(client, reader)["Total"] == "60"


@pytest.mark.parametrize("n_extra", [0, 30])
def test_cached_page_query_count_does_not_grow_with_the_data(
    client, officer, two_councils, django_assert_max_num_queries, n_extra
):
    for _ in range(n_extra):
        add_people(two_councils["alder"], year=2024, white_british=1)
    client.force_login(officer)
    client.get(URL, BIRCH)
    # Session, user, two permission lookups, the inputs' version, the navigation.
    with django_assert_max_num_queries(6):
        assert client.get(URL, BIRCH).status_code == 200
