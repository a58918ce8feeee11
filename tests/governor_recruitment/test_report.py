"""The campaign effectiveness report: every figure goes through publish_counts, so no count of
1-7 people appears, even when the real numbers are that small."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from governors.recruitment import selectors, services

from .conftest import DETAILS, appoint_application

pytestmark = pytest.mark.django_db

BLACK = {
    "answers": {
        "ethnicity": "black_african",
        "ethnicity_other": "",
        "sex": "",
        "age_band": "",
        "disability": "",
    },
    "consent_wording": "I agree",
}


def _applications(listing, *, campaign=None, heard=None, n=1, monitoring=None):
    return [
        services.apply(
            actor=AnonymousUser(),
            listing=listing,
            details={**DETAILS, "email": f"p{i}@example.org"},
            campaign=campaign,
            heard_about=heard,
            monitoring=monitoring,
        )
        for i in range(n)
    ]


def _numbers(html: str) -> list[int]:
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', html)
    return [int(c.replace(",", "")) for c in cells if c.strip().replace(",", "").isdigit()]


def test_small_numbers_never_shown(client, officer, listing_a, campaign, heard):
    applied = _applications(listing_a, campaign=campaign, n=3, monitoring=BLACK)
    _applications(None, heard=heard, n=2)
    appoint_application(officer, applied[0])
    table = selectors.campaign_report()
    for _row, _column, cell in table.all_cells():
        assert not (isinstance(cell.value, int) and 1 <= cell.value <= 7)
    client.force_login(officer)
    page = client.get(reverse("governor_recruitment:campaign-report"))
    assert page.status_code == 200
    assert "Faith leaders breakfast" in page.text
    assert all(not 1 <= n <= 7 for n in _numbers(page.text))


def test_large_numbers_shown_per_campaign(officer, listing_a, campaign, heard):
    _applications(None, campaign=campaign, n=20, monitoring=BLACK)
    _applications(None, heard=heard, n=20)
    table = selectors.campaign_report()
    applicants = table.cell("Faith leaders breakfast", "Applicants")
    under = table.cell("Faith leaders breakfast", "Applicants from under-represented groups")
    assert applicants.is_shown and under.is_shown
    assert applicants.value == 20 and under.value == 20
    assert table.cell(
        "Heard: A friend or colleague", "Applicants from under-represented groups"
    ).value in (
        0,
        "0",
    )
