"""cpd.selectors.governor_training_done: completions of modules marked as governor training,
per account, with when they need refreshing; nothing for other modules or other people."""

import datetime

import pytest

from cpd import selectors
from cpd.models import Completion, CompletionSource, GovernorTraining, ModuleKind, add_months

from .conftest import make_learner

pytestmark = pytest.mark.django_db


def test_only_modules_marked_as_governor_training_count(
    halton, wirral, modules, learner_user, lead
):
    face = modules[ModuleKind.FACE_TO_FACE]
    face.governor_training = GovernorTraining.ANTI_RACISM
    face.governor_training_valid_months = 36
    face.save()
    mine = make_learner(halton, 1, user=learner_user)
    theirs = make_learner(wirral, 1, user=lead)
    day = datetime.date(2026, 1, 31)
    for learner in (mine, theirs):
        for module in (face, modules[ModuleKind.E_LEARNING]):
            Completion.objects.create(
                learner=learner, module=module, completed_on=day, source=CompletionSource.RECORDED
            )
    found = selectors.governor_training_done([learner_user.pk])
    assert list(found) == [learner_user.pk]
    [done] = found[learner_user.pk]
    assert done.kind == "anti_racism" and done.completed_on == day
    assert done.expires_on == datetime.date(2029, 1, 31)
    assert done.title == "Face-to-face session (Race equality training)"
    assert selectors.governor_training_done([]) == {}


def test_add_months_keeps_to_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 14) == datetime.date(2028, 1, 15)
