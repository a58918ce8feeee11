"""Every report page, download and API answer runs a fixed number of queries, whatever the
number of schools, people or years (aggregation happens in the database, then in pandas)."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools_platform.core import audit
from schools_platform.representation.demo import seed_representation
from tests.factories import make_authority, make_school

# (url, queries for all schools or a phase when the report is built, when it is cached)
ENDPOINTS = [
    (reverse("representation:report"), 11, 6),
    (reverse("representation:export", args=["csv"]), 11, 11),
    (reverse("representation:export", args=["xlsx"]), 11, 11),
    (reverse("representation:api-report"), 10, 5),
]
SCOPES = ["all", "council:901", "phase:Primary", "area:North"]


def build(n_schools: int, years: list[int]):
    north = make_authority(la_code="901", name="Northvale")
    south = make_authority(la_code="902", name="Southmere")
    schools = [
        make_school(
            north if i % 2 == 0 else south,
            phase="Primary" if i % 3 else "Secondary",
            area="North" if i % 2 == 0 else "South",
        )
        for i in range(n_schools)
    ]
    seed_representation(
        rng=random.Random(n_schools),
        authorities=[north, south],
        schools=schools,
        years=years,
        applicants_per_school=(3, 12),
    )


def measure(client, user) -> dict:
    client.force_login(user)
    # Warm the session, and the content-type cache an audit row's save touches once.
    client.get(reverse("representation:export", args=["csv"]))
    counts = {}
    for url, _built, _cached in ENDPOINTS:
        for scope in SCOPES:
            # Any audited write is a new version of the inputs: the report is built again.
            audit.record(actor=None, verb="test.inputs_changed")
            for state in ("built", "cached"):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url, {"group": "governors", "year": 2024, "scope": scope})
                assert response.status_code == 200, (url, scope)
                counts[url, scope, state] = len(queries)
    return counts


# Measured: session, user, two permission lookups, the inputs' version, two for the filter
# options, memberships, pupils, community, and the page's navigation (roles); plus one for the
# per-school table of a council or area. A download has no navigation but writes its audit
# row (kept out of Wagtail's reference index, so no bookkeeping queries), which is a new
# version of the inputs: the next request builds the report again. The API has no
# navigation. A cached report needs only the session, user, permissions and the version
# (and the page's navigation): no options, memberships, pupils, community or schools.
@pytest.mark.django_db
@pytest.mark.parametrize(("n_schools", "years"), [(2, [2024]), (40, [2022, 2023, 2024])])
def test_query_count_does_not_grow_with_the_data(client, officer, n_schools, years):
    build(n_schools, years)
    counts = measure(client, officer)
    budgets = {url: {"built": built, "cached": cached} for url, built, cached in ENDPOINTS}
    for (url, scope, state), count in counts.items():
        budget = budgets[url][state]
        if budget == budgets[url]["built"] and scope.startswith(("council", "area")):
            budget += 1  # the per-school table
        assert count == budget, f"{url} {scope} {state}: {count}"
