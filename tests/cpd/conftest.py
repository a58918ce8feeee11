"""Shared CPD fixtures: a programme with e-learning -> face-to-face -> reflection, one phase,
two councils with places, and people in each role. Small: every test builds only this."""

import datetime

import pytest
from django.utils import timezone

from cpd import services
from cpd.models import (
    Coordinator,
    Learner,
    Module,
    ModuleKind,
    Organisation,
    OrganisationKind,
    Phase,
    Prerequisite,
    Programme,
    Session,
    SessionStatus,
)
from schools_platform.core import roles
from tests.factories import make_user


@pytest.fixture
def lead(db):
    return make_user(roles.CPD_PROGRAMME_LEAD, username="lead", email="lead@example.org")


@pytest.fixture
def halton(db):
    return Organisation.objects.create(name="Halton Council", kind=OrganisationKind.COUNCIL)


@pytest.fixture
def wirral(db):
    return Organisation.objects.create(name="Wirral Council", kind=OrganisationKind.COUNCIL)


@pytest.fixture
def programme(db):
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Race equality training",
        slug="race-equality",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=1000),
        target_learners=21000,
    )
    e = Module.objects.create(
        programme=programme, title="E-learning", kind=ModuleKind.E_LEARNING, order=1
    )
    f = Module.objects.create(
        programme=programme,
        title="Face-to-face session",
        kind=ModuleKind.FACE_TO_FACE,
        order=2,
        duration_minutes=180,
    )
    r = Module.objects.create(
        programme=programme,
        title="Reflection",
        kind=ModuleKind.REFLECTION,
        order=3,
        weeks_after_prerequisites=6,
        required=False,
    )
    Prerequisite.objects.create(module=f, requires=e)
    Prerequisite.objects.create(module=r, requires=f)
    return programme


@pytest.fixture
def modules(programme):
    return {m.kind: m for m in programme.modules.all()}


@pytest.fixture
def phase(programme):
    today = timezone.localdate()
    return Phase.objects.create(
        programme=programme,
        name="Phase 1",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=150),
    )


@pytest.fixture
def places(lead, phase, halton, wirral):
    services.allocate_places(actor=lead, phase=phase, organisation=halton, places=2)
    services.allocate_places(actor=lead, phase=phase, organisation=wirral, places=5)


def make_learner(org, n, *, user=None, **kwargs):
    return Learner.objects.create(
        organisation=org,
        employee_number=str(n),
        name=kwargs.pop("name", f"Person {org.name[:3]} {n}"),
        work_email=f"p{n}@{org.name.split()[0].lower()}.example.org",
        user=user,
        **kwargs,
    )


@pytest.fixture
def learner_user(db):
    return make_user(roles.LEARNER, username="amina", email="amina@example.org")


@pytest.fixture
def amina(halton, learner_user):
    return make_learner(halton, 1001, user=learner_user, name="Amina Khan")


@pytest.fixture
def halton_coordinator(halton):
    user = make_user(username="halton_coord", email="coord@halton.example.org")
    Coordinator.objects.create(user=user, organisation=halton)
    return user


@pytest.fixture
def wirral_coordinator(wirral):
    user = make_user(username="wirral_coord")
    Coordinator.objects.create(user=user, organisation=wirral)
    return user


def make_session(module, *, days=7, capacity=20, status=SessionStatus.OPEN, **kwargs):
    starts = timezone.now() + datetime.timedelta(days=days)
    return Session.objects.create(
        module=module,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=module.duration_minutes),
        venue=kwargs.pop("venue", "Municipal Building, Widnes"),
        capacity=capacity,
        status=status,
        **kwargs,
    )
