import datetime
import random
from collections import Counter

import pytest

from schools_platform.equality.demo import seed_profiles
from schools_platform.equality.models import ANSWER_FIELDS, EqualityProfile
from schools_platform.equality.selectors import reportable_profiles


def snapshot(profiles):
    return [
        (p.purpose, p.school_id, p.outcome, p.outcome_decided_on, *p.answers().values())
        for p in profiles
    ]


@pytest.mark.django_db
def test_same_seed_gives_the_same_profiles(school_a, school_b):
    first = snapshot(
        seed_profiles(rng=random.Random(7), schools=[school_a, school_b], count=40, year=2025)
    )
    EqualityProfile.objects.all().delete()
    again = snapshot(
        seed_profiles(rng=random.Random(7), schools=[school_a, school_b], count=40, year=2025)
    )
    other = snapshot(
        seed_profiles(rng=random.Random(8), schools=[school_a, school_b], count=40, year=2025)
    )
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_demo_profiles_are_a_plausible_synthetic_mix(school_a, school_b):
    profiles = seed_profiles(
        rng=random.Random(2026), schools=[school_a, school_b], count=600, year=2025
    )
    assert EqualityProfile.objects.count() == 600
    assert all(p.pk for p in profiles)
    assert all(p.subject_reference.startswith("DEMO-2025-") and p.user_id is None for p in profiles)

    ethnicity = Counter(p.ethnicity for p in profiles)
    assert ethnicity.most_common(1)[0][0] == "white_british"
    assert 10 < ethnicity["prefer_not_to_say"] < 60
    assert 10 < ethnicity[""] < 60
    assert len(ethnicity) >= 12  # many of the 19 categories appear

    outcomes = Counter(p.outcome for p in profiles)
    assert {"pending", "successful", "unsuccessful", "not_applicable"} <= set(outcomes)
    for p in profiles:
        decided = p.outcome in ("successful", "unsuccessful")
        assert (p.outcome_decided_on is not None) == decided
        if decided:
            assert datetime.date(2025, 1, 1) <= p.outcome_decided_on <= datetime.date(2025, 12, 31)
        # Every profile that discloses something carries its consent.
        assert p.consent_given_at is not None or not p.discloses_anything

    # Reports see almost all of them: only the wholly blank ones drop out.
    blank = sum(1 for p in profiles if not any(getattr(p, f) for f in ANSWER_FIELDS))
    assert reportable_profiles().count() == 600 - blank
