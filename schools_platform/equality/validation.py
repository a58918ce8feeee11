"""The rules a person's answers must meet before they are kept (raise ValidationError)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .choices import ETHNICITY_CHOICES, AgeBand, Disability, Sex
from .models import ANSWER_FIELDS, EqualityProfile

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
        # Which ethnic group own words may go with is the model's rule (EqualityProfile.clean).
        own_words = cleaned["ethnicity_other"]
        if len(own_words) > OWN_WORDS_MAX_LENGTH:
            errors["ethnicity_other"] = (
                f"Ethnic group in your own words must be {OWN_WORDS_MAX_LENGTH} "
                "characters or fewer."
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def consent(consent_wording: str) -> tuple[datetime.datetime | None, str]:
    """When and under what wording consent was given; EqualityProfile.clean() refuses answers
    that need consent without it."""
    wording = (consent_wording or "").strip()
    return (timezone.now() if wording else None), wording


def validate_purpose(purpose: str) -> None:
    if purpose not in EqualityProfile.Purpose.values:
        raise ValidationError({"purpose": f"“{purpose}” is not a monitoring purpose."})


def check_unique_live_profile(*, user, purpose, subject_reference, exclude_pk=None) -> None:
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
