"""The demo data: synthetic, clearly labelled, the same every time for the same seed."""

import random

from django.urls import reverse

from schools_platform.equality.demo import seed_profiles
from schools_platform.representation.demo import SYNTHETIC_SOURCE, seed_representation
from schools_platform.representation.models import (
    CommunityEthnicityCount,
    GroupMembership,
    PupilEthnicityCount,
)
from tests.factories import make_authority, make_school


def world():
    councils = [
        make_authority(la_code="991", name="Ashdown"),
        make_authority(la_code="992", name="Brackenmoor"),
    ]
    schools = [make_school(councils[i % 2], urn=900100 + i) for i in range(6)]
    return councils, schools


def snapshot():
    return (
        sorted(CommunityEthnicityCount.objects.values_list("area_code", "ethnicity", "residents")),
        sorted(
            PupilEthnicityCount.objects.values_list("school__urn", "year", "ethnicity", "pupils")
        ),
        sorted(
            (urn, year, stage, ethnicity or "")
            for urn, year, stage, ethnicity in GroupMembership.objects.values_list(
                "school__urn", "year", "stage", "profile__ethnicity"
            )
        ),
    )


def test_same_seed_same_data(db):
    councils, schools = world()
    seed_representation(
        rng=random.Random(3), authorities=councils, schools=schools, years=[2024, 2025]
    )
    first = snapshot()
    # Seeding again replaces the demo's own rows rather than duplicating them.
    seed_representation(
        rng=random.Random(3), authorities=councils, schools=schools, years=[2024, 2025]
    )
    assert snapshot() == first


def test_demo_is_labelled_synthetic_and_has_both_stages(db):
    councils, schools = world()
    counts = seed_representation(
        rng=random.Random(1), authorities=councils, schools=schools, years=[2023, 2024, 2025]
    )
    assert set(CommunityEthnicityCount.objects.values_list("source", flat=True)) == {
        SYNTHETIC_SOURCE
    }
    assert set(PupilEthnicityCount.objects.values_list("year", flat=True)) == {2023, 2024, 2025}
    stages = set(GroupMembership.objects.values_list("stage", flat=True))
    assert stages == {"applied", "appointed"}
    assert counts["memberships"] == GroupMembership.objects.count()


def test_demo_can_use_the_equality_demos_profiles(db):
    councils, schools = world()
    profiles = seed_profiles(rng=random.Random(2), schools=schools, count=60, year=2024)
    by_school = {}
    for profile in profiles:
        by_school.setdefault(profile.school_id, []).append(profile)
    seed_representation(
        rng=random.Random(2),
        authorities=councils,
        schools=schools,
        years=[2024],
        profiles_by_school=by_school,
    )
    applied = GroupMembership.objects.filter(stage="applied")
    assert applied.count() == 60
    assert GroupMembership.objects.filter(stage="appointed").count() < 60


def test_demo_data_makes_a_report_with_a_synthetic_source_note(client, officer):
    councils, schools = world()
    seed_representation(
        rng=random.Random(5), authorities=councils, schools=schools, years=[2024, 2025]
    )
    client.force_login(officer)
    body = client.get(reverse("representation:report")).content.decode()
    assert "Synthetic demo figures — not real census data" in body
