"""Shapes and uniqueness at their home: constraints, with clean() naming the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cpd.models import Module, ModuleKind, Phase, Prerequisite, Session, Trainer

from .conftest import make_learner, make_session


def test_prerequisites_cannot_go_in_a_circle(modules):
    e, r = modules[ModuleKind.E_LEARNING], modules[ModuleKind.REFLECTION]
    circle = Prerequisite(module=e, requires=r)  # reflection already needs f2f needs e-learning
    with pytest.raises(ValidationError) as info:
        circle.full_clean()
    assert "circle" in info.value.message_dict["requires"][0]


def test_a_module_is_not_its_own_prerequisite(modules):
    e = modules[ModuleKind.E_LEARNING]
    with pytest.raises(ValidationError):
        Prerequisite(module=e, requires=e).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Prerequisite.objects.create(module=e, requires=e)


def test_prerequisite_from_another_programme_refused(modules, programme):
    other = type(programme).objects.create(
        title="Other", slug="other", starts_on=programme.starts_on, ends_on=programme.ends_on
    )
    m = Module.objects.create(programme=other, title="X", kind=ModuleKind.FACE_TO_FACE)
    with pytest.raises(ValidationError) as info:
        Prerequisite(module=m, requires=modules[ModuleKind.E_LEARNING]).full_clean()
    assert "same programme" in info.value.message_dict["requires"][0]


def test_phase_dates_within_programme_and_not_overlapping(phase, programme):
    outside = Phase(
        programme=programme,
        name="Phase 9",
        starts_on=programme.starts_on - datetime.timedelta(days=1),
        ends_on=programme.starts_on + datetime.timedelta(days=10),
    )
    with pytest.raises(ValidationError) as info:
        outside.full_clean()
    assert "within the programme" in info.value.message_dict["starts_on"][0]
    overlap = Phase(
        programme=programme,
        name="Phase 2",
        starts_on=phase.ends_on,
        ends_on=phase.ends_on + datetime.timedelta(days=10),
    )
    with pytest.raises(ValidationError) as info:
        overlap.full_clean()
    assert "overlaps Phase 1" in info.value.message_dict["ends_on"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(
            programme=programme, name="Backwards", starts_on=phase.ends_on, ends_on=phase.starts_on
        )


def test_session_needs_venue_or_link_and_ends_after_start(modules):
    f2f = modules[ModuleKind.FACE_TO_FACE]
    s = make_session(f2f)
    s.venue = ""
    with pytest.raises(ValidationError) as info:
        s.full_clean()
    assert "venue" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=s.pk).update(venue="", online_url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=s.pk).update(ends_at=s.starts_at)


def test_no_sessions_for_e_learning(modules):
    s = make_session(modules[ModuleKind.E_LEARNING])
    with pytest.raises(ValidationError) as info:
        s.full_clean()
    assert "module" in info.value.message_dict


def test_same_employee_number_at_two_employers_is_two_people(halton, wirral):
    make_learner(halton, 42)
    make_learner(wirral, 42)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_learner(halton, 42)


def test_trainer_must_have_trained_or_be_external(halton):
    person = make_learner(halton, 7)
    with pytest.raises(ValidationError) as info:
        Trainer(name="Someone", learner=person).full_clean()
    assert "train-the-trainer" in info.value.message_dict["learner"][0]
    Trainer(name="EqualiTeach trainer", provider="EqualiTeach").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Trainer.objects.create(name="Nobody")
