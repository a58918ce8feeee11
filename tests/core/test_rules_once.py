"""Each rule a model's constraints state lives once, in the model's clean(), and every path
(the import engine, the services) uses it; the database refuses whatever slips past."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schools_platform.equality.models import EqualityProfile
from schools_platform.registry import gias
from schools_platform.registry.models import School
from tests.factories import make_authority, make_school


def test_the_gias_module_no_longer_restates_the_school_rules():
    assert not hasattr(gias, "check_school")


@pytest.mark.django_db
def test_school_clean_names_the_field_and_the_database_agrees():
    school = make_school(make_authority())
    school.statutory_low_age, school.statutory_high_age = 11, 4
    with pytest.raises(ValidationError) as excinfo:
        school.clean()
    assert "above the statutory high age" in excinfo.value.message_dict["statutory_low_age"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=school.pk).update(statutory_low_age=11, statutory_high_age=4)
    school.statutory_low_age = 3
    school.opened_on, school.closed_on = datetime.date(2020, 9, 1), datetime.date(2019, 8, 31)
    with pytest.raises(ValidationError) as excinfo:
        school.clean()
    assert "before the open date" in excinfo.value.message_dict["closed_on"][0]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ethnicity": "white_british", "ethnicity_other": "Cornish"}, "ethnicity_other"),
        ({"ethnicity": "white_british"}, "consent"),
        ({"outcome": "successful"}, "decided_on"),
        ({"outcome": "pending", "outcome_decided_on": datetime.date(2025, 1, 1)}, "decided_on"),
    ],
)
def test_equality_profile_clean_states_each_constraint(values, field):
    profile = EqualityProfile(purpose="survey", **values)
    with pytest.raises(ValidationError) as excinfo:
        profile.clean()
    assert field in excinfo.value.message_dict


def test_a_profile_meeting_every_rule_is_clean():
    EqualityProfile(purpose="survey", ethnicity="prefer_not_to_say").clean()
