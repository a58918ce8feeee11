"""The funnel by source (the campaign report) is cached against a version of its inputs: the
second request reads the version instead of the applications, and every change shows at
once, on the page, in the download and in the API alike."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governors.recruitment import selectors
from governors.recruitment.models import Stage
from schools_platform.equality import services as equality_services
from schools_platform.equality.models import EqualityProfile

from .builders import add_applications

pytestmark = pytest.mark.django_db

URL = reverse("governor_recruitment:campaign-report")


def _campaign_row(client, campaign, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    row = re.search(rf"<th[^>]*>{re.escape(campaign.name)}</th>(.*?)</tr>", response.text)
    return re.findall(r'govuk-table__cell--numeric">([^<]*)<', row.group(1))


def test_the_second_request_reads_the_version_not_the_applications(
    client, officer, campaign, django_assert_max_num_queries
):
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, black_african=20)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as first:
        assert _campaign_row(client, campaign)[:4] == ["20", "20", "20", "20"]
    with django_assert_max_num_queries(len(first) - 4) as second:
        assert _campaign_row(client, campaign)[:4] == ["20", "20", "20", "20"]
    application_table = '"governor_recruitment_application"."applied_on"'
    assert not any(application_table in q["sql"] for q in second.captured_queries)
    assert sum("MAX(" in q["sql"].upper() for q in second.captured_queries) == 1


def test_a_bulk_load_and_a_withdrawn_answer_show_at_once(client, officer, data_steward, campaign):
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, black_african=20)
    client.force_login(officer)
    assert _campaign_row(client, campaign)[:4] == ["20", "0", "20", "0"]
    add_applications(year=2025, stage=Stage.APPOINTED, campaign=campaign, white_british=10)
    assert _campaign_row(client, campaign)[:4] == ["30", "10", "20", "0"]
    for profile in EqualityProfile.objects.filter(ethnicity="black_african")[:10]:
        equality_services.withdraw_profile(actor=data_steward, profile=profile)
    assert _campaign_row(client, campaign)[:4] == ["30", "10", "10", "0"]


def test_each_year_and_all_years_are_kept_apart(client, officer, campaign):
    add_applications(year=2024, stage=Stage.APPLIED, campaign=campaign, white_british=10)
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, white_british=20)
    client.force_login(officer)
    assert _campaign_row(client, campaign, year=2024)[0] == "10"
    assert _campaign_row(client, campaign, year=2025)[0] == "20"
    assert _campaign_row(client, campaign)[0] == "30"
    api = client.get(reverse("governor_recruitment:api-sources"), {"year": 2024}).json()
    applicants = [
        r["value"] for r in api["rows"] if r["row"] == campaign.name and r["column"] == "Applicants"
    ]
    assert applicants == ["10"]


def test_the_download_follows_a_change_at_once(client, officer, campaign):
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, white_british=10)
    client.force_login(officer)
    csv_url = reverse("governor_recruitment:export-sources", args=["csv"])
    assert "Faith leaders breakfast,10," in client.get(csv_url).content.decode("utf-8-sig")
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, white_british=10)
    assert "Faith leaders breakfast,20," in client.get(csv_url).content.decode("utf-8-sig")


def test_a_cache_outage_still_shows_the_report(client, officer, campaign, monkeypatch):
    add_applications(year=2025, stage=Stage.APPLIED, campaign=campaign, white_british=10)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    client.force_login(officer)
    assert _campaign_row(client, campaign)[0] == "10"
    assert selectors.cached_source_report(year=2025)[2] == [2025]
