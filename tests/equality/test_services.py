import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.equality import services
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from schools_platform.equality.selectors import reportable_profiles
from schools_platform.representation.models import GroupMembership
from tests.factories import make_user

ANSWERS = {
    "ethnicity": "white_other",
    "ethnicity_other": "Estonian",
    "sex": "female",
    "age_band": "35-44",
    "disability": "yes",
}
Purpose = EqualityProfile.Purpose


def record(user, **kwargs):
    defaults = {
        "actor": user,
        "user": user,
        "purpose": Purpose.SERVING_GOVERNOR,
        "answers": ANSWERS,
        "consent_wording": CONSENT_WORDING,
    }
    defaults.update(kwargs)
    return services.record_profile(**defaults)


@pytest.fixture
def person(db):
    return make_user(roles.PUBLIC_APPLICANT, username="amara")


@pytest.mark.django_db
def test_record_profile_stores_answers_consent_and_exact_wording(person, school_a):
    profile = record(person, school=school_a, subject_reference="APP-17")
    profile.refresh_from_db()
    assert profile.answers() == ANSWERS
    assert profile.consent_wording == CONSENT_WORDING
    assert profile.consent_given_at is not None
    assert (profile.school, profile.subject_reference) == (school_a, "APP-17")


@pytest.mark.django_db
def test_audit_rows_never_hold_the_answers(person, data_steward):
    profile = record(person)
    services.update_profile(
        actor=person,
        profile=profile,
        answers={**ANSWERS, "ethnicity_other": "Latvian"},
        consent_wording=CONSENT_WORDING,
    )
    services.steward_view_profile(actor=data_steward, profile_id=profile.pk)
    services.steward_export_profiles(actor=data_steward, filters={})
    services.withdraw_profile(actor=person, profile=profile)
    events = AuditEvent.objects.filter(verb__startswith="equality_profile.")
    assert events.count() == 5
    logged = json.dumps([[e.verb, e.target_label, e.details] for e in events])
    for secret in ["white_other", "Estonian", "Latvian", "female", "35-44", '"yes"', "Irish"]:
        assert secret not in logged


@pytest.mark.django_db
def test_every_answer_is_optional_and_needs_no_consent_when_blank(person):
    profile = record(person, answers={}, consent_wording="")
    assert profile.answers() == dict.fromkeys(ANSWERS, "")
    assert profile.consent_given_at is None


@pytest.mark.django_db
def test_prefer_not_to_say_everywhere_needs_no_consent(person):
    answers = dict.fromkeys(["ethnicity", "sex", "age_band", "disability"], "prefer_not_to_say")
    profile = record(person, answers=answers, consent_wording="")
    assert profile.ethnicity == "prefer_not_to_say" and profile.consent_given_at is None


@pytest.mark.django_db
def test_a_real_answer_without_consent_is_refused_and_nothing_is_written(person):
    with pytest.raises(ValidationError) as excinfo:
        record(person, answers={"sex": "male"}, consent_wording="")
    assert "consent" in excinfo.value.message_dict
    assert not EqualityProfile.objects.exists()
    assert not AuditEvent.objects.filter(verb="equality_profile.recorded").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"ethnicity": "martian"}, "ethnicity"),
        ({"sex": "unknown"}, "sex"),
        ({"age_band": "12-17"}, "age_band"),
        ({"disability": "maybe"}, "disability"),
        ({"ethnicity": "white_british", "ethnicity_other": "Cornish"}, "ethnicity_other"),
        ({"ethnicity": "other_any", "ethnicity_other": "x" * 201}, "ethnicity_other"),
        ({"religion": "none"}, "answers"),
    ],
)
def test_answers_off_the_lists_are_refused_naming_the_field(person, answers, field):
    with pytest.raises(ValidationError) as excinfo:
        record(person, answers=answers)
    assert field in excinfo.value.message_dict
    assert not EqualityProfile.objects.exists()


@pytest.mark.django_db
def test_unknown_purpose_is_refused(person):
    with pytest.raises(ValidationError) as excinfo:
        record(person, purpose="marketing")
    assert "purpose" in excinfo.value.message_dict


