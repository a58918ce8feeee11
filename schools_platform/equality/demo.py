"""Synthetic equality monitoring profiles for the demo. Deterministic for a given Random.

No profile belongs to a real person or to any account: subject references start "DEMO-".
The ethnicity mix is a rounded approximation of England's adult population in the 2021
Census (ONS TS021), good enough to make the reports look plausible, not a statistic.
"""

import datetime
import random

from django.utils import timezone

from .choices import PREFER_NOT_TO_SAY, AgeBand, Disability, Sex
from .forms import CONSENT_WORDING
from .models import EqualityProfile

# Approximate shares in per cent (England, 2021 Census), rounded.
ETHNICITY_WEIGHTS = {
    "white_british": 73.5,
    "white_irish": 0.9,
    "white_gypsy_irish_traveller": 0.1,
    "white_roma": 0.2,
    "white_other": 6.3,
    "mixed_white_asian": 0.8,
    "mixed_white_black_african": 0.5,
    "mixed_white_black_caribbean": 0.9,
    "mixed_other": 0.8,
    "asian_indian": 3.3,
    "asian_pakistani": 2.7,
    "asian_bangladeshi": 1.1,
    "asian_chinese": 0.7,
    "asian_other": 1.6,
    "black_african": 2.5,
    "black_caribbean": 1.0,
    "black_other": 0.5,
    "other_arab": 0.6,
    "other_any": 1.6,
}
# Invented write-ins for the "Any other ..." choices.
OWN_WORDS = {
    "asian_other": ["Sri Lankan Tamil", "Nepali", "Filipino"],
    "black_other": ["Black British", "Somali"],
    "mixed_other": ["Black and Asian", "White and Arab"],
    "white_other": ["Polish", "Italian", "Romanian", "Greek Cypriot"],
    "other_any": ["Kurdish", "Latin American", "Iranian"],
}
AGE_WEIGHTS = {
    AgeBand.AGE_18_24: 4,
    AgeBand.AGE_25_34: 14,
    AgeBand.AGE_35_44: 24,
    AgeBand.AGE_45_54: 24,
    AgeBand.AGE_55_64: 18,
    AgeBand.AGE_65_PLUS: 16,
}
PURPOSE_WEIGHTS = {
    EqualityProfile.Purpose.GOVERNOR_APPLICATION: 45,
    EqualityProfile.Purpose.SERVING_GOVERNOR: 25,
    EqualityProfile.Purpose.PANEL_MEMBER: 5,
    EqualityProfile.Purpose.LEARNER: 20,
    EqualityProfile.Purpose.SURVEY: 5,
}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _maybe(rng: random.Random, value: str, *, blank: float, prefer_not: float) -> str:
    """Leave some answers out and let some people prefer not to say, as real forms show."""
    roll = rng.random()
    if roll < blank:
        return ""
    if roll < blank + prefer_not:
        return PREFER_NOT_TO_SAY
    return value


def _day_in(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _profile(rng: random.Random, *, n: int, schools, year: int) -> EqualityProfile:
    purpose = _pick(rng, PURPOSE_WEIGHTS)
    given_on = _day_in(rng, year)
    ethnicity = _maybe(rng, _pick(rng, ETHNICITY_WEIGHTS), blank=0.05, prefer_not=0.05)
    answers = {
        "ethnicity": ethnicity,
        "ethnicity_other": rng.choice(OWN_WORDS[ethnicity])
        if ethnicity in OWN_WORDS and rng.random() < 0.6
        else "",
        "sex": _maybe(rng, rng.choice([Sex.FEMALE, Sex.MALE]), blank=0.04, prefer_not=0.03),
        "age_band": _maybe(rng, _pick(rng, AGE_WEIGHTS), blank=0.04, prefer_not=0.04),
        "disability": _maybe(
            rng,
            Disability.YES if rng.random() < 0.12 else Disability.NO,
            blank=0.06,
            prefer_not=0.06,
        ),
    }
    outcome = EqualityProfile.Outcome.NOT_APPLICABLE
    decided_on = None
    if purpose == EqualityProfile.Purpose.GOVERNOR_APPLICATION:
        outcome = rng.choices(
            [
                EqualityProfile.Outcome.PENDING,
                EqualityProfile.Outcome.SUCCESSFUL,
                EqualityProfile.Outcome.UNSUCCESSFUL,
            ],
            weights=[20, 50, 30],
        )[0]
        if outcome != EqualityProfile.Outcome.PENDING:
            # Decided within the same year, so a past year never yields future decisions.
            decided_on = min(
                given_on + datetime.timedelta(days=rng.randint(14, 75)),
                datetime.date(year, 12, 31),
            )
    consented = any(answers[f] not in ("", PREFER_NOT_TO_SAY) for f in answers)
    return EqualityProfile(
        purpose=purpose,
        subject_reference=f"DEMO-{year}-{n:05d}",
        school=rng.choice(schools) if schools else None,
        outcome=outcome,
        outcome_decided_on=decided_on,
        consent_given_at=timezone.make_aware(
            datetime.datetime.combine(given_on, datetime.time(9 + rng.randrange(10), 0))
        )
        if consented
        else None,
        consent_wording=CONSENT_WORDING if consented else "",
        **answers,
    )


def seed_profiles(*, rng: random.Random, schools, count: int, year: int) -> list[EqualityProfile]:
    """Create ``count`` synthetic profiles collected during ``year`` and return them.

    A plausible mix: about 5% blank and 5% "prefer not to say" for ethnicity, some blank
    answers elsewhere, governor applications pending, successful or unsuccessful with
    decision dates, and other purposes with no outcome. Not linked to any account. Pass a
    past year: decision dates fall within ``year``.
    """
    schools = list(schools)
    profiles = [_profile(rng, n=n, schools=schools, year=year) for n in range(1, count + 1)]
    return EqualityProfile.objects.bulk_create(profiles, batch_size=500)


def seed_account_profiles(
    *, rng: random.Random, users, purpose: str, year: int
) -> list[EqualityProfile]:
    """Answers that each of ``users`` (demo accounts) gave for ``purpose`` (e.g. a learner's
    optional monitoring in CPD): the same mix as ``seed_profiles``, linked to the account,
    no outcome. For a module's demo data, so its reports by group have something to count."""
    profiles = []
    for n, user in enumerate(users, 1):
        profile = _profile(rng, n=n, schools=(), year=year)
        profile.user = user
        profile.purpose = purpose
        profile.subject_reference = f"DEMO-{purpose}-{year}-{n:05d}"
        profile.outcome = EqualityProfile.Outcome.NOT_APPLICABLE
        profile.outcome_decided_on = None
        profiles.append(profile)
    return EqualityProfile.objects.bulk_create(profiles, batch_size=1000)


DEMO_ORDER = 50  # after representation's, which draws from the same generator first
DEMO_YEAR = 2025


def seed(context) -> list[str] | None:
    """Other people's answers (panel members, learners, staff) for the data steward's list."""
    if EqualityProfile.objects.filter(subject_reference=f"DEMO-{DEMO_YEAR}-00001").exists():
        return None
    others = seed_profiles(
        rng=context.rng,
        schools=context.open_schools,
        count=80 if context.scale == "small" else 2000,
        year=DEMO_YEAR,
    )
    return [f"{len(others)} other monitoring answers"]
