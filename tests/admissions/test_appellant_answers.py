"""Appellants change or withdraw their own equality answers from the signed link they answered
through (no account): with a confirmation, audited, and a withdrawn answer leaves every figure.
Another appeal's link, a forged link and an expired one change nothing."""

import datetime as dt
import importlib
import re
import time

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from admissions import models as m
from admissions import monitoring, services
from schools_platform.core.models import AuditEvent
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile

pytestmark = pytest.mark.django_db


def _appeal(block, n):
    return m.Appeal.objects.create(
        block=block,
        reference=f"{block.reference}-a{n}",
        appellant_name=f"Parent {n}",
        child_name=f"Child {n}",
        lodged_on=dt.date(2027, 3, 1),
    )


@pytest.fixture
def answered(block):
    """Two appeals of the block, each with its appellant's answers."""
    out = []
    for n, code in ((1, "black_african"), (2, "white_british")):
        appeal = _appeal(block, n)
        services.record_appellant_answers(
            actor=None,
            appeal=appeal,
            answers={"ethnicity": code},
            consent_wording=CONSENT_WORDING,
        )
        out.append(appeal)
    return out


def _profile(appeal):
    return EqualityProfile.objects.get(subject_reference=monitoring.appellant_reference(appeal))


def _urls(appeal):
    token = services.appellant_link_token(appeal)
    return {
        name: reverse(f"admissions-appellant-{name}", args=[token])
        for name in ("monitoring", "change", "withdraw")
    }


def test_answers_are_kept_under_the_appellant_purpose(answered):
    assert _profile(answered[0]).purpose == EqualityProfile.Purpose.APPELLANT == "appellant"


def test_the_link_offers_change_and_withdraw_once_answered(client, answered):
    page = client.get(_urls(answered[0])["monitoring"])
    body = page.content.decode()
    assert "Change your answers" in body and "Withdraw your answers" in body
    assert "no-store" in page["Cache-Control"]
    assert "black_african" not in body  # the answer is never shown on the link's pages


def test_an_appellant_changes_their_answers_from_their_own_link(client, answered):
    url = _urls(answered[0])["change"]
    page = client.get(url)
    assert page.status_code == 200
    assert not re.search(r'value="black_african"[^>]*checked', page.content.decode())
    response = client.post(url, {"equality-ethnicity": "asian_indian", "equality-consent": "on"})
    assert response.status_code == 302
    assert _profile(answered[0]).ethnicity == "asian_indian"
    assert _profile(answered[1]).ethnicity == "white_british"  # the other appeal's untouched
    event = AuditEvent.objects.filter(verb="equality_profile.updated").get()
    assert "asian_indian" not in str(event.details)
    # Bad input names the field and changes nothing.
    assert client.post(url, {"equality-ethnicity": "asian_indian"}).status_code == 400
    assert _profile(answered[0]).ethnicity == "asian_indian"


def test_withdrawal_asks_first_then_wipes_the_answer_from_every_figure(client, answered):
    assert monitoring.appellant_groups("ethnicity")[answered[0].reference] != monitoring.NOT_KNOWN
    url = _urls(answered[0])["withdraw"]
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert _profile(answered[0]).withdrawn_at is None  # asking changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/your-answers-withdrawn/")
    profile = _profile(answered[0])
    assert profile.withdrawn_at is not None and profile.ethnicity == ""
    assert answered[0].reference not in monitoring.appellant_groups("ethnicity")
    assert answered[1].reference in monitoring.appellant_groups("ethnicity")
    assert not EqualityProfile.objects.reportable().filter(pk=profile.pk).exists()
    event = AuditEvent.objects.get(verb="equality_profile.withdrawn")
    assert event.details["by_subject"] is True
    # The link now offers to answer again.
    again = client.get(_urls(answered[0])["monitoring"]).content.decode()
    assert "Send your answers" in again


def test_a_link_changes_only_its_own_appeals_answers(client, answered):
    client.post(_urls(answered[1])["withdraw"])
    assert _profile(answered[1]).withdrawn_at is not None
    assert _profile(answered[0]).withdrawn_at is None
    # The first appellant's link cannot be bent to the second's record.
    with pytest.raises(PermissionDenied):
        services.withdraw_appellant_answers(actor=None, token="not-a-token")


def test_a_forged_or_expired_link_is_refused(client, answered, monkeypatch):
    urls = _urls(answered[0])
    for url in urls.values():
        forged = url.replace("/your-answers/", "/your-answers/x")
        assert client.get(forged).status_code == 404
        assert client.post(forged).status_code == 404
    later = time.time() + (services.APPELLANT_LINK_DAYS + 1) * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    for url in urls.values():
        assert client.get(url).status_code == 404
        assert client.post(url, {"equality-ethnicity": "asian_indian"}).status_code == 404
    token = services.appellant_link_token(answered[0])  # signed "later": this one is fresh
    monkeypatch.setattr("django.core.signing.time.time", lambda: later + 400 * 86400)
    with pytest.raises(PermissionDenied):
        services.withdraw_appellant_answers(actor=None, token=token)
    assert _profile(answered[0]).ethnicity == "black_african"


def test_change_and_withdraw_need_answers_first(client, block):
    urls = _urls(block.appeals.get())
    for name in ("change", "withdraw"):
        response = client.post(urls[name])
        assert response.status_code == 302 and response["Location"] == urls["monitoring"]
    assert not EqualityProfile.objects.exists()


def test_the_migration_moves_appeal_tagged_survey_answers(db):
    migration = importlib.import_module(
        "schools_platform.equality.migrations.0005_appellant_purpose"
    )
    appeal_answers = EqualityProfile.objects.create(
        purpose="survey", subject_reference="admissions-appeal:B1-1"
    )
    other_survey = EqualityProfile.objects.create(purpose="survey", subject_reference="cpd:1")
    migration.to_appellant(django_apps, None)
    appeal_answers.refresh_from_db()
    other_survey.refresh_from_db()
    assert (appeal_answers.purpose, other_survey.purpose) == ("appellant", "survey")
