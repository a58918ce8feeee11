"""Applicant accounts, save and return by an e-mailed link, the applicant's own page."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from governors.recruitment import services
from governors.recruitment.models import ApplicantLink, Application, Stage
from schools_platform.core.models import Notification

from .conftest import DETAILS

pytestmark = pytest.mark.django_db


def _link(notification_text: str) -> str:
    return re.search(r"(/governors/recruitment/[\w/-]+/)", notification_text).group(1)


def test_save_and_return_keeps_answers_not_equality(client, listing_a, heard, mailoutbox):
    url = reverse("governor_recruitment:apply", args=[listing_a.pk])
    page = client.post(url, {"save": "1", "first_name": "Grace"})
    assert "Enter your email address so we can send you a link" in page.text
    assert not ApplicantLink.objects.exists()
    page = client.post(
        url,
        {
            "save": "1",
            "first_name": "Grace",
            "email": "grace@example.org",
            "skills": "finance",
            "preferred_phases": ["Primary", "Secondary"],
            "equality-ethnicity": "black_african",
        },
    )
    assert "Your application is saved" in page.text
    link = ApplicantLink.objects.get()
    assert link.draft["first_name"] == "Grace" and link.draft["preferred_phases"] == [
        "Primary",
        "Secondary",
    ]
    assert not any(k.startswith("equality") for k in link.draft)
    sent_link = Notification.objects.get(kind="governor_recruitment.link")
    path = _link(sent_link.body_text)
    other = client_class_fresh()
    resumed = other.get(path, follow=True)
    assert resumed.status_code == 200 and 'value="Grace"' in resumed.text
    sent = other.post(
        url,
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@example.org",
            "heard_about": str(heard.pk),
        },
    )
    assert sent.status_code == 302
    assert ApplicantLink.objects.get().used_at is not None
    assert other.get(path).status_code == 404


def client_class_fresh():
    from django.test import Client

    return Client()


def test_account_reused_sign_in_by_link_and_withdraw(client, listing_a, heard, mailoutbox):
    first = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, heard_about=heard
    )
    second = services.apply(actor=AnonymousUser(), listing=None, details=DETAILS, heard_about=heard)
    assert first.user is not None and first.user == second.user
    assert not first.user.has_usable_password()
    page = client.post(reverse("governor_recruitment:sign-in"), {"email": "nobody@example.org"})
    assert "Check your e-mail" in page.text
    assert not Notification.objects.filter(kind="governor_recruitment.link").exists()
    client.post(reverse("governor_recruitment:sign-in"), {"email": "GRACE@example.org"})
    path = _link(Notification.objects.get(kind="governor_recruitment.link").body_text)
    mine = client.get(path, follow=True)
    assert first.reference in mine.text and second.reference in mine.text
    assert client.get(path).status_code == 404  # used once
    client.post(reverse("governor_recruitment:withdraw", args=[first.pk]))
    first.refresh_from_db()
    assert first.stage == Stage.WITHDRAWN


def test_staff_accounts_never_sign_in_by_link(client, officer, mailoutbox):
    officer.email = "officer@example.org"
    officer.save()
    services.send_sign_in_link(email="officer@example.org")
    assert not Notification.objects.exists()


def test_another_applicant_cannot_withdraw(client, listing_a, heard, leader_a):
    application = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, heard_about=heard
    )
    client.force_login(leader_a)
    url = reverse("governor_recruitment:withdraw", args=[application.pk])
    assert client.post(url).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302
    assert Application.objects.get().stage == Stage.APPLIED
