"""Matching on skills, place, phase, availability and category; never on equality answers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governors.recruitment import matching, selectors, services
from schools_platform.equality.choices import ETHNICITY_CHOICES
from schools_platform.equality.models import AgeBand, Disability, EqualityProfile, Sex

from .conftest import publish

SCHOOL = matching.Place(
    area="Riverside", ward="Dingle", phase="Primary", postcode="L8 1AB", council="Northvale"
)
VACANCY = matching.Vacancy(
    key=1,
    category="co_opted",
    skills_sought=("Finance", "safeguarding", "HR"),
    meeting_times=("weekday_evening",),
    places=(SCHOOL,),
)


def test_reasons_name_what_matched():
    applicant = matching.Applicant(
        key=7,
        skills=("finance", "Safeguarding", "law"),
        preferred_areas=("riverside",),
        preferred_phases=("Primary",),
        available_times=("weekday_evening",),
    )
    match = matching.score(applicant, VACANCY)
    assert match.reason_text == (
        "skills: Finance, safeguarding; same area; phase: Primary; available: weekday evenings"
    )
    assert match.score == 2 * 3 + 3 + 2 + 1


def test_postcode_district_then_area_when_no_named_area():
    near = matching.Applicant(key=1, skills=("HR",), postcode="l8 5xy")
    farther = matching.Applicant(key=2, skills=("HR",), postcode="L17 2AA")
    far = matching.Applicant(key=3, skills=("HR",), postcode="M1 1AA")
    ranked = matching.rank_applicants(VACANCY, [far, farther, near])
    assert [m.applicant for m in ranked] == [1, 2, 3]
    assert "same postcode district (L8)" in ranked[0].reasons
    assert "same postcode area" in ranked[1].reasons


def test_category_bars_are_respected():
    under_18 = matching.Applicant(key=1, skills=("HR",), eligibility=(("aged_18_or_over", False),))
    assert matching.score(under_18, VACANCY) is None
    staff = matching.Applicant(key=2, skills=("HR",), eligibility=(("works_in_school", True),))
    la_seat = matching.Vacancy(key=2, category="local_authority", skills_sought=("HR",))
    assert matching.score(staff, la_seat) is None
    assert matching.score(staff, VACANCY) is not None
    not_parent = matching.Applicant(key=3, eligibility=(("parent_of_pupil", False),))
    assert matching.eligible_for(not_parent, "parent")


# --- the property: whatever the equality answers are, the ranking is the same ----------------

ETHNICITIES = [code for code, _label in ETHNICITY_CHOICES]
ANSWER = st.tuples(
    st.sampled_from(ETHNICITIES),
    st.sampled_from([""] + list(Sex.values)),
    st.sampled_from([""] + list(AgeBand.values)),
    st.sampled_from([""] + list(Disability.values)),
)


@pytest.fixture
def pool(db, officer, board_a, board_b, heard):
    listings = [
        publish(officer, board_a, skills_sought=["finance", "law"]),
        publish(officer, board_b, title="Governor at Birch", skills_sought=["HR", "finance"]),
    ]
    people = [
        (["finance"], ["Riverside"], ["Primary"]),
        (["HR", "finance"], [], ["Secondary"]),
        (["law"], ["Riverside"], []),
        (["finance", "law"], ["Elsewhere"], ["Secondary"]),
    ]
    applications = []
    for i, (skills, areas, phases) in enumerate(people):
        application = services.apply(
            actor=AnonymousUser(),
            listing=listings[i % 2],
            details={
                "first_name": "Person",
                "last_name": str(i),
                "email": f"p{i}@example.org",
                "skills": skills,
                "preferred_areas": areas,
                "preferred_phases": phases,
            },
            heard_about=heard,
        )
        applications.append(application)
        EqualityProfile.objects.create(
            purpose=services.PURPOSE,
            subject_reference=application.subject_reference,
            consent_given_at=timezone.now(),
            consent_wording="I agree",
        )
    return listings, applications


def _rankings(officer, listings, applications):
    by_listing = [
        [(a.pk, m.score, m.reason_text) for a, m in selectors.suggested_applicants(officer, v)]
        for v in listings
    ]
    by_applicant = [
        [(v.pk, m.score, m.reason_text) for v, m in selectors.suggested_vacancies(a)]
        for a in applications
    ]
    return by_listing, by_applicant


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=st.lists(ANSWER, min_size=4, max_size=4))
def test_equality_answers_never_change_a_match(officer, pool, answers):
    listings, applications = pool
    baseline = _rankings(officer, listings, applications)
    assert any(baseline[0]) and any(baseline[1])
    for application, answer in zip(applications, answers, strict=True):
        ethnicity, sex, age_band, disability = answer
        EqualityProfile.objects.filter(subject_reference=application.subject_reference).update(
            ethnicity=ethnicity, sex=sex, age_band=age_band, disability=disability
        )
    assert _rankings(officer, listings, applications) == baseline


def test_suggestion_pages_are_scoped(client, officer, leader_a, pool):
    listings, applications = pool
    client.force_login(officer)
    page = client.get(reverse("governor_recruitment:suggestions", args=[listings[0].pk]))
    assert page.status_code == 200 and "skills: finance" in page.text
    detail = client.get(
        reverse("governor_recruitment:application-detail", args=[applications[0].pk])
    )
    assert "Vacancies that fit" in detail.text
    client.force_login(leader_a)
    assert (
        client.get(reverse("governor_recruitment:suggestions", args=[listings[1].pk])).status_code
        == 404
    )
    client.logout()
    url = reverse("governor_recruitment:suggestions", args=[listings[0].pk])
    assert client.get(url).status_code == 302
