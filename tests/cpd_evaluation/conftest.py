"""Evaluation fixtures: a finished programme with its three waves open or past, people in two
councils and two cohorts (phases), and builders that write survey answers and workforce
figures directly (fixture data, not a user's action)."""

import datetime
import random

import pytest
from django.utils import timezone

from cpd.evaluation import services
from cpd.evaluation.models import ITEMS, Response, Wave, WorkforceFigure
from cpd.evaluation.pseudonyms import pseudonym
from cpd.models import (
    Coordinator,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Organisation,
    OrganisationKind,
    Phase,
    Programme,
)
from schools_platform.core import roles
from tests.factories import make_user


@pytest.fixture
def lead(db):
    return make_user(roles.CPD_PROGRAMME_LEAD, username="lead", email="lead@example.org")


@pytest.fixture
def councils(db):
    return [
        Organisation.objects.create(name=f"{n} Council", kind=OrganisationKind.COUNCIL)
        for n in ("Halton", "Wirral")
    ]


@pytest.fixture
def programme(db):
    today = timezone.localdate()
    return Programme.objects.create(
        title="Race equality training",
        slug="race-equality",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today - datetime.timedelta(days=10),
        target_learners=100,
    )


@pytest.fixture
def cohorts(programme):
    s = programme.starts_on
    return [
        Phase.objects.create(
            programme=programme,
            name=f"Cohort {i + 1}",
            starts_on=s + datetime.timedelta(days=60 * i),
            ends_on=s + datetime.timedelta(days=60 * i + 50),
        )
        for i in range(2)
    ]


@pytest.fixture
def plan(lead, programme):
    return services.set_up_evaluation(actor=lead, programme=programme, follow_up_weeks=6)


@pytest.fixture
def learner_user(db):
    return make_user(roles.LEARNER, username="amina", email="amina@example.org")


@pytest.fixture
def amina(councils, cohorts, programme, learner_user):
    learner = Learner.objects.create(
        organisation=councils[0], employee_number="A1", name="Amina Khan", user=learner_user
    )
    Enrolment.objects.create(
        learner=learner,
        programme=programme,
        phase=cohorts[0],
        organisation=councils[0],
        status=EnrolmentStatus.ENROLLED,
    )
    return learner


@pytest.fixture
def halton_coordinator(councils):
    user = make_user(username="halton_coord")
    Coordinator.objects.create(user=user, organisation=councils[0])
    return user


def add_people(programme, organisation, cohort, n, *, start=0):
    learners = Learner.objects.bulk_create(
        [
            Learner(organisation=organisation, employee_number=f"{cohort.pk}-{start + i}", name="x")
            for i in range(n)
        ]
    )
    learners = list(
        Learner.objects.filter(
            organisation=organisation, employee_number__startswith=f"{cohort.pk}-"
        ).order_by("pk")
    )[start : start + n]
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=learner,
                programme=programme,
                phase=cohort,
                organisation=organisation,
                status=EnrolmentStatus.ENROLLED,
            )
            for learner in learners
        ]
    )
    return learners


def add_answers(plan, learners, organisation, cohort, waves: dict, *, rng=None):
    """waves: {wave: value or callable(i) -> value} given to every item."""
    surveys = {s.wave: s for s in plan.surveys.all()}
    rows = []
    for i, learner in enumerate(learners):
        for wave, value in waves.items():
            v = value(i) if callable(value) else value
            rows.append(
                Response(
                    survey=surveys[wave],
                    respondent=pseudonym(learner.pk),
                    organisation=organisation,
                    cohort=cohort,
                    submitted_on=surveys[wave].opens_on,
                    **dict.fromkeys(ITEMS, v),
                )
            )
    Response.objects.bulk_create(rows)


def add_workforce(organisation, year, **groups):
    """groups: {ethnic_group: (headcount, shortlisted, appointed, disciplinary, training)}"""
    for group, (h, s, a, d, t) in groups.items():
        WorkforceFigure.objects.create(
            organisation=organisation,
            year=year,
            ethnic_group=group,
            headcount=h,
            shortlisted=s,
            appointed=a,
            disciplinary=d,
            training=t,
        )


def grow(plan, councils, cohorts, per_cell: int, seed: int = 1):
    """Answers at all three waves for per_cell people in each council and cohort."""
    rng = random.Random(seed)
    for c, organisation in enumerate(councils):
        for k, cohort in enumerate(cohorts):
            start = Learner.objects.filter(
                organisation=organisation, employee_number__startswith=f"{cohort.pk}-"
            ).count()
            people = add_people(plan.programme, organisation, cohort, per_cell, start=start)
            add_answers(
                plan,
                people,
                organisation,
                cohort,
                {
                    Wave.BEFORE: lambda i: rng.randint(1, 3),
                    Wave.AFTER: lambda i, k=k: rng.randint(2 + k, 5),
                    Wave.FOLLOW_UP: lambda i, c=c: rng.randint(2, 4 + (c % 2)),
                },
            )


__all__ = ["add_answers", "add_people", "add_staff_survey", "add_workforce", "grow"]


def add_staff_survey(organisation, year, question, **groups):
    """groups: {ethnic_group: (people answering, answering yes)}"""
    from cpd.evaluation.models import StaffSurveyFigure

    for group, (answering, yes) in groups.items():
        StaffSurveyFigure.objects.create(
            organisation=organisation,
            year=year,
            ethnic_group=group,
            question=question,
            respondents=answering,
            yes=yes,
        )
