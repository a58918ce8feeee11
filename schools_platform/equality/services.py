"""Every write to equality monitoring data, and every person-level read of it.

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
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from .choices import (
    CATEGORY_LABEL,
    ETHNICITY_CHOICES,
    OTHER_ETHNICITY_CODES,
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    Sex,
)
from .models import ANSWER_FIELDS, QUESTION_FIELDS, EqualityProfile

STEWARD_PERMISSION = "equality.view_person_profiles"
OWN_WORDS_MAX_LENGTH = EqualityProfile._meta.get_field("ethnicity_other").max_length

_ALLOWED = {
    "ethnicity": {code for code, _label in ETHNICITY_CHOICES},
    "sex": set(Sex.values),
    "age_band": set(AgeBand.values),
    "disability": set(Disability.values),
}
_QUESTION_NAMES = {
    "ethnicity": "Ethnic group",
    "ethnicity_other": "Ethnic group in your own words",
    "sex": "Sex",
    "age_band": "Age",
    "disability": "Disability",
}


# --- validation -----------------------------------------------------------------------------


def clean_answers(answers: dict) -> dict[str, str]:
    """Every answer field, blank where not given; ValidationError naming each bad field."""
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValidationError(
            {"answers": f"Unknown equality question(s): {', '.join(sorted(unknown))}."}
        )
    cleaned = {}
    errors = {}
    for field in ANSWER_FIELDS:
        value = answers.get(field) or ""
        if not isinstance(value, str):
            errors[field] = f"{_QUESTION_NAMES[field]} must be text."
            continue
        value = value.strip()
        if field in _ALLOWED and value and value not in _ALLOWED[field]:
            errors[field] = f"{_QUESTION_NAMES[field]}: “{value}” is not one of the options."
        cleaned[field] = value
    if not errors:
        own_words = cleaned["ethnicity_other"]
        if own_words and cleaned["ethnicity"] not in OTHER_ETHNICITY_CODES:
            errors["ethnicity_other"] = (
                "Ethnic group in your own words can only go with an “Any other” ethnic group."
            )
        elif len(own_words) > OWN_WORDS_MAX_LENGTH:
            errors["ethnicity_other"] = (
                f"Ethnic group in your own words must be {OWN_WORDS_MAX_LENGTH} "
                "characters or fewer."
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def discloses_anything(cleaned: dict) -> bool:
    """True when an answer other than "prefer not to say" is given: that needs consent."""
    return any(cleaned[field] not in ("", PREFER_NOT_TO_SAY) for field in QUESTION_FIELDS)


def _consent(cleaned: dict, consent_wording: str) -> tuple[datetime.datetime | None, str]:
    wording = (consent_wording or "").strip()
    if discloses_anything(cleaned) and not wording:
        raise ValidationError(
            {"consent": "Agree to the council keeping your answers, or remove your answers."}
        )
    return (timezone.now() if wording else None), wording


def _validate_purpose(purpose: str) -> None:
    if purpose not in EqualityProfile.Purpose.values:
        raise ValidationError({"purpose": f"“{purpose}” is not a monitoring purpose."})


def _check_unique_live_profile(*, user, purpose, subject_reference, exclude_pk=None) -> None:
    if user is None:
        return
    clash = EqualityProfile.objects.active().filter(
        user=user, purpose=purpose, subject_reference=subject_reference
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "purpose": "You have already given equality monitoring answers for this. "
                "Change those answers instead."
            }
        )


def _is_subject(actor, profile: EqualityProfile) -> bool:
    return (
        getattr(actor, "is_authenticated", False)
        and profile.user_id is not None
        and profile.user_id == actor.pk
    )


def is_data_steward(actor) -> bool:
    return (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.has_perm(STEWARD_PERMISSION)
    )


def _require_steward(actor) -> None:
    if not is_data_steward(actor):
        raise PermissionDenied("Only the data steward can see equality answers about a person.")


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
    _validate_purpose(purpose)
    cleaned = clean_answers(answers)
    consent_given_at, wording = _consent(cleaned, consent_wording)
    subject_reference = (subject_reference or "").strip()
    _check_unique_live_profile(user=user, purpose=purpose, subject_reference=subject_reference)
    profile = EqualityProfile.objects.create(
        user=user,
        purpose=purpose,
        subject_reference=subject_reference,
        school=school,
        consent_given_at=consent_given_at,
        consent_wording=wording,
        **cleaned,
    )
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
    *, actor, profile: EqualityProfile, answers: dict, consent_wording: str
) -> EqualityProfile:
    """Replace the person's answers (only they may), under the consent they give now."""
    profile = EqualityProfile.objects.select_for_update().get(pk=profile.pk)
    if not _is_subject(actor, profile):
        raise PermissionDenied("Only the person who gave these answers can change them.")
    if profile.is_withdrawn:
        raise ValidationError(
            {"profile": "These answers were withdrawn. Give new answers instead."}
        )
    cleaned = clean_answers(answers)
    consent_given_at, wording = _consent(cleaned, consent_wording)
    for field, value in cleaned.items():
        setattr(profile, field, value)
    profile.consent_given_at = consent_given_at
    profile.consent_wording = wording
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
def withdraw_profile(*, actor, profile: EqualityProfile) -> EqualityProfile:
    """Wipe the answers for good; the row stays so modules know the person said stop.

    The person may do it themselves; the data steward may do it for them on written notice.
    Withdrawing twice changes nothing.
    """
    profile = EqualityProfile.objects.select_for_update().get(pk=profile.pk)
    if not (_is_subject(actor, profile) or is_data_steward(actor)):
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
        by_subject=_is_subject(actor, profile),
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
    decided = {EqualityProfile.Outcome.SUCCESSFUL, EqualityProfile.Outcome.UNSUCCESSFUL}
    if outcome not in EqualityProfile.Outcome.values:
        raise ValidationError({"outcome": f"“{outcome}” is not an outcome."})
    if outcome in decided:
        if decided_on is None:
            raise ValidationError({"decided_on": "Enter the date the decision was made."})
        if decided_on > timezone.localdate():
            raise ValidationError({"decided_on": "The decision date cannot be in the future."})
    elif decided_on is not None:
        raise ValidationError(
            {"decided_on": "Only a successful or unsuccessful outcome has a decision date."}
        )
    profile = EqualityProfile.objects.select_for_update().get(pk=profile.pk)
    profile.outcome = outcome
    profile.outcome_decided_on = decided_on
    profile.save(update_fields=["outcome", "outcome_decided_on", "updated_at"])
    audit.record(
        actor=actor,
        verb="equality_profile.outcome_set",
        target=profile,
        outcome=outcome,
        decided_on=decided_on.isoformat() if decided_on else None,
    )
    return profile


