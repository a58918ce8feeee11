"""Every write to equality monitoring data; the facade for the rest of the app's services.

The rules, with their sources (shared reference notes: governors.md §2.4-2.5,
security-and-performance.md §1.5):
- every answer is optional and "prefer not to say" is always offered; an answer other than
  that is kept only with a recorded consent (timestamp and the exact wording shown);
- only the person changes their own answers: self-identification, never by observation
  (Standards for Ethnicity Data, 2023);
- the person, or the data steward acting on their written notice, can withdraw at any time
  (DPA 2018 Sch. 1 para 8(5)); withdrawal wipes the answers, so no later figure counts them;
- unsuccessful applicants' profiles are deleted a set time after the decision (storage
  limitation, UK GDPR Art. 5(1)(e); the period belongs in the council's appropriate policy
  document, DPA 2018 Sch. 1 para 39);
- only the data steward sees answers at person level, and each list, view or export is audited
  without the answers ever being written to the audit log (ICO; ASVS 16.3.2);
- nothing here feeds a decision about a person (DPA 2018 Sch. 1 para 8(3)).

Where each part lives: validation.py (the answers' rules), access.py (who may do what),
retention.py (deleting expired answers), steward.py (the steward's audited reads). They are
imported here too, so ``equality.services.<name>`` keeps working for every caller.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from .access import STEWARD_PERMISSION, is_data_steward, is_subject, require_steward
from .models import ANSWER_FIELDS, EqualityProfile
from .retention import apply_retention_policy, months_before, retention_months
from .steward import (
    EXPORT_HEADER,
    STEWARD_FILTERS,
    steward_export_profiles,
    steward_list_profiles,
    steward_view_profile,
)
from .validation import (
    OWN_WORDS_MAX_LENGTH,
    check_unique_live_profile,
    clean_answers,
    consent,
    validate_purpose,
)

__all__ = [
    "EXPORT_HEADER",
    "OWN_WORDS_MAX_LENGTH",
    "STEWARD_FILTERS",
    "STEWARD_PERMISSION",
    "apply_retention_policy",
    "clean_answers",
    "is_data_steward",
    "months_before",
    "record_profile",
    "require_steward",
    "retention_months",
    "set_outcome",
    "steward_export_profiles",
    "steward_list_profiles",
    "steward_view_profile",
    "update_profile",
    "withdraw_profile",
]


# --- the person's own answers ---------------------------------------------------------------


@transaction.atomic
def record_profile(
    *,
    actor,
    purpose: str,
    answers: dict,
    consent_wording: str,
    user=None,
    school=None,
    subject_reference: str = "",
) -> EqualityProfile:
    """Store a person's monitoring answers. Every answer is optional.

    ``consent_wording`` is the exact text the person agreed to; pass "" if they did not tick it
    (allowed only when every answer is blank or "prefer not to say"). The audit row never
    holds the answers.
    """
    validate_purpose(purpose)
    cleaned = clean_answers(answers)
    consent_given_at, wording = consent(consent_wording)
    subject_reference = (subject_reference or "").strip()
    check_unique_live_profile(user=user, purpose=purpose, subject_reference=subject_reference)
    profile = EqualityProfile(
        user=user,
        purpose=purpose,
        subject_reference=subject_reference,
        school=school,
        consent_given_at=consent_given_at,
        consent_wording=wording,
        **cleaned,
    )
    profile.clean()
    profile.save()
    audit.record(
        actor=actor,
        verb="equality_profile.recorded",
        target=profile,
        purpose=purpose,
        subject_reference=subject_reference,
        consent_given=consent_given_at is not None,
    )
    return profile


@transaction.atomic
def update_profile(
    *,
    actor,
    profile: EqualityProfile,
    answers: dict,
    consent_wording: str,
    proven_reference: str = "",
) -> EqualityProfile:
    """Replace the person's answers (only they may), under the consent they give now.

    ``proven_reference``: for answers given without an account, the record reference the
    calling module has proved the actor holds (``access.is_subject``)."""
    profile = EqualityProfile.objects.select_for_update().get(pk=profile.pk)
    if not is_subject(actor, profile, proven_reference=proven_reference):
        raise PermissionDenied("Only the person who gave these answers can change them.")
    if profile.is_withdrawn:
        raise ValidationError(
            {"profile": "These answers were withdrawn. Give new answers instead."}
        )
    cleaned = clean_answers(answers)
    consent_given_at, wording = consent(consent_wording)
    for field, value in cleaned.items():
        setattr(profile, field, value)
    profile.consent_given_at = consent_given_at
    profile.consent_wording = wording
    profile.clean()
    profile.save()
    audit.record(
        actor=actor,
        verb="equality_profile.updated",
        target=profile,
        purpose=profile.purpose,
        consent_given=consent_given_at is not None,
    )
    return profile


@transaction.atomic
def withdraw_profile(
    *, actor, profile: EqualityProfile, proven_reference: str = ""
) -> EqualityProfile:
    """Wipe the answers for good; the row stays so modules know the person said stop.

    The person may do it themselves (with an account, or through the record reference the
    calling module proved they hold, ``proven_reference``); the data steward may do it for
    them on written notice. Withdrawing twice changes nothing.
    """
    profile = EqualityProfile.objects.select_for_update().get(pk=profile.pk)
    by_subject = is_subject(actor, profile, proven_reference=proven_reference)
    if not (by_subject or is_data_steward(actor)):
        raise PermissionDenied("Only the person, or the data steward for them, can withdraw.")
    if profile.is_withdrawn:
        return profile
    for field in ANSWER_FIELDS:
        setattr(profile, field, "")
    profile.withdrawn_at = timezone.now()
    profile.save()
    # Representation memberships stay (the person still sat on the board) but lose the link,
    # so even a report that forgot reportable() cannot reach the withdrawn row.
    unlinked = profile.group_memberships.update(profile=None)
    audit.record(
        actor=actor,
        verb="equality_profile.withdrawn",
        target=profile,
        purpose=profile.purpose,
        by_subject=by_subject,
        memberships_unlinked=unlinked,
    )
    return profile


# --- the application's outcome, for retention -----------------------------------------------


@transaction.atomic
def set_outcome(
    *, actor, profile: EqualityProfile, outcome: str, decided_on: datetime.date | None
) -> EqualityProfile:
    """Record how the application the profile belongs to ended, so retention can find it.

    The calling module has already decided; this never reads the answers.
    """
    if outcome not in EqualityProfile.Outcome.values:
        raise ValidationError({"outcome": f"“{outcome}” is not an outcome."})
    if decided_on is not None and decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The decision date cannot be in the future."})
    profile = EqualityProfile.objects.select_for_update().get(pk=profile.pk)
    profile.outcome = outcome
    profile.outcome_decided_on = decided_on
    profile.clean()  # a decided outcome has a date, an undecided one none
    profile.save(update_fields=["outcome", "outcome_decided_on", "updated_at"])
    audit.record(
        actor=actor,
        verb="equality_profile.outcome_set",
        target=profile,
        outcome=outcome,
        decided_on=decided_on.isoformat() if decided_on else None,
    )
    return profile