@pytest.mark.django_db
def test_one_live_profile_per_person_purpose_and_record(person):
    record(person, subject_reference="APP-1")
    record(person, subject_reference="APP-2")
    with pytest.raises(ValidationError) as excinfo:
        record(person, subject_reference="APP-1")
    assert "Change those answers instead" in excinfo.value.message_dict["purpose"][0]
    assert EqualityProfile.objects.count() == 2


@pytest.mark.django_db
def test_database_backs_the_one_live_profile_rule(person):
    record(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        EqualityProfile.objects.create(user=person, purpose=Purpose.SERVING_GOVERNOR)


@pytest.mark.django_db
def test_database_refuses_answers_without_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        EqualityProfile.objects.create(purpose=Purpose.SURVEY, ethnicity="asian_indian")


@pytest.mark.django_db
def test_update_replaces_answers_and_records_fresh_consent(person):
    profile = record(person)
    first_consent = profile.consent_given_at
    updated = services.update_profile(
        actor=person,
        profile=profile,
        answers={"ethnicity": "black_caribbean", "sex": "prefer_not_to_say"},
        consent_wording="New wording v2",
    )
    updated.refresh_from_db()
    assert updated.ethnicity == "black_caribbean"
    assert updated.ethnicity_other == "" and updated.age_band == "" and updated.disability == ""
    assert updated.consent_wording == "New wording v2"
    assert updated.consent_given_at >= first_consent
    assert AuditEvent.objects.filter(verb="equality_profile.updated").count() == 1


@pytest.mark.django_db
def test_only_the_person_can_change_their_answers(person, data_steward, officer):
    profile = record(person)
    for someone_else in (data_steward, officer, make_user()):
        with pytest.raises(PermissionDenied):
            services.update_profile(
                actor=someone_else,
                profile=profile,
                answers={"ethnicity": "white_british"},
                consent_wording=CONSENT_WORDING,
            )
    profile.refresh_from_db()
    assert profile.ethnicity == "white_other"


@pytest.mark.django_db
def test_withdraw_wipes_every_answer_and_removes_the_person_from_reports(person):
    profile = record(person)
    other = record(make_user(), answers={"ethnicity": "asian_indian"})
    assert set(reportable_profiles()) == {profile, other}

    services.withdraw_profile(actor=person, profile=profile)

    profile.refresh_from_db()
    assert profile.withdrawn_at is not None
    assert profile.answers() == dict.fromkeys(ANSWERS, "")
    assert list(reportable_profiles()) == [other]
    assert list(reportable_profiles("ethnicity")) == [other]


@pytest.mark.django_db
def test_withdraw_unlinks_representation_memberships_but_keeps_them(person, school_a):
    profile = record(person)
    membership = GroupMembership.objects.create(
        group="governors", stage="appointed", year=2026, school=school_a, profile=profile
    )
    services.withdraw_profile(actor=person, profile=profile)
    membership.refresh_from_db()
    assert membership.profile is None
    assert (
        AuditEvent.objects.get(verb="equality_profile.withdrawn").details["memberships_unlinked"]
        == 1
    )


@pytest.mark.django_db
def test_withdrawn_answers_cannot_be_changed_but_new_ones_can_be_given(person):
    profile = record(person)
    services.withdraw_profile(actor=person, profile=profile)
    with pytest.raises(ValidationError):
        services.update_profile(
            actor=person, profile=profile, answers=ANSWERS, consent_wording=CONSENT_WORDING
        )
    again = record(person)
    assert again.pk != profile.pk and again.ethnicity == "white_other"


@pytest.mark.django_db
def test_withdrawing_twice_changes_nothing(person):
    profile = record(person)
    first = services.withdraw_profile(actor=person, profile=profile).withdrawn_at
    second = services.withdraw_profile(actor=person, profile=profile).withdrawn_at
    assert first == second
    assert AuditEvent.objects.filter(verb="equality_profile.withdrawn").count() == 1


@pytest.mark.django_db
def test_the_steward_may_withdraw_for_the_person_but_an_officer_may_not(
    person, data_steward, officer
):
    profile = record(person)
    with pytest.raises(PermissionDenied):
        services.withdraw_profile(actor=officer, profile=profile)
    services.withdraw_profile(actor=data_steward, profile=profile)
    profile.refresh_from_db()
    assert profile.is_withdrawn
    event = AuditEvent.objects.get(verb="equality_profile.withdrawn")
    assert event.actor == data_steward and event.details["by_subject"] is False


@pytest.mark.django_db
def test_reportable_counts_prefer_not_to_say_but_not_blank(person):
    blank = record(make_user(), answers={}, consent_wording="")
    declined = record(make_user(), answers={"ethnicity": "prefer_not_to_say"}, consent_wording="")
    sex_only = record(make_user(), answers={"sex": "male"})
    assert blank not in reportable_profiles()
    assert set(reportable_profiles("ethnicity")) == {declined}
    assert set(reportable_profiles("sex")) == {sex_only}
    with pytest.raises(ValueError):
        reportable_profiles("religion")


@pytest.mark.django_db
def test_set_outcome_records_the_decision(person, officer):
    profile = record(person, purpose=Purpose.GOVERNOR_APPLICATION)
    day = timezone.localdate() - datetime.timedelta(days=3)
    services.set_outcome(actor=officer, profile=profile, outcome="unsuccessful", decided_on=day)
    profile.refresh_from_db()
    assert (profile.outcome, profile.outcome_decided_on) == ("unsuccessful", day)
    event = AuditEvent.objects.get(verb="equality_profile.outcome_set")
    assert event.details == {"outcome": "unsuccessful", "decided_on": day.isoformat()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "days_ago", "field"),
    [
        ("unsuccessful", None, "decided_on"),
        ("successful", -1, "decided_on"),
        ("pending", 2, "decided_on"),
        ("rejected", 2, "outcome"),
    ],
)
def test_set_outcome_refuses_inconsistent_input(person, officer, outcome, days_ago, field):
    profile = record(person, purpose=Purpose.GOVERNOR_APPLICATION)
    day = None if days_ago is None else timezone.localdate() - datetime.timedelta(days=days_ago)
    with pytest.raises(ValidationError) as excinfo:
        services.set_outcome(actor=officer, profile=profile, outcome=outcome, decided_on=day)
    assert field in excinfo.value.message_dict
    profile.refresh_from_db()
    assert profile.outcome == "not_applicable"


