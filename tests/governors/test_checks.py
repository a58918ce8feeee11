"""DBS and section 128 checks and training: recorded by the board's managers only, shown to
them only, counted on the compliance dashboard."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governors import services
from governors.choices import Category
from governors.models import SafeguardingCheck, TrainingRecord
from governors.selectors import compliance
from schools_platform.core.models import AuditEvent

from .conftest import appoint

TODAY = timezone.localdate()


@pytest.fixture
def parent(officer, board_a):
    return appoint(officer, board_a, Category.PARENT, starts_on=TODAY - datetime.timedelta(days=60))


def test_checks_are_validated_and_the_audit_never_holds_the_number(leader_a, parent):
    with pytest.raises(ValidationError) as error:
        services.record_check(
            actor=leader_a,
            governor=parent.governor,
            kind="enhanced_dbs",
            checked_on=TODAY,
            certificate_number="123",
        )
    assert "12 digits" in str(error.value)
    with pytest.raises(ValidationError):
        services.record_check(
            actor=leader_a, governor=parent.governor, kind="section_128", checked_on=TODAY
        )
    services.record_check(
        actor=leader_a,
        governor=parent.governor,
        kind="enhanced_dbs",
        checked_on=TODAY,
        certificate_number="0012 3456 7890",
    )
    assert SafeguardingCheck.objects.get().certificate_number == "001234567890"
    event = AuditEvent.objects.get(verb="governors.check.recorded")
    assert "001234567890" not in str(event.details)


def test_another_schools_leader_cannot_record_checks_or_training(leader_b, parent):
    with pytest.raises(PermissionDenied):
        services.record_check(
            actor=leader_b, governor=parent.governor, kind="enhanced_dbs", checked_on=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.record_training(
            actor=leader_b, governor=parent.governor, kind="safeguarding", completed_on=TODAY
        )


def test_the_cpd_module_can_record_a_completion_as_the_platform(parent):
    record = services.record_training(
        actor=None, governor=parent.governor, kind="anti_racism", completed_on=TODAY, source="cpd"
    )
    assert record.source == "cpd"
    with pytest.raises(ValidationError):
        services.record_training(
            actor=None,
            governor=parent.governor,
            kind="safeguarding",
            completed_on=TODAY,
            expires_on=TODAY,
        )


def test_dashboard_counts_missing_checks_and_expired_training(officer, parent):
    figures = compliance()
    assert (
        parent in figures["no_dbs"]
        and parent in figures["no_s128"]
        and parent in figures["training_due"]
    )
    services.record_check(
        actor=officer, governor=parent.governor, kind="enhanced_dbs", checked_on=TODAY
    )
    services.record_check(
        actor=officer,
        governor=parent.governor,
        kind="section_128",
        checked_on=TODAY,
        result="clear",
    )
    services.record_training(
        actor=officer,
        governor=parent.governor,
        kind="safeguarding",
        completed_on=TODAY - datetime.timedelta(days=800),
        expires_on=TODAY - datetime.timedelta(days=70),
    )
    figures = compliance()
    assert parent not in figures["no_dbs"] and parent not in figures["no_s128"]
    assert parent in figures["training_due"]  # expired
    services.record_training(
        actor=officer, governor=parent.governor, kind="safeguarding", completed_on=TODAY
    )
    assert parent not in compliance()["training_due"]


def test_the_checks_page_is_for_the_boards_managers_only(
    client, officer, leader_a, leader_b, school_a, parent
):
    from guardian.shortcuts import assign_perm

    from tests.factories import make_user

    url = reverse("governors:checks", args=[parent.pk])
    client.force_login(leader_a)
    response = client.post(
        url,
        {
            "form": "training",
            "training-kind": "safeguarding",
            "training-completed_on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.filter(governor=parent.governor).exists()
    board_page = client.get(
        reverse("governors:board-detail", args=[parent.board_id])
    ).content.decode()
    assert "Checks and safeguarding training" in board_page
    viewer = make_user()
    assign_perm("registry.view_school", viewer, school_a)
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert (
        "Checks and safeguarding training"
        not in client.get(
            reverse("governors:board-detail", args=[parent.board_id])
        ).content.decode()
    )
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
