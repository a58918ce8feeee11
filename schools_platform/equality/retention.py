"""Retention: unsuccessful applicants' answers are deleted a set time after the decision
(storage limitation, UK GDPR Art. 5(1)(e); the period is the council's, in its appropriate
policy document, DPA 2018 Sch. 1 para 39)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from .models import EqualityProfile


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier, or the month's last day if it is shorter."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    first_of_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (first_of_next - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def retention_months(purpose: str) -> int:
    """Months to keep an unsuccessful applicant's profile after the decision.

    EQUALITY_RETENTION_MONTHS is the default; EQUALITY_RETENTION_MONTHS_BY_PURPOSE (optional,
    e.g. {"panel_member": 12}) overrides it for a purpose, to match the council's appropriate
    policy document.
    """
    overrides = getattr(settings, "EQUALITY_RETENTION_MONTHS_BY_PURPOSE", {}) or {}
    return int(overrides.get(purpose, settings.EQUALITY_RETENTION_MONTHS))


@transaction.atomic
def apply_retention_policy(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete profiles of unsuccessful applicants decided more than the retention period ago.

    A decision exactly N months ago is kept until the next day. Running it twice deletes
    nothing more. Returns the number deleted per purpose; one audit row per run.
    """
    today = timezone.localdate(now) if now is not None else timezone.localdate()
    deleted: dict[str, int] = {}
    cutoffs: dict[str, str] = {}
    for purpose in EqualityProfile.Purpose.values:
        cutoff = months_before(today, retention_months(purpose))
        expired = EqualityProfile.objects.filter(
            purpose=purpose,
            outcome=EqualityProfile.Outcome.UNSUCCESSFUL,
            outcome_decided_on__lt=cutoff,
        )
        count, _by_model = expired.delete()
        # delete() counts cascaded rows too; only our own rows are the figure we report.
        count = _by_model.get(EqualityProfile._meta.label, 0)
        cutoffs[purpose] = cutoff.isoformat()
        if count:
            deleted[purpose] = count
    audit.record(
        actor=None,
        verb="equality_profile.retention_applied",
        deleted=sum(deleted.values()),
        deleted_by_purpose=deleted,
        decided_before=cutoffs,
    )
    return deleted
