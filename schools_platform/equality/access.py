"""Who may do what with equality answers: the person themselves, and the data steward."""

from django.core.exceptions import PermissionDenied

from .models import EqualityProfile

STEWARD_PERMISSION = "equality.view_person_profiles"


def is_subject(actor, profile: EqualityProfile, *, proven_reference: str = "") -> bool:
    """The actor is the person who gave the answers: their own account, or, for answers given
    without an account, the record reference the calling module has proved they hold (a
    signed link naming it, as an appellant's)."""
    if profile.user_id is None:
        return bool(proven_reference) and profile.subject_reference == proven_reference
    return getattr(actor, "is_authenticated", False) and profile.user_id == actor.pk


def is_data_steward(actor) -> bool:
    return (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.has_perm(STEWARD_PERMISSION)
    )


def require_steward(actor) -> None:
    if not is_data_steward(actor):
        raise PermissionDenied("Only the data steward can see equality answers about a person.")
