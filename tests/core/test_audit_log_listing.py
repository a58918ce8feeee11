"""The officers' audit log listing: what each row shows, escaped, at a fixed query count."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from schools_platform.core import audit
from schools_platform.core.models import AuditEvent

URL = "/admin/audit-log/"


def rows(client):
    response = client.get(URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select("table.listing tbody tr")


@pytest.mark.django_db
def test_each_row_links_to_its_event_and_shows_its_fields(client, officer):
    event = audit.record(
        actor=officer, verb="school_access.granted", target=officer, user="someone"
    )
    client.force_login(officer)
    row = rows(client)[0]
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    shown_at = formats.date_format(timezone.localtime(event.occurred_at), "DATETIME_FORMAT")
    assert cells == [shown_at, "officer", "school_access.granted", "core.user", "officer"]
    link = row.find("td", class_="title").find("a")
    assert link["href"] == reverse("audit_log:inspect", args=[event.pk])
    assert client.get(link["href"]).status_code == 200


@pytest.mark.django_db
def test_labels_are_escaped(client, officer):
    AuditEvent.objects.create(
        actor_label="<b>x</b>", verb="test.escaped", target_label="<script>alert(1)</script>"
    )
    client.force_login(officer)
    response = client.get(URL)
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert b"&lt;b&gt;x&lt;/b&gt;" in response.content


@pytest.mark.django_db
def test_people_without_the_audit_permission_are_refused(client, leader_a):
    client.force_login(leader_a)
    assert client.get(URL).status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("n_events", [5, 120])
def test_query_count_is_the_same_for_few_or_many_events(
    client, officer, n_events, django_assert_max_num_queries
):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=officer, actor_label="officer", verb=f"test.event_{i}")
        for i in range(n_events)
    )
    client.force_login(officer)
    client.get(URL)
    # Session, user, permissions, count, one page of events, Wagtail's admin chrome.
    with django_assert_max_num_queries(12):
        assert len(rows(client)) == min(AuditEvent.objects.count(), 50)
    assert AuditEvent.objects.count() > n_events


@pytest.mark.django_db
def test_search_finds_events_by_verb_actor_or_target_through_the_stored_copy(client, officer):
    """The search box compares AuditEvent.search_text (normalised verb, actor and target),
    so accents and case do not matter and no row is normalised in SQL."""
    target = officer
    target.first_name, target.last_name = "Thérèse", "O’Reilly"
    target.save()
    event = audit.record(actor=officer, verb="school_access.granted", target=target)
    other = audit.record(actor=None, verb="import.finished")
    assert event.search_text == "school_access.granted officer therese o'reilly"
    client.force_login(officer)
    for query in ("THERESE o'reilly", "school_access", "officer granted"):
        response = client.get(URL, {"q": query})
        soup = BeautifulSoup(response.content, "html.parser")
        links = [a["href"] for a in soup.select("table.listing tbody td.title a")]
        assert reverse("audit_log:inspect", args=[event.pk]) in links, query
        assert reverse("audit_log:inspect", args=[other.pk]) not in links, query
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, {"q": "therese"})
    searched = [q["sql"] for q in captured.captured_queries if "core_auditevent" in q["sql"]]
    assert searched and all("platform_normalise" not in sql for sql in searched)
