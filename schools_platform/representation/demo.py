"""Synthetic representation data for the demo. Deterministic for a given random.Random.

Nothing here is real: the community figures are labelled as synthetic wherever they show,
pupil counts are drawn per school, and governor applications and appointments are drawn
from made-up profiles. The ethnicity mix starts from the equality demo's rounded
approximation of England's population (equality/demo.py) and is varied per council, so
councils differ as real ones do.
"""

import datetime
import random
from collections import Counter
from collections.abc import Iterable, Mapping

from schools_platform.equality.choices import PREFER_NOT_TO_SAY
from schools_platform.equality.demo import ETHNICITY_WEIGHTS
from schools_platform.equality.models import EqualityProfile

from .models import CommunityEthnicityCount, GroupMembership, PupilEthnicityCount

SYNTHETIC_SOURCE = "Synthetic demo figures — not real census data"
PROFILE_PREFIX = "DEMO-REP-"
WHITE_BRITISH = "white_british"
# Appointments lean towards White applicants, as the WRES findings in the reference notes
# describe for recruitment, so the demo's relative likelihood has something to show.
WHITE_APPOINTMENT_RATE = 0.55
OTHER_APPOINTMENT_RATE = 0.40


def _council_mix(rng: random.Random) -> dict[str, float]:
    """A council's own mix: each category's weight scaled, some councils far more diverse."""
    diversity = rng.choice([0.6, 1.0, 1.5, 2.5])
    return {
        code: weight * (1 if code == WHITE_BRITISH else diversity * rng.uniform(0.5, 1.6))
        for code, weight in ETHNICITY_WEIGHTS.items()
    }


def _draw(rng: random.Random, mix: Mapping[str, float], n: int) -> Counter:
    return Counter(rng.choices(list(mix), weights=list(mix.values()), k=n))


def seed_representation(
    *,
    rng: random.Random,
    authorities: Iterable,
    schools: Iterable,
    years: Iterable[int],
    profiles_by_school: Mapping[int, list[EqualityProfile]] | None = None,
    applicants_per_school: tuple[int, int] = (2, 9),
    group: str = "governors",
) -> dict[str, int]:
    """Create community, pupil and membership rows; return how many of each.

    profiles_by_school (school pk -> profiles, e.g. from equality.demo.seed_profiles) are used
    as the applicants, spread over the years, with outcome "successful" meaning appointed;
    without them, applicant profiles are created here.
    """
    authorities = sorted(authorities, key=lambda a: a.la_code)
    schools = sorted(schools, key=lambda s: s.urn)
    years = sorted(years)
    _clear_previous_run(authorities, schools, years, group)
    mixes = {authority.pk: _council_mix(rng) for authority in authorities}

    community = []
    for authority in authorities:
        residents = _draw(rng, mixes[authority.pk], rng.randint(2000, 6000))
        scale = rng.randint(40, 90)  # 2,000-6,000 draws scaled to a borough's size
        community += [
            CommunityEthnicityCount(
                authority=authority,
                area_code=f"DEMO{authority.la_code}",
                area_name=f"{authority.name} (synthetic)",
                year=2021,
                ethnicity=code,
                residents=residents.get(code, 0) * scale,
                source=SYNTHETIC_SOURCE,
            )
            for code in ETHNICITY_WEIGHTS
        ]
    CommunityEthnicityCount.objects.bulk_create(community, batch_size=1000)

    pupils = []
    for school in schools:
        # Pupils are more diverse than the adults around them (reference: about a third).
        mix = {
            code: w * (1 if code == WHITE_BRITISH else 1.4)
            for code, w in mixes[school.authority_id].items()
        }
        size = school.number_of_pupils or rng.randint(150, 900)
        for year in years:
            drawn = _draw(rng, mix, max(1, size + rng.randint(-20, 20)))
            pupils += [
                PupilEthnicityCount(school=school, year=year, ethnicity=code, pupils=n)
                for code, n in sorted(drawn.items())
            ]
    PupilEthnicityCount.objects.bulk_create(pupils, batch_size=1000)

    if profiles_by_school is None:
        applicants = _make_applicants(rng, schools, years, mixes, applicants_per_school)
    else:
        applicants = {
            pk: [(p, years[i % len(years)]) for i, p in enumerate(sorted(items, key=_pk))]
            for pk, items in profiles_by_school.items()
        }
    memberships = []
    for school in schools:
        for profile, year in applicants.get(school.pk, []):
            memberships.append(_membership(group, "applied", year, school, profile, rng))
            if _appointed(profile, rng):
                memberships.append(_membership(group, "appointed", year, school, profile, rng))
    GroupMembership.objects.bulk_create(memberships, batch_size=1000)
    return {
        "community_rows": len(community),
        "pupil_rows": len(pupils),
        "memberships": len(memberships),
    }


