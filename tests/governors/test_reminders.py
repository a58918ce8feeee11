"""Reminders before a term ends: sent once, to the clerk, with a text and an HTML part."""

import datetime

from django.core import mail
from django.core.management import call_command

from governors import services
from governors.choices import Category, EndReason
from schools_platform.core.models import Notification

from .conftest import START, appoint

END = START.replace(year=START.year + 4) - datetime.timedelta(days=1)  # 31/08/2028


def _setup(officer, board, email="clerk@example.invalid"):
    board.clerk_email = email
    board.save()
    return appoint(officer, board, Category.PARENT)


def test_a_term_ending_within_60_days_is_reminded_once(
    officer, board_a, django_capture_on_commit_callbacks
):
    term = _setup(officer, board_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_term_reminders(today=END - datetime.timedelta(days=61))["reminded"] == 0
        )
        assert (
            services.send_term_reminders(today=END - datetime.timedelta(days=60))["reminded"] == 1
        )
        assert (
            services.send_term_reminders(today=END - datetime.timedelta(days=59))["reminded"] == 0
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clerk@example.invalid"]
    assert "Ada Lovelace" in message.body and "31 August 2028" in message.body
    assert "31 August 2028" in message.subject
    assert (
        message.alternatives[0][1] == "text/html" and "Ada Lovelace" in message.alternatives[0][0]
    )
    record = Notification.objects.get(kind="governors.term_ending")
    assert record.to_email == "clerk@example.invalid" and "Ada Lovelace" in record.reason
    assert str(term.pk) in record.dedupe_key


def test_the_boards_own_lead_time_applies(officer, board_a, django_capture_on_commit_callbacks):
    _setup(officer, board_a)
    board_a.reminder_days = 90
    board_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_term_reminders(today=END - datetime.timedelta(days=90))["reminded"] == 1
        )


def test_no_reminder_for_ended_or_reappointed_terms(
    officer, board_a, django_capture_on_commit_callbacks
):
    ended = _setup(officer, board_a)
    services.end_term(
        actor=officer,
        term=ended,
        ended_on=START + datetime.timedelta(days=10),
        reason=EndReason.RESIGNED,
    )
    followed = appoint(officer, board_a, Category.CO_OPTED, first="Re")
    appoint(
        officer,
        board_a,
        Category.CO_OPTED,
        governor=followed.governor,
        starts_on=END + datetime.timedelta(days=1),
        previous_term=followed,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_term_reminders(today=END - datetime.timedelta(days=30))["reminded"] == 0
        )
    assert mail.outbox == []


def test_without_a_clerk_address_nothing_is_recorded_so_it_is_sent_later(
    officer, board_a, django_capture_on_commit_callbacks
):
    _setup(officer, board_a, email="")
    day = END - datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_term_reminders(today=day) == {"reminded": 0, "no_recipient": 1}
        board_a.clerk_email = "late@example.invalid"
        board_a.save()
        assert services.send_term_reminders(today=day)["reminded"] == 1
    assert mail.outbox[0].to == ["late@example.invalid"]


def test_the_task_is_on_the_daily_schedule_and_runs_from_the_command(officer, board_a):
    from django.conf import settings

    assert (
        settings.CELERY_BEAT_SCHEDULE["governors-term-reminders"]["task"]
        == "governors.tasks.send_term_reminders"
    )
    call_command("run_periodic_tasks", "--only", "governors-term-reminders")


def test_the_council_address_is_copied_when_set(
    officer, board_a, settings, django_capture_on_commit_callbacks
):
    settings.GOVERNOR_SERVICES_EMAIL = "governors@council.invalid"
    _setup(officer, board_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_term_reminders(today=END - datetime.timedelta(days=10))["reminded"] == 2
        )
        assert services.send_term_reminders(today=END - datetime.timedelta(days=9))["reminded"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "clerk@example.invalid",
        "governors@council.invalid",
    ]


def test_a_new_boards_lead_time_is_its_councils_setting(officer, school_a, school_b, settings):
    from .conftest import make_board

    settings.GOVERNOR_REMINDER_DAYS = {school_a.authority.la_code: 90}
    assert make_board(officer, [school_a]).reminder_days == 90
    settings.GOVERNOR_REMINDER_DAYS = {"default": 45}
    assert make_board(officer, [school_b]).reminder_days == 45
    assert services.authority_reminder_days(None) == 45
    settings.GOVERNOR_REMINDER_DAYS = {}
    assert services.authority_reminder_days(school_a.authority) == 60
