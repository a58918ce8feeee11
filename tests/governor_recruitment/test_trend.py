"""The funnel and the sources report by year: each year's cells are that year's own
published table, on the page, in the downloads and in the API; no count of 1-7 people."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governors.recruitment import selectors
from governors.recruitment.models import Stage
from schools_platform.core.models import AuditEvent
from schools_platform.equality.choices import ETHNIC_GROUPS

from .builders import add_applications

pytestmark = pytest.mark.django_db
BLACK = ETHNIC_GROUPS["black"]
FUNNEL = reverse("governor_recruitment:funnel")
SOURCES = reverse("governor_recruitment:campaign-report")


@pytest.fixture
def three_years(campaign, heard):
    """2023: few from under-represented groups appointed; 2025: many. 2024 has only a small
    group from one source, which must be suppressed."""
    add_applications(year=2023, stage=Stage.APPOINTED, campaign=campaign, white_british=30)
    add_applications(year=2023, stage=Stage.DECLINED, campaign=campaign, black_african=30)
    add_applications(year=2024, stage=Stage.APPLIED, campaign=campaign, white_british=40)
    add_applications(year=2024, stage=Stage.APPLIED, heard=heard, black_african=3)
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, black_african=30)
    add_applications(year=2025, stage=Stage.DECLINED, campaign=campaign, white_british=30)


def test_funnel_trend_cells_are_each_years_own_table(three_years):
    trend = selectors.funnel_trend(years=selectors.application_years())
    assert trend.years == [2023, 2024, 2025]
    assert trend.stages == ["Applied", "Reached appointed"]
    for year in trend.years:
        own = selectors.funnel_by_group(year=year)
        for group in trend.groups:
            for stage in trend.stages:
                assert trend.cell(year, group, stage) == own.cell(group, stage)
    assert trend.cell(2023, BLACK, "Reached appointed").value == 0
    assert trend.cell(2025, BLACK, "Reached appointed").value == 30
    assert trend.cell(2025, BLACK, "Reached appointed").percent == 100


def test_funnel_trend_keeps_the_latest_five_years(campaign):
    for year in range(2018, 2026):
        add_applications(year=year, stage=Stage.APPLIED, campaign=campaign, white_british=10)
    trend = selectors.funnel_trend(years=selectors.application_years())
    assert trend.years == [2021, 2022, 2023, 2024, 2025]


def test_source_trend_is_each_years_own_report(three_years, campaign):
    trend = selectors.source_trend(years=selectors.application_years())
    assert trend.years == [2023, 2024, 2025]
    for year, line in zip(trend.years, trend.row(campaign.name), strict=True):
        own = {ln.source: ln for ln in selectors.source_report(year=year)[0]}[campaign.name]
        assert line == own
    conversions = [line.conversion for line in trend.row(campaign.name)]
    # 2024: the three who heard from a friend are suppressed, and so (secondary suppression
    # in the applicants column) is the campaign's count, so its conversion is hidden too.
    assert conversions == ["50%", "c", "50%"]
    heard = [line.cells[0].text for line in trend.row("Heard: A friend or colleague")]
    assert heard[1] == "c"  # three people in 2024


def test_trend_pages_show_tables_and_charts(client, officer, three_years):
    client.force_login(officer)
    page = client.get(FUNNEL)
    assert page.status_code == 200
    assert "Trend by year" in page.text
    assert 'id="funnel-trend-chart-0-title"' in page.text
    assert 'id="funnel-trend-chart-1-title"' in page.text
    assert "Reached appointed: people and each group's share, by year" in page.text
    sources = client.get(SOURCES)
    assert 'id="sources-trend-chart-title"' in sources.text
    assert "2024: applicants" in sources.text and "2025: appointed of applicants" in sources.text


def test_trend_downloads_are_published_figures_and_audited(client, officer, three_years):
    client.force_login(officer)
    funnel_csv = client.get(reverse("governor_recruitment:export-funnel-trend", args=["csv"]))
    assert funnel_csv.status_code == 200
    rows = list(csv.reader(io.StringIO(funnel_csv.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Stage", "Year", ETHNIC_GROUPS["asian"]]
    assert len(rows) == 1 + 2 * 3  # two stages, three years
    sources_xlsx = client.get(reverse("governor_recruitment:export-sources-trend", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(sources_xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][1] == "2023: applicants"
    heard = next(row for row in values if row[0] == "Heard: A friend or colleague")
    assert heard[3] == "c"
    for row in values[1:] + rows[1:]:
        for value in row:
            assert not (isinstance(value, int) and 1 <= value <= 7), row
            assert not (isinstance(value, str) and value.isdigit() and 1 <= int(value) <= 7), row
    reports = set(
        AuditEvent.objects.filter(verb="governor_recruitment.report.exported").values_list(
            "details__report", flat=True
        )
    )
    assert reports == {"funnel-trend", "sources-trend"}


def test_trend_api(client, officer, three_years):
    client.force_login(officer)
    funnel = client.get(reverse("governor_recruitment:api-funnel-trend")).json()
    assert funnel["years"] == [2023, 2024, 2025]
    cell = next(
        r
        for r in funnel["rows"]
        if r["year"] == 2025 and r["row"] == BLACK and r["column"] == "Reached appointed"
    )
    assert cell["value"] == "30"
    sources = client.get(reverse("governor_recruitment:api-sources-trend")).json()
    heard = [
        r
        for r in sources["rows"]
        if r["row"] == "Heard: A friend or colleague" and r["column"] == "Applicants"
    ]
    assert [r["value"] for r in heard] == ["0", "c", "0"]


def test_trend_refused_to_school_leaders_and_visitors(client, leader_a, three_years):
    urls = [
        reverse("governor_recruitment:export-funnel-trend", args=["csv"]),
        reverse("governor_recruitment:export-sources-trend", args=["xlsx"]),
        reverse("governor_recruitment:api-funnel-trend"),
        reverse("governor_recruitment:api-sources-trend"),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 401, 403), url
    client.force_login(leader_a)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_no_applications_no_trend(client, officer):
    client.force_login(officer)
    assert "Trend by year" not in client.get(FUNNEL).text
    assert "Trend by year" not in client.get(SOURCES).text
    assert (
        client.get(reverse("governor_recruitment:export-funnel-trend", args=["csv"])).status_code
        == 404
    )
    assert client.get(reverse("governor_recruitment:api-sources-trend")).json()["rows"] == []