def _clear_previous_run(authorities, schools, years, group):
    """Seeding twice gives the same data, not duplicates (the demo command may be re-run)."""
    CommunityEthnicityCount.objects.filter(
        authority__in=authorities, source=SYNTHETIC_SOURCE
    ).delete()
    PupilEthnicityCount.objects.filter(school__in=schools, year__in=years).delete()
    GroupMembership.objects.filter(group=group, school__in=schools, year__in=years).delete()
    EqualityProfile.objects.filter(
        school__in=schools, subject_reference__startswith=PROFILE_PREFIX
    ).delete()


def _membership(group, stage, year, school, profile, rng):
    # A few people's answers are not usable (no profile): they count as "not known".
    return GroupMembership(
        group=group,
        stage=stage,
        year=year,
        school=school,
        profile=None if rng.random() < 0.03 else profile,
    )


def _appointed(profile: EqualityProfile, rng: random.Random) -> bool:
    if profile.outcome == EqualityProfile.Outcome.SUCCESSFUL:
        return True
    if profile.outcome == EqualityProfile.Outcome.UNSUCCESSFUL:
        return False
    rate = (
        WHITE_APPOINTMENT_RATE if profile.ethnicity.startswith("white") else OTHER_APPOINTMENT_RATE
    )
    return rng.random() < rate


def _make_applicants(rng, schools, years, mixes, applicants_per_school):
    """Applicant profiles for each school and year, with consent and decided outcomes."""
    profiles, owners = [], []
    for school in schools:
        mix = mixes[school.authority_id]
        for year in years:
            for _ in range(rng.randint(*applicants_per_school)):
                roll = rng.random()
                ethnicity = (
                    ""
                    if roll < 0.04
                    else PREFER_NOT_TO_SAY
                    if roll < 0.08
                    else rng.choices(list(mix), weights=list(mix.values()))[0]
                )
                rate = (
                    WHITE_APPOINTMENT_RATE
                    if ethnicity.startswith("white")
                    else OTHER_APPOINTMENT_RATE
                )
                successful = rng.random() < rate
                decided = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(300))
                profiles.append(
                    EqualityProfile(
                        purpose=EqualityProfile.Purpose.GOVERNOR_APPLICATION,
                        subject_reference=f"{PROFILE_PREFIX}{year}-{len(profiles) + 1:05d}",
                        school=school,
                        outcome=EqualityProfile.Outcome.SUCCESSFUL
                        if successful
                        else EqualityProfile.Outcome.UNSUCCESSFUL,
                        outcome_decided_on=decided,
                        ethnicity=ethnicity,
                        consent_given_at=datetime.datetime.combine(
                            decided - datetime.timedelta(days=30),
                            datetime.time(10),
                            tzinfo=datetime.UTC,
                        )
                        if ethnicity
                        else None,
                        consent_wording="Synthetic demo consent." if ethnicity else "",
                    )
                )
                owners.append((school.pk, year))
    created = EqualityProfile.objects.bulk_create(profiles, batch_size=1000)
    applicants: dict[int, list[tuple[EqualityProfile, int]]] = {}
    for (school_pk, year), profile in zip(owners, created, strict=True):
        applicants.setdefault(school_pk, []).append((profile, year))
    return applicants


def _pk(profile):
    return profile.pk


DEMO_ORDER = 40
DEMO_YEARS = [2023, 2024, 2025]


def seed(context) -> list[str] | None:
    """Governor applications per school and year, with outcomes: the recruitment funnel."""
    if CommunityEthnicityCount.objects.filter(source=SYNTHETIC_SOURCE).exists():
        return None
    counts = seed_representation(
        rng=context.rng,
        authorities=context.authorities,
        schools=context.open_schools,
        years=DEMO_YEARS,
    )
    return [
        f"{counts['memberships']} governor recruitment records",
        f"{counts['pupil_rows']} pupil census rows",
    ]
