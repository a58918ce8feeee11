"""The funnel by ethnic group and by source: pages, downloads and API, all published counts."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governors.recruitment import selectors
from governors.recruitment.models import Stage
from schools_platform.core.models import AuditEvent
from schools_platform.equality.choices import ETHNIC_GROUPS

from .builders import CONSENTED as CONSENTED_AT
from .builders import add_applications

pytestmark = pytest.mark.django_db
BLACK = ETHNIC_GROUPS["black"]


def test_funnel_counts_each_stage_reached(campaign):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=20)
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, black_african=10)
    add_applications(year=2025, stage=Stage.INTERVIEWED, campaign=campaign, black_african=10)
    add_applications(year=2025, stage=Stage.DECLINED, campaign=campaign, black_african=20)
    table = selectors.funnel_by_group(year=2025)
    assert table.cell(BLACK, "Applied").value == 40
    assert table.cell(BLACK, "Reached screened").value == 20
    assert table.cell(BLACK, "Reached appointed").value == 10
    assert table.cell("White", "Reached appointed").value == 20
    assert table.cell("total", "Applied").value == 60


def test_small_funnel_counts_are_suppressed(campaign):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=30)
    add_applications(year=2025, stage=Stage.NOMINATED, campaign=campaign, asian_indian=3)
    table = selectors.funnel_by_group(year=2025)
    for _row, _column, cell in table.all_cells():
        assert not (isinstance(cell.value, int) and 1 <= cell.value <= 7)


def test_source_report_conversion_and_days(campaign):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=30)
    add_applications(year=2025, stage=Stage.DECLINED, campaign=campaign, black_african=30)
    lines, _totals = selectors.source_report(year=2025)
    faith = {line.source: line for line in lines}["Faith leaders breakfast"]
    assert faith.conversion == "50%" and faith.median_days == "40"


def test_source_conversion_hidden_with_a_small_count(campaign, heard):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=30)
    add_applications(year=2025, stage=Stage.APPLIED, heard=heard, white_irish=3)
    lines, _totals = selectors.source_report(year=2025)
    assert {line.source: line for line in lines}["Heard: A friend or colleague"].conversion == "c"


def test_pages_exports_and_api_for_report_holders(client, officer, leader_a, campaign):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=20)
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, black_african=20)
    client.force_login(officer)
    page = client.get(reverse("governor_recruitment:funnel"), {"year": 2025})
    assert page.status_code == 200
    assert "Relative likelihood" in page.text and "<svg" in page.text
    report = client.get(reverse("governor_recruitment:campaign-report"), {"year": 2025})
    assert "Faith leaders breakfast" in report.text and "Median days" in report.text
    download = client.get(reverse("governor_recruitment:export-funnel", args=["csv"]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Ethnic group", "Applied"]
    xlsx = client.get(reverse("governor_recruitment:export-sources", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "Source"
    assert AuditEvent.objects.filter(verb="governor_recruitment.report.exported").count() == 2
    api = client.get(reverse("governor_recruitment:api-funnel"), {"year": 2025}).json()
    assert api["year"] == 2025 and any(r["value"] == "20" for r in api["rows"])
    bad = client.get(reverse("governor_recruitment:api-sources"), {"year": "soon"})
    assert bad.status_code == 400 and "year" in bad.json()["errors"]
    client.force_login(leader_a)
    for name in ("funnel", "campaign-report"):
        assert client.get(reverse(f"governor_recruitment:{name}")).status_code == 403
    assert client.get(reverse("governor_recruitment:api-funnel")).status_code == 403
    client.logout()
    assert client.get(reverse("governor_recruitment:funnel")).status_code == 302


def test_api_lists_are_scoped(client, officer, leader_a, listing_a, listing_b, heard):
    from django.contrib.auth.models import AnonymousUser

    from governors.recruitment import services

    from .conftest import DETAILS

    services.apply(actor=AnonymousUser(), listing=listing_b, details=DETAILS, heard_about=heard)
    client.force_login(leader_a)
    listings = client.get(reverse("governor_recruitment:api-listing-list")).json()
    assert listings["count"] == 2
    applications = client.get(reverse("governor_recruitment:api-application-list")).json()
    assert applications["count"] == 0
    client.force_login(officer)
    applications = client.get(reverse("governor_recruitment:api-application-list")).json()
    assert applications["count"] == 1 and "email" not in applications["results"][0]


def test_query_counts_of_the_reports_at_two_sizes(
    client, officer, campaign, heard, django_assert_max_num_queries
):
    client.force_login(officer)
    urls = [
        (reverse("governor_recruitment:funnel"), {"year": 2025}),
        (reverse("governor_recruitment:campaign-report"), {"year": 2025}),
        (reverse("governor_recruitment:listings"), {}),
    ]
    counts = {}
    for size in (1, 4):
        add_applications(
            year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=9 * size
        )
        add_applications(year=2025, stage=Stage.DECLINED, heard=heard, black_african=9 * size)
        for url, params in urls:
            with django_assert_max_num_queries(30) as captured:
                assert client.get(url, params).status_code == 200
            counts.setdefault(url, []).append(len(captured))
    for url, (small, large) in counts.items():
        assert large <= small, url


def test_source_counts_from_the_database_match_each_application(campaign, heard):
    """The four counts per source are counted by the database: under-represented means a
    live answer of an ethnic group other than White; White, "prefer not to say", no answer,
    a withdrawn answer and another purpose's answer all count as not under-represented."""
    from schools_platform.equality.models import EqualityProfile

    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, black_african=9)
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, asian_indian=11)
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=12)
    add_applications(year=2025, stage=Stage.APPLIED, heard=heard, prefer_not_to_say=8)
    add_applications(year=2025, stage=Stage.APPLIED, heard=heard, not_known=10)
    withdrawn = add_applications(year=2025, stage=Stage.APPOINTED, black_caribbean=8)
    other = add_applications(year=2025, stage=Stage.APPLIED, mixed_white_black_african=9)
    add_applications(year=2024, stage=Stage.APPOINTED, campaign=campaign, black_african=30)
    EqualityProfile.objects.filter(
        subject_reference__in=[f"governor-application:{a.reference}" for a in withdrawn]
    ).update(ethnicity="", withdrawn_at=CONSENTED_AT)
    EqualityProfile.objects.filter(
        subject_reference__in=[f"governor-application:{a.reference}" for a in other]
    ).update(purpose="survey")
    counts, days = selectors._source_counts(2025)
    assert counts["Faith leaders breakfast"] == [32, 21, 20, 9]
    assert counts["Heard: A friend or colleague"] == [18, 0, 0, 0]
    assert counts[selectors.OTHER_SOURCE] == [17, 8, 0, 0]
    assert days["Faith leaders breakfast"] == [40] * 21
    all_years, _days = selectors._source_counts(None)
    assert all_years["Faith leaders breakfast"] == [62, 51, 50, 39]


@pytest.mark.parametrize("size", [10, 40])
def test_source_report_queries_fixed(django_assert_num_queries, campaign, heard, size):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, black_african=size)
    add_applications(year=2025, stage=Stage.APPLIED, heard=heard, white_british=size)
    add_applications(year=2024, stage=Stage.APPLIED, white_irish=size)
    with django_assert_num_queries(5):
        selectors.source_report(year=None)
    with django_assert_num_queries(5):
        selectors.source_report(year=2025)
