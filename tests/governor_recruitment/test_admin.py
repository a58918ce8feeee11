"""The officers' Wagtail screens: campaigns and the heard-about list change through the
services (audited); vacancies and applications are read-only with exports; others refused."""

import pytest

from governors.recruitment.models import Campaign
from schools_platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PREFIX = "/admin/governors/recruitment/"


def test_officer_sees_every_screen_and_export(client, officer, listing_a, campaign, heard):
    client.force_login(officer)
    for screen in ("campaigns", "heard-about", "vacancies", "applications"):
        assert client.get(f"{PREFIX}{screen}/").status_code == 200, screen
        export = client.get(f"{PREFIX}{screen}/", {"export": "csv"})
        assert export.status_code == 200 and export["Content-Disposition"].startswith("attach")
    assert client.get(f"{PREFIX}applications/new/").status_code in (302, 403, 404)


def test_officer_adds_a_campaign_through_the_service(client, officer):
    client.force_login(officer)
    page = client.post(
        f"{PREFIX}campaigns/new/",
        {
            "name": "Mosque open day",
            "partner_name": "Central Mosque",
            "partner_type": "faith",
            "channel": "event",
            "starts_on": "2025-03-01",
            "ends_on": "2025-02-01",
            "target_areas": "[]",
            "target_phases": "[]",
            "code": "MOSQUE",
        },
    )
    assert page.status_code == 200 and not Campaign.objects.exists()  # ends before it starts
    client.post(
        f"{PREFIX}campaigns/new/",
        {
            "name": "Mosque open day",
            "partner_name": "Central Mosque",
            "partner_type": "faith",
            "channel": "event",
            "starts_on": "2025-03-01",
            "ends_on": "",
            "target_areas": "[]",
            "target_phases": '["Primary"]',
            "code": "mosque",
        },
    )
    campaign = Campaign.objects.get()
    assert campaign.code == "MOSQUE" and campaign.target_phases == ["Primary"]
    assert AuditEvent.objects.filter(verb="governor_recruitment.campaign.created").count() == 1


def test_school_leader_and_visitor_refused(client, leader_a):
    client.force_login(leader_a)
    assert client.get(f"{PREFIX}campaigns/").status_code in (302, 403)
    client.logout()
    assert client.get(f"{PREFIX}campaigns/").status_code == 302
