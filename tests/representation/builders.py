"""Test data for representation reports: real rows, built in bulk."""

import datetime

from schools_platform.equality.models import EqualityProfile
from schools_platform.representation.models import (
    CommunityEthnicityCount,
    GroupMembership,
    PupilEthnicityCount,
)

CONSENTED = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def add_people(school, *, year, stage="appointed", group="governors", **ethnicities):
    """Memberships for people with the given ethnicity codes, e.g. white_british=12.

    The code "not_known" makes memberships with no profile at all.
    """
    profiles, memberships = [], []
    for code, n in ethnicities.items():
        for _ in range(n):
            profile = None
            if code != "not_known":
                profile = EqualityProfile(
                    purpose=EqualityProfile.Purpose.SERVING_GOVERNOR,
                    ethnicity=code,
                    school=school,
                    consent_given_at=CONSENTED,
                    consent_wording="Test consent.",
                )
                profiles.append(profile)
            memberships.append((profile, code))
    EqualityProfile.objects.bulk_create(profiles)
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, stage=stage, year=year, school=school, profile=profile)
        for profile, _code in memberships
    )


def add_pupils(school, *, year, **ethnicities):
    PupilEthnicityCount.objects.bulk_create(
        PupilEthnicityCount(school=school, year=year, ethnicity=code, pupils=n)
        for code, n in ethnicities.items()
    )


def add_community(authority, *, area_code, area_name, **ethnicities):
    CommunityEthnicityCount.objects.bulk_create(
        CommunityEthnicityCount(
            authority=authority,
            area_code=area_code,
            area_name=area_name,
            year=2021,
            ethnicity=code,
            residents=n,
            source="Test figures",
        )
        for code, n in ethnicities.items()
    )
