"""Reads of equality monitoring data, scoped to who may see them.

- A person sees their own profiles (and only theirs).
- Reports count ``reportable_profiles()`` in aggregate, through disclosure control.
- The data steward's person-level reads are services (they write an audit row): see
  ``services.steward_list_profiles``, ``steward_view_profile`` and ``steward_export_profiles``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404

from .access import is_data_steward
from .models import EqualityProfile


def reportable_profiles(characteristic: str | None = None) -> QuerySet[EqualityProfile]:
    """The rows any aggregate may count: not withdrawn, and with at least one answer.

    With ``characteristic`` ("ethnicity", "sex", "age_band", "disability"), only rows that
    answered that question ("prefer not to say" counts as an answer).
    """
    return EqualityProfile.objects.reportable(characteristic)


def profiles_for_person(user) -> QuerySet[EqualityProfile]:
    """The signed-in person's own profiles, newest first; none for anyone signed out."""
    if not (user.is_authenticated and user.is_active):
        return EqualityProfile.objects.none()
    return (
        EqualityProfile.objects.filter(user=user)
        .select_related("school")
        # Live answers first; NULL ordering differs between SQLite and PostgreSQL.
        .order_by(F("withdrawn_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def get_own_profile(user, *, pk: int, active_only: bool = False) -> EqualityProfile:
    """The person's own profile, or 404 alike whether it is missing or someone else's."""
    profiles = profiles_for_person(user)
    if active_only:
        profiles = profiles.active()
    try:
        return profiles.get(pk=pk)
    except EqualityProfile.DoesNotExist:
        raise Http404("No equality monitoring answers found") from None


def live_profile_for_steward(user, *, pk: int) -> EqualityProfile:
    """A profile that still holds answers, for the steward's withdraw page (no answers read)."""
    if not is_data_steward(user):
        raise PermissionDenied("Only the data steward can do this.")
    try:
        return EqualityProfile.objects.active().only("pk", "purpose").get(pk=pk)
    except EqualityProfile.DoesNotExist:
        raise Http404("No equality profile found") from None


def live_profile_for_reference(*, purpose: str, subject_reference: str):
    """The live profile a module's record names (answers given without an account), or None.
    Reads no answer: only what a change or withdrawal needs to find the row."""
    return (
        EqualityProfile.objects.active()
        .filter(purpose=purpose, subject_reference=subject_reference)
        .only("pk", "purpose", "subject_reference", "user_id")
        .order_by("-created_at", "-pk")
        .first()
    )


def profiles_table() -> str:
    """The profiles' table name, for representation's cache marker (never their rows)."""
    return EqualityProfile._meta.db_table
