"""DBS renewals and expiring training: derived from the issue date and the council's
interval (local policy, a setting), listed for the clerk and the officer, e-mailed once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governors import selectors, services
from governors.choices import Category
from governors.models import add_years
from schools_platform.core.models import Notification

from .conftest import appoint, make_board

TODAY = timezone.localdate()


@pytest.fixture
def parent(officer, board_a):
    board_a.clerk_email = "clerk@example.invalid"
    board_a.save()
    return appoint(officer, board_a, Category.PARENT, starts_on=TODAY - datetime.timedelta(days=60))


def _dbs(actor, term, issued_on, *, update_service=False):
    return services.record_check(
        actor=actor,
        governor=term.governor,
        kind="enhanced_dbs",
        checked_on=issued_on,
        certificate_number="001234567890",
        update_service=update_service,
    )


def _kinds(items, term):
    return {i.kind for i in items if i.term.pk == term.pk}


def test_renewal_is_the_issue_date_plus_the_councils_interval(settings):
    issued = datetime.date(2022, 3, 1)
    assert selectors.dbs_renewal_due(issued, update_service=False) == datetime.date(2025, 3, 1)
    settings.GOVERNOR_DBS_RENEWAL_YEARS = 5
    assert selectors.dbs_renewal_due(issued, update_service=False) == datetime.date(2027, 3, 1)
    assert selectors.dbs_renewal_due(issued, update_service=True) is None


def test_missing_checks_are_listed_and_a_recorded_one_clears_them(officer, board_a, parent):
    items = selectors.checks_due([board_a])
    assert _kinds(items, parent) == {"dbs_missing", "s128_missing", "training_missing"}
    assert all(i.overdue for i in items)
    _dbs(officer, parent, TODAY)
    services.record_check(
        actor=officer,
        governor=parent.governor,
        kind="section_128",
        checked_on=TODAY,
        result="clear",
    )
    services.record_training(
        actor=officer, governor=parent.governor, kind="safeguarding", completed_on=TODAY
    )
    assert _kinds(selectors.checks_due([board_a]), parent) == set()


def test_an_old_certificate_is_due_unless_on_the_update_service(officer, board_a, parent):
    issued = add_years(TODAY, -3) + datetime.timedelta(days=30)  # due in 30 days
    _dbs(officer, parent, issued)
    [item] = [i for i in selectors.checks_due([board_a]) if i.kind == "dbs_renewal"]
    assert item.due_on == add_years(issued, 3) and not item.overdue
    assert not [i for i in selectors.checks_due([board_a], lead_days=10) if i.kind == "dbs_renewal"]
    _dbs(officer, parent, issued, update_service=True)  # the latest certificate counts
    assert "dbs_renewal" not in _kinds(selectors.checks_due([board_a]), parent)


def test_the_compliance_dashboard_counts_overdue_renewals(officer, board_a, parent):
    _dbs(officer, parent, add_years(TODAY, -4))
    assert parent in selectors.compliance()["dbs_overdue"]
    _dbs(officer, parent, TODAY)
    assert parent not in selectors.compliance()["dbs_overdue"]


def test_renewal_and_training_reminders_are_sent_once(
    officer, board_a, parent, settings, django_capture_on_commit_callbacks
):
    settings.GOVERNOR_SERVICES_EMAIL = "governors@council.invalid"
    _dbs(officer, parent, add_years(TODAY, -3) + datetime.timedelta(days=20))
    services.record_training(
        actor=officer,
        governor=parent.governor,
        kind="safeguarding",
        completed_on=TODAY - datetime.timedelta(days=700),
        expires_on=TODAY - datetime.timedelta(days=5),  # already expired: still reminded once
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_check_reminders(today=TODAY)["reminded"] == 4  # 2 items x 2
        assert services.send_check_reminders(today=TODAY)["reminded"] == 0
        assert services.send_check_reminders(today=TODAY + datetime.timedelta(days=1)) == {
            "reminded": 0,
            "no_recipient": 0,
        }
    assert len(mail.outbox) == 4
    subjects = sorted(m.subject for m in mail.outbox if m.to == ["clerk@example.invalid"])
    assert "Enhanced DBS certificate renewal, due on" in subjects[0]
    assert "Safeguarding and child protection training renewal, overdue since" in subjects[1]
    dbs = next(m for m in mail.outbox if "DBS" in m.subject)
    assert "every 3 years" in dbs.body and "update service" in dbs.body
    assert dbs.alternatives[0][1] == "text/html" and "every 3 years" in dbs.alternatives[0][0]
    assert "001234567890" not in dbs.body  # criminal offence data stays on the platform
    assert Notification.objects.filter(kind="governors.check_due").count() == 4
    # A new certificate moves the due date: nothing now, its own reminder in three years.
    _dbs(officer, parent, TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_check_reminders(today=TODAY)["reminded"] == 0
        later = add_years(TODAY, 3) - datetime.timedelta(days=30)
        assert services.send_check_reminders(today=later)["reminded"] >= 2


def test_missing_checks_are_not_emailed_every_day(
    officer, parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_check_reminders(today=TODAY)["reminded"] == 0
    assert mail.outbox == []


def test_the_check_reminders_are_on_the_daily_schedule(settings, parent):
    entry = settings.CELERY_BEAT_SCHEDULE["governors-check-reminders"]
    assert entry["task"] == "governors.tasks.send_check_reminders"
    call_command("run_periodic_tasks", "--only", "governors-check-reminders")


def test_the_list_is_for_the_boards_managers_only(
    client, officer, leader_a, leader_b, school_b, parent
):
    other = make_board(officer, [school_b])
    stranger = appoint(officer, other, Category.PARENT, first="Grace", last="Hopper")
    url = reverse("governors:checks-due")
    client.force_login(leader_a)
    page = client.get(url).content.decode()
    assert "Ada Lovelace" in page and "Grace Hopper" not in page and "No enhanced DBS" in page
    assert client.get(url, {"board": parent.board_id}).status_code == 200
    assert client.get(url, {"board": other.pk}).status_code == 404
    client.force_login(leader_b)
    assert "Ada Lovelace" not in client.get(url).content.decode()
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "Ada Lovelace" in page and stranger.governor.full_name in page
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("extra", [0, 6])
def test_the_list_makes_a_fixed_number_of_queries(
    client, officer, board_a, parent, extra, django_assert_max_num_queries
):
    for n in range(extra):
        appoint(
            officer,
            board_a,
            Category.CO_OPTED if n < 3 else Category.PARENT if n < 5 else Category.STAFF,
            first=f"G{n}",
            starts_on=TODAY - datetime.timedelta(days=30),
        )
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("governors:checks-due")).status_code == 200