# --- retention ------------------------------------------------------------------------------


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


# --- the data steward's person-level access -------------------------------------------------

STEWARD_FILTERS = ("purpose", "outcome", "school", "status")


def _steward_queryset(filters: dict):
    qs = EqualityProfile.objects.select_related("school", "user")
    filters = filters or {}
    unknown = set(filters) - set(STEWARD_FILTERS)
    if unknown:
        raise ValidationError({"filters": f"Unknown filter(s): {', '.join(sorted(unknown))}."})
    if filters.get("purpose"):
        qs = qs.filter(purpose=filters["purpose"])
    if filters.get("outcome"):
        qs = qs.filter(outcome=filters["outcome"])
    if filters.get("school"):
        school = filters["school"]
        qs = qs.filter(school=school)
    status = filters.get("status")
    if status == "answered":
        qs = qs.reportable()
    elif status == "withdrawn":
        qs = qs.filter(withdrawn_at__isnull=False)
    elif status:
        raise ValidationError({"status": f"“{status}” is not a status."})
    return qs.order_by("-created_at", "-pk")


def _filters_for_audit(filters: dict) -> dict:
    out = {}
    for key, value in (filters or {}).items():
        if value in (None, ""):
            continue
        out[key] = str(getattr(value, "pk", value))
    return out


@transaction.atomic
def steward_list_profiles(*, actor, filters: dict, page_number=1, per_page: int = 50) -> Page:
    """One page of profiles for the data steward (no answers shown), audited with the ids."""
    _require_steward(actor)
    page = Paginator(_steward_queryset(filters), per_page).get_page(page_number)
    audit.record(
        actor=actor,
        verb="equality_profile.listed",
        filters=_filters_for_audit(filters),
        page=page.number,
        profile_ids=[profile.pk for profile in page.object_list],
    )
    return page


@transaction.atomic
def steward_view_profile(*, actor, profile_id: int) -> EqualityProfile:
    """One person's answers for the data steward; raises EqualityProfile.DoesNotExist."""
    _require_steward(actor)
    profile = EqualityProfile.objects.select_related("school", "user").get(pk=profile_id)
    audit.record(actor=actor, verb="equality_profile.viewed", target=profile)
    return profile


EXPORT_HEADER = [
    "Profile",
    "Purpose",
    "Subject reference",
    "School URN",
    "School",
    "Person",
    "Outcome",
    "Outcome decided on",
    "Ethnic group",
    "Ethnicity",
    "Ethnicity in own words",
    "Sex",
    "Age band",
    "Disability",
    "Consent given at",
    "Consent wording",
    "Withdrawn at",
]


def _person_label(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


def _export_row(profile: EqualityProfile) -> list:
    return [
        profile.pk,
        profile.get_purpose_display(),
        profile.subject_reference,
        profile.school.urn if profile.school else "",
        profile.school.name if profile.school else "",
        _person_label(profile.user),
        profile.get_outcome_display(),
        profile.outcome_decided_on.isoformat() if profile.outcome_decided_on else "",
        profile.ethnic_group_label,
        CATEGORY_LABEL.get(profile.ethnicity, profile.get_ethnicity_display()),
        profile.ethnicity_other,
        profile.get_sex_display(),
        profile.get_age_band_display(),
        profile.get_disability_display(),
        timezone.localtime(profile.consent_given_at).isoformat(timespec="seconds")
        if profile.consent_given_at
        else "",
        profile.consent_wording,
        timezone.localtime(profile.withdrawn_at).isoformat(timespec="seconds")
        if profile.withdrawn_at
        else "",
    ]


@transaction.atomic
def steward_export_profiles(*, actor, filters: dict) -> list[list]:
    """Rows (header first) of person-level answers; audited. The download (core.downloads)
    makes every cell spreadsheet-safe."""
    _require_steward(actor)
    profiles = list(_steward_queryset(filters))
    audit.record(
        actor=actor,
        verb="equality_profile.exported",
        filters=_filters_for_audit(filters),
        count=len(profiles),
        profile_ids=[profile.pk for profile in profiles],
    )
    return [list(EXPORT_HEADER)] + [_export_row(profile) for profile in profiles]
