"""Notifications: sent after commit, once per key, recorded, and shown only to the recipient."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from schools_platform.core.models import Notification
from schools_platform.core.notifications import notify

from ..factories import make_user

pytestmark = pytest.mark.django_db


def send(recipient, *, key=None, subject="Your term of office ends soon", **extra):
    return notify(
        recipient=recipient,
        kind="governors.term_ending",
        template="core/email/message",
        reason="Your term as a governor ends on 31 August 2026.",
        context={
            "subject": subject,
            "paragraphs": [
                "Your term ends on 31 August 2026.",
                "Tell us if you wish to stand again.",
            ],
            "action_url": "http://127.0.0.1:8000/dashboard/",
            "action_label": "Open your dashboard",
        },
        dedupe_key=key,
        **extra,
    )


@pytest.fixture
def governor():
    return make_user(username="gina", email="gina@example.org", first_name="Gina")


def test_an_email_goes_out_after_commit_in_text_and_html_and_is_recorded(
    governor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = send(governor, key="term-ending:1")
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gina@example.org"]
    assert message.subject == "Your term of office ends soon"
    assert "Dear Gina," in message.body and "Tell us if you wish to stand again." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<p>Your term ends on 31 August 2026.</p>" in html
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.sent_at
    assert notification.recipient == governor and notification.kind == "governors.term_ending"
    assert notification.reason.startswith("Your term as a governor ends")


def test_sending_twice_with_the_same_key_sends_one_email(
    governor, django_capture_on_commit_callbacks
):
    # A scheduled reminder task that runs three times (a retry, a second beat, a manual run).
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            send(governor, key="governors.term_ending:term-7:2026-08-31")
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=governor).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send(governor, key="governors.term_ending:term-7:2026-08-31") is None
        send(governor, key="governors.term_ending:term-8:2026-08-31")
    assert len(mail.outbox) == 2


def test_a_rolled_back_transaction_sends_no_email(governor, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send(governor, key="rolled-back")
        raise RuntimeError("the service's write failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()
    # The key was never used, so the retried write can send it.
    with django_capture_on_commit_callbacks(execute=True):
        assert send(governor, key="rolled-back") is not None
    assert len(mail.outbox) == 1


def test_a_person_without_an_address_gets_a_record_and_no_email(
    django_capture_on_commit_callbacks,
):
    person = make_user(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(person)
    assert mail.outbox == []
    assert notification.status == Notification.Status.NO_ADDRESS


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=1,
    EMAIL_USE_TLS=False,
)
def test_a_failed_send_is_recorded_not_raised(governor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(governor, key="smtp-down")
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and notification.error


def test_the_messages_page_shows_only_the_signed_in_persons_messages(
    client, governor, django_capture_on_commit_callbacks
):
    other = make_user(email="other@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mine = send(governor, subject="Training expires soon")
        theirs = send(other, subject="Someone else's reminder")
    assert client.get(reverse("notifications")).status_code == 302  # sign in first
    client.force_login(governor)
    page = client.get(reverse("notifications")).content.decode()
    assert "Training expires soon" in page and "Someone else" not in page
    assert "Your term as a governor ends" in page  # why
    detail = client.get(reverse("notification-detail", args=[mine.pk]))
    assert (
        detail.status_code == 200
        and "Tell us if you wish to stand again." in detail.content.decode()
    )
    assert client.get(reverse("notification-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notification-detail", args=[999999])).status_code == 404


def test_the_messages_page_has_an_empty_state(client, governor):
    client.force_login(governor)
    page = client.get(reverse("notifications")).content.decode()
    assert "has not sent you any messages yet" in page
    assert "govuk-table" not in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_messages_page_paginates_in_constant_queries(
    client, governor, count, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        Notification(
            recipient=governor,
            to_email=governor.email,
            kind="k",
            template="t",
            reason="r",
            dedupe_key=f"k{n}",
            subject=f"Message {n}",
            body_text="b",
            status=Notification.Status.SENT,
        )
        for n in range(count)
    )
    client.force_login(governor)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notifications")).content.decode()
    assert page.count('class="govuk-table__row"') == min(count, 25) + 1
    if count > 25:
        assert 'href="?page=2"' in page


def test_an_address_without_an_account_can_be_notified_once(django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                to_email="clerk@school.example.org",
                kind="governors.term_ending",
                template="core/email/message",
                reason="You clerk the board of Alder Primary.",
                context={"subject": "Terms ending", "paragraphs": ["Two terms end soon."]},
                dedupe_key="board-3:2026-08-31",
            )
    assert [m.to for m in mail.outbox] == [["clerk@school.example.org"]]
    assert "Hello," in mail.outbox[0].body
    assert Notification.objects.get().recipient is None
