"""What the equality app holds about a person: their monitoring answers (special category data)."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import EqualityProfile


def _rows(person) -> list[dict]:
    profiles = EqualityProfile.objects.filter(user=person).select_related("school")
    return [
        {
            "profile": p.pk,
            "purpose": p.get_purpose_display(),
            "school": p.school.name if p.school else "",
            "outcome": p.get_outcome_display(),
            "ethnicity": p.get_ethnicity_display(),
            "ethnicity_in_own_words": p.ethnicity_other,
            "sex": p.get_sex_display(),
            "age_band": p.get_age_band_display(),
            "disability": p.get_disability_display(),
            "consent_given_at": p.consent_given_at,
            "consent_wording": p.consent_wording,
            "withdrawn_at": p.withdrawn_at,
            "created_at": p.created_at,
        }
        for p in profiles.order_by("created_at", "pk")
    ]


def _erase(person) -> int:
    # Group memberships keep their place in the counts, without the link (SET_NULL).
    return (
        EqualityProfile.objects.filter(user=person).delete()[1].get(EqualityProfile._meta.label, 0)
    )


register(
    PersonalDataSource(
        key="equality.profiles",
        label="Equality monitoring answers",
        description=(
            "Your answers to the optional equality monitoring questions, what they were for "
            "and the consent you gave."
        ),
        rows=_rows,
        policy=Policy.ERASE,
        erase=_erase,
        order=20,
    )
)