@pytest.mark.django_db
def test_steward_view_is_audited_and_refused_to_everyone_else(
    person, data_steward, officer, leader_a, school_a
):
    profile = record(person, school=school_a)
    for refused in (officer, leader_a, person):
        with pytest.raises(PermissionDenied):
            services.steward_view_profile(actor=refused, profile_id=profile.pk)
    assert not AuditEvent.objects.filter(verb="equality_profile.viewed").exists()

    seen = services.steward_view_profile(actor=data_steward, profile_id=profile.pk)
    assert seen.ethnicity_other == "Estonian"
    event = AuditEvent.objects.get(verb="equality_profile.viewed")
    assert (event.actor, event.target_id) == (data_steward, str(profile.pk))


@pytest.mark.django_db
def test_steward_export_filters_and_is_audited(person, data_steward, officer, school_a, school_b):
    wanted = record(
        person,
        school=school_a,
        answers={"ethnicity": "other_any", "ethnicity_other": "=HYPERLINK(1)"},
    )
    record(make_user(), school=school_b)
    with pytest.raises(PermissionDenied):
        services.steward_export_profiles(actor=officer, filters={})

    rows = services.steward_export_profiles(actor=data_steward, filters={"school": school_a})

    assert rows[0][0] == "Profile" and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Profile"] == wanted.pk
    assert row["Ethnic group"] == "Other ethnic group"
    assert row["Ethnicity"] == "Any other ethnic group"
    # Raw here; the download escapes it (tests/equality/test_views.py).
    assert row["Ethnicity in own words"] == "=HYPERLINK(1)"
    assert row["School URN"] == school_a.urn
    event = AuditEvent.objects.get(verb="equality_profile.exported")
    assert event.details == {
        "filters": {"school": str(school_a.pk)},
        "count": 1,
        "profile_ids": [wanted.pk],
    }


@pytest.mark.django_db
def test_steward_filters_refuse_unknown_keys_and_values(data_steward):
    with pytest.raises(ValidationError):
        services.steward_export_profiles(actor=data_steward, filters={"ethnicity": "x"})
    with pytest.raises(ValidationError):
        services.steward_list_profiles(actor=data_steward, filters={"status": "deleted"})
