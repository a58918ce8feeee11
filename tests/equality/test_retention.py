import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from schools_platform.core.models import AuditEvent
from schools_platform.equality import services
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from schools_platform.representation.models import GroupMembership

LONDON = zoneinfo.ZoneInfo("Europe/London")
Outcome = EqualityProfile.Outcome
Purpose = EqualityProfile.Purpose


def profile(outcome, decided_on, purpose=Purpose.GOVERNOR_APPLICATION):
    """A real row with real answers, as an application module would leave it."""
    return EqualityProfile.objects.create(
        purpose=purpose,
        outcome=outcome,
        outcome_decided_on=decided_on,
        ethnicity="black_african",
        sex="male",
        consent_given_at=timezone.now(),
        consent_wording=CONSENT_WORDING,
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 15), 6, datetime.date(2025, 9, 15)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2025, 12, 31)),
        (datetime.date(2026, 5, 1), 24, datetime.date(2024, 5, 1)),
    ],
)
def test_months_before_keeps_the_day_or_the_months_last_day(day, months, expected):
    assert services.months_before(day, months) == expected


@pytest.mark.django_db
def test_deletes_only_unsuccessful_decided_more_than_six_months_ago(settings):
    settings.EQUALITY_RETENTION_MONTHS = 6
    now = datetime.datetime(2026, 3, 15, 1, 0, tzinfo=LONDON)
    expired = profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 9, 14))
    exactly_six_months = profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 9, 15))
    recent = profile(Outcome.UNSUCCESSFUL, datetime.date(2026, 3, 1))
    successful = profile(Outcome.SUCCESSFUL, datetime.date(2020, 1, 1))
    pending = profile(Outcome.PENDING, None)

    deleted = services.apply_retention_policy(now=now)

    assert deleted == {Purpose.GOVERNOR_APPLICATION: 1}
    remaining = set(EqualityProfile.objects.all())
    assert expired not in remaining
    assert remaining == {exactly_six_months, recent, successful, pending}


@pytest.mark.django_db
def test_the_boundary_row_goes_the_next_day(settings):
    settings.EQUALITY_RETENTION_MONTHS = 6
    row = profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 9, 15))
    services.apply_retention_policy(now=datetime.datetime(2026, 3, 15, 23, 59, tzinfo=LONDON))
    assert EqualityProfile.objects.filter(pk=row.pk).exists()
    services.apply_retention_policy(now=datetime.datetime(2026, 3, 16, 0, 1, tzinfo=LONDON))
    assert not EqualityProfile.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_uses_the_council_date_not_utc(settings):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the cutoff is 1 January, so a
    # decision on 31 December has expired; by the UTC date (cutoff 30 December) it would not.
    settings.EQUALITY_RETENTION_MONTHS = 6
    row = profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 12, 31))
    summer_utc = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    services.apply_retention_policy(now=summer_utc)
    assert not EqualityProfile.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_runs_twice_without_deleting_more_and_audits_each_run_with_counts(settings):
    settings.EQUALITY_RETENTION_MONTHS = 6
    now = datetime.datetime(2026, 3, 15, 2, 15, tzinfo=LONDON)
    profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 1, 1))
    profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 2, 1), purpose=Purpose.PANEL_MEMBER)
    kept = profile(Outcome.UNSUCCESSFUL, datetime.date(2026, 1, 1))

    assert services.apply_retention_policy(now=now) == {
        Purpose.GOVERNOR_APPLICATION: 1,
        Purpose.PANEL_MEMBER: 1,
    }
    assert services.apply_retention_policy(now=now) == {}
    assert list(EqualityProfile.objects.all()) == [kept]

    first, second = AuditEvent.objects.filter(verb="equality_profile.retention_applied").order_by(
        "id"
    )
    assert first.actor is None and first.actor_label == "system"
    assert first.details["deleted"] == 2
    assert first.details["deleted_by_purpose"] == {"governor_application": 1, "panel_member": 1}
    assert first.details["decided_before"]["governor_application"] == "2025-09-15"
    assert second.details["deleted"] == 0


@pytest.mark.django_db
def test_retention_period_can_differ_per_purpose(settings):
    settings.EQUALITY_RETENTION_MONTHS = 6
    settings.EQUALITY_RETENTION_MONTHS_BY_PURPOSE = {"panel_member": 12}
    now = datetime.datetime(2026, 3, 15, 2, 15, tzinfo=LONDON)
    application = profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 6, 1))
    panel = profile(Outcome.UNSUCCESSFUL, datetime.date(2025, 6, 1), purpose=Purpose.PANEL_MEMBER)
    services.apply_retention_policy(now=now)
    assert list(EqualityProfile.objects.all()) == [panel]
    assert not EqualityProfile.objects.filter(pk=application.pk).exists()


@pytest.mark.django_db
def test_deleting_leaves_the_representation_membership_without_a_profile(settings, school_a):
    settings.EQUALITY_RETENTION_MONTHS = 6
    row = profile(Outcome.UNSUCCESSFUL, datetime.date(2024, 1, 1))
    membership = GroupMembership.objects.create(
        group="governors", stage="applied", year=2024, school=school_a, profile=row
    )
    assert services.apply_retention_policy(now=datetime.datetime(2026, 3, 15, tzinfo=LONDON)) == {
        Purpose.GOVERNOR_APPLICATION: 1
    }
    membership.refresh_from_db()
    assert membership.profile is None


@pytest.mark.django_db
def test_periodic_task_runs_the_policy(settings, capsys):
    settings.EQUALITY_RETENTION_MONTHS = 6
    today = timezone.localdate()
    expired = profile(Outcome.UNSUCCESSFUL, services.months_before(today, 7))
    kept = profile(Outcome.UNSUCCESSFUL, services.months_before(today, 5))

    call_command("run_periodic_tasks", only="equality-apply-retention")

    assert "equality-apply-retention: SUCCESS" in capsys.readouterr().out
    assert not EqualityProfile.objects.filter(pk=expired.pk).exists()
    assert EqualityProfile.objects.filter(pk=kept.pk).exists()
    assert AuditEvent.objects.filter(verb="equality_profile.retention_applied").count() == 1
