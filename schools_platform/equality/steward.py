"""The data steward's person-level reads: each list, view or export writes an audit row,
without the answers ever reaching the audit log (ICO; ASVS 16.3.2)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from .access import require_steward
from .choices import CATEGORY_LABEL
from .models import EqualityProfile

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
    require_steward(actor)
    # Sort and count ids only, then read the page's 50 rows by id: sorting every profile
    # joined to its school and user cost most of the page's database time.
    page = Paginator(_steward_queryset(filters).values_list("pk", flat=True), per_page)
    page = page.get_page(page_number)
    ids = list(page.object_list)
    rows = EqualityProfile.objects.select_related("school", "user").in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
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
    require_steward(actor)
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
    require_steward(actor)
    profiles = list(_steward_queryset(filters))
    audit.record(
        actor=actor,
        verb="equality_profile.exported",
        filters=_filters_for_audit(filters),
        count=len(profiles),
        profile_ids=[profile.pk for profile in profiles],
    )
    return [list(EXPORT_HEADER)] + [_export_row(profile) for profile in profiles]
