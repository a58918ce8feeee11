"""Notifications: the one way the platform e-mails a person (docs/modules/kit.md).

``notify`` renders a template (subject, plain text and, if present, HTML), records the message
as a ``Notification`` (to whom, what, why) and sends it after the surrounding transaction
commits (``send_notification.delay_on_commit``). A rolled-back write therefore sends nothing,
and a ``dedupe_key`` that was used before sends nothing again: a scheduled reminder keyed on
what it is about (``"governors.term_ending:term-42:2026-08-31"``) goes out once however often
its task runs, even when two workers race (the key is a unique constraint).

Templates, for ``template="governors/email/term_ending"``:
``governors/email/term_ending_subject.txt``, ``..._ending.txt`` and (optional)
``..._ending.html``, which may extend ``core/email/base.html``.
"""

import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject[:255], text, html


def notify(
    *,
    recipient=None,
    to_email: str = "",
    kind: str,
    template: str,
    reason: str,
    context: dict | None = None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Record and (after commit) send one e-mail to ``recipient`` (an account; its address is
    used) or to ``to_email`` (an address with no account, e.g. a clerk's shared mailbox).

    Returns the new Notification, or None when ``dedupe_key`` was used before (nothing sent).
    Call it inside the service's transaction: if that rolls back, nothing is recorded or sent.
    """
    if recipient is None and not to_email:
        raise ValueError("notify needs a recipient or an address")
    address = to_email or recipient.email
    key = dedupe_key or f"{kind}:{uuid.uuid4().hex}"
    if Notification.objects.filter(dedupe_key=key).exists():
        return None
    full_context = {
        "recipient": recipient,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "site_name": settings.WAGTAIL_SITE_NAME,
        **(context or {}),
    }
    subject, text, html = _render(template, full_context)
    status = Notification.Status.QUEUED if address else Notification.Status.NO_ADDRESS
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                to_email=address,
                kind=kind,
                template=template,
                reason=reason[:255],
                dedupe_key=key,
                subject=subject,
                body_text=text,
                body_html=html,
                status=status,
            )
    except IntegrityError:
        # Another run took the key between our check and our insert: it sends, we do not.
        if Notification.objects.filter(dedupe_key=key).exists():
            return None
        raise
    if status == Notification.Status.QUEUED:
        from .tasks import send_notification

        send_notification.delay_on_commit(notification.pk)
    return notification


def deliver(notification_id: int) -> bool:
    """Send a queued notification once; the task calls this. True when it was sent now."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=Notification.Status.QUEUED)
            .first()
        )
        if notification is None:
            return False  # already sent, failed, or rolled back
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.to_email],
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        try:
            message.send()
        except Exception as error:  # SMTP and network errors: record, never resend blindly
            logger.warning("Notification %s could not be sent: %s", notification.pk, error)
            notification.status = Notification.Status.FAILED
            notification.error = str(error)[:255]
            notification.save(update_fields=["status", "error"])
            return False
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["status", "sent_at"])
        return True
