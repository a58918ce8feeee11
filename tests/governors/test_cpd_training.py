"""A governor's training done in the CPD module counts in the governors module: a governor
linked to an account whose staff record completed a module marked as governor training (read
through cpd.selectors only) has that training on the checks list and the checks page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cpd.models import (
    Completion,
    CompletionSource,
    GovernorTraining,
    Learner,
    Module,
    ModuleKind,
    Organisation,
    Programme,
    add_months,
)
from governors import selectors, services
from governors.choices import Category
from governors.models import Governor
from tests.factories import make_user

from .conftest import appoint

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def parent(officer, board_a):
    return appoint(officer, board_a, Category.PARENT, starts_on=TODAY - datetime.timedelta(days=60))


@pytest.fixture
def cpd_module(db):
    programme = Programme.objects.create(
        title="Governor anti-racism training",
        slug="gov-ar",
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY + datetime.timedelta(days=400),
    )
    return Module.objects.create(
        programme=programme,
        title="Anti-racist governance",
        kind=ModuleKind.HEADTEACHER_CPD,
        governor_training=GovernorTraining.ANTI_RACISM,
        governor_training_valid_months=36,
    )


def complete(user, module, day):
    org, _ = Organisation.objects.get_or_create(name="Halton Council", kind="council")
    learner, _ = Learner.objects.get_or_create(
        organisation=org, employee_number="G1", defaults={"name": "Ada Lovelace", "user": user}
    )
    return Completion.objects.create(
        learner=learner, module=module, completed_on=day, source=CompletionSource.RECORDED
    )


def _training_items(board, term):
    return [
        i for i in selectors.checks_due([board]) if i.term.pk == term.pk and i.kind == "training"
    ]


def test_a_cpd_completion_replaces_an_expiring_record_and_is_due_in_its_turn(
    officer, board_a, parent, cpd_module
):
    services.record_training(
        actor=officer,
        governor=parent.governor,
        kind="anti_racism",
        completed_on=TODAY - datetime.timedelta(days=1200),
        expires_on=TODAY + datetime.timedelta(days=10),
    )
    [item] = _training_items(board_a, parent)
    assert item.training_kind == "anti_racism"
    user = make_user(username="ada")
    Governor.objects.filter(pk=parent.governor_id).update(user=user)
    complete(user, cpd_module, TODAY - datetime.timedelta(days=30))
    assert _training_items(board_a, parent) == []  # the later CPD completion counts
    # Done long ago (still after the record), it needs refreshing itself: 36 months on.
    done_on = TODAY - datetime.timedelta(days=3 * 365 - 5)
    Completion.objects.update(completed_on=done_on)
    [item] = _training_items(board_a, parent)
    assert item.training_kind == "anti_racism" and item.due_on == add_months(done_on, 36)


def test_someone_elses_completion_does_not_count(officer, board_a, parent, cpd_module):
    services.record_training(
        actor=officer,
        governor=parent.governor,
        kind="anti_racism",
        completed_on=TODAY - datetime.timedelta(days=1000),
        expires_on=TODAY + datetime.timedelta(days=10),
    )
    complete(make_user(username="someone"), cpd_module, TODAY)
    assert len(_training_items(board_a, parent)) == 1


def test_the_checks_page_lists_the_cpd_training(client, officer, board_a, parent, cpd_module):
    user = make_user(username="ada")
    Governor.objects.filter(pk=parent.governor_id).update(user=user)
    completion = complete(user, cpd_module, TODAY)
    client.force_login(officer)
    page = client.get(reverse("governors:checks", args=[parent.pk])).content.decode()
    assert "Training done in the CPD module" in page
    assert "Anti-racist governance (Governor anti-racism training)" in page
    assert completion.verification_code in page
