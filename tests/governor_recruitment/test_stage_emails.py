"""The council's own e-mail texts for each stage (issue 12: "templates the council can edit")."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from governors.recruitment import services
from governors.recruitment.models import Stage, StageEmail
from schools_platform.core.models import AuditEvent, Notification

from .conftest import DETAILS

pytestmark = pytest.mark.django_db
PREFIX = "/admin/governors/recruitment/emails/"


def test_a_move_sends_the_councils_own_text_when_there_is_one(officer, listing_a, heard):
    services.save_stage_email(
        actor=officer,
        email=StageEmail(
            stage=Stage.SCREENED,
            subject="Good news about {reference}",
            body="Dear {first_name},\n\nYour application for {role} is now {stage}.",
        ),
    )
    application = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, heard_about=heard
    )
    services.move_stage(actor=officer, application=application, to_stage=Stage.SCREENED)
    sent = Notification.objects.get(kind=services.MOVE_KIND)
    assert sent.subject == f"Good news about {application.reference}"
    assert "Dear Grace," in sent.body_text
    assert "for Co-opted governor is now screened." in sent.body_text
    # No text of the council's for a stage: the module's own is sent.
    services.move_stage(actor=officer, application=application, to_stage=Stage.DECLINED)
    other = Notification.objects.filter(kind=services.MOVE_KIND).exclude(pk=sent.pk).get()
    assert "is now: not appointed" in other.body_text
    assert AuditEvent.objects.filter(verb="governor_recruitment.stage_email.added").exists()


def test_an_unknown_placeholder_is_refused_naming_the_field(officer):
    email = StageEmail(stage=Stage.SCREENED, subject="Hello {surname}", body="Fine {stage}")
    with pytest.raises(ValidationError) as error:
        services.save_stage_email(actor=officer, email=email)
    assert list(error.value.message_dict) == ["subject"]
    assert "surname" in error.value.message_dict["subject"][0]
    bad = StageEmail(stage=Stage.SCREENED, subject="Hi", body="A stray { brace")
    with pytest.raises(ValidationError) as error:
        services.save_stage_email(actor=officer, email=bad)
    assert list(error.value.message_dict) == ["body"]
    assert not StageEmail.objects.exists()


def test_only_officers_write_the_texts_in_wagtail(client, officer, leader_a):
    with pytest.raises(PermissionDenied):
        services.save_stage_email(
            actor=leader_a, email=StageEmail(stage=Stage.SCREENED, subject="s", body="b")
        )
    client.force_login(officer)
    assert client.get(PREFIX).status_code == 200
    answer = client.post(
        f"{PREFIX}new/",
        {"stage": Stage.INTERVIEWED, "subject": "Interview", "body": "Dear {first_name}"},
    )
    assert answer.status_code == 302
    assert StageEmail.objects.get().subject == "Interview"
    refused = client.post(
        f"{PREFIX}new/", {"stage": Stage.NOMINATED, "subject": "x", "body": "{oops}"}
    )
    assert refused.status_code == 200 and StageEmail.objects.count() == 1
    client.force_login(leader_a)
    assert client.get(PREFIX).status_code in (302, 403)
