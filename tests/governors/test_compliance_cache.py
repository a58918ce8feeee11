"""The compliance dashboard's figures are cached against a version of their inputs and the
day: the second request reads only the version, and every change shows at once."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governors import services
from governors.choices import AttendanceStatus, Category, EndReason
from governors.models import Attendance, Meeting
from governors.selectors import compliance

from .conftest import appoint

URL = "/admin/governors/compliance/"


def _figure(body: str, anchor: str) -> int:
    """The summary table's figure that links to `#anchor`."""
    return int(re.search(rf'<a href="#{anchor}">(\d+)</a>', body).group(1))


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def dashboard(client, officer, board_a):
    today = timezone.localdate()
    parent = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Cached",
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today + datetime.timedelta(days=30),
    )
    client.force_login(officer)
    return parent


def test_the_second_request_reads_only_the_version(
    client, dashboard, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as first:
        _page(client)
    with CaptureQueriesContext(connection) as building:
        compliance()
    # The page's own queries (session, user, admin chrome) and the version: nothing else.
    with django_assert_max_num_queries(len(first) - len(building)) as second:
        body = _page(client)
    assert "Cached Lovelace" in body
    assert sum("MAX(" in q["sql"].upper() for q in second.captured_queries) == 1


def test_a_term_recorded_or_ended_shows_at_once(client, officer, board_a, dashboard):
    assert _figure(_page(client), "ending") == 1
    today = timezone.localdate()
    second = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Second",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
    )
    body = _page(client)
    assert _figure(body, "ending") == 2 and "Second Lovelace" in body
    yesterday = today - datetime.timedelta(days=1)
    services.end_term(actor=officer, term=second, ended_on=yesterday, reason=EndReason.RESIGNED)
    services.end_term(actor=officer, term=dashboard, ended_on=yesterday, reason=EndReason.RESIGNED)
    body = _page(client)
    assert _figure(body, "ending") == 0 and "Second Lovelace" not in body


def test_an_attendance_or_check_change_shows_at_once(client, officer, board_a, dashboard):
    today = timezone.localdate()
    body = _page(client)
    assert _figure(body, "dbs") == 1 and _figure(body, "absence") == 0
    services.record_check(
        actor=officer, governor=dashboard.governor, kind="enhanced_dbs", checked_on=today
    )
    assert _figure(_page(client), "dbs") == 0
    for months in (7, 4, 1):
        services.record_meeting(
            actor=officer,
            board=board_a,
            held_on=today - datetime.timedelta(days=30 * months),
            attendance={dashboard.pk: AttendanceStatus.ABSENT},
        )
    assert _figure(_page(client), "absence") == 1


def test_a_bulk_load_with_no_audit_event_shows_at_once(client, officer, board_a, dashboard):
    today = timezone.localdate()
    assert _figure(_page(client), "absence") == 0
    for months in (7, 4, 1):
        meeting = Meeting.objects.create(
            board=board_a, held_on=today - datetime.timedelta(days=30 * months)
        )
        Attendance.objects.create(meeting=meeting, term=dashboard, status=AttendanceStatus.ABSENT)
    assert _figure(_page(client), "absence") == 1


def test_tomorrow_gives_fresh_figures(officer, dashboard):
    built = []

    def render(figures):
        built.append(figures["day"])
        return str(figures["day"])

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert services.compliance_dashboard(viewer=officer, render=render) == str(today)
    assert services.compliance_dashboard(viewer=officer, render=render, day=today) == str(today)
    assert services.compliance_dashboard(viewer=officer, render=render, day=tomorrow) == str(
        tomorrow
    )
    assert built == [today, tomorrow]


def test_a_cache_outage_still_shows_the_page(client, dashboard, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert "Cached Lovelace" in _page(client)


def test_only_officers_get_the_figures(leader_a, dashboard):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.compliance_dashboard(viewer=leader_a, render=str)
