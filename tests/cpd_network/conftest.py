"""Network fixtures: the headteachers' programme with a cohort, a set with a facilitator, two
sessions, a published checklist, a member, an applicant, an outsider and the council's roles.
Small: every test builds only this."""

import datetime

import pytest
from django.utils import timezone

from cpd.models import Module, ModuleKind, Programme, Session, SessionStatus
from cpd.network import services
from cpd.network.models import Cohort, LearningSet, Membership
from schools_platform.core import roles
from tests.factories import make_user
from tests.policies.conftest import build_version


@pytest.fixture
def lead(db):
    return make_user(roles.CPD_PROGRAMME_LEAD, username="lead", email="lead@example.org")


@pytest.fixture
def heads(db):
    today = timezone.localdate()
    return Programme.objects.create(
        title="Headteacher anti-racism CPD",
        slug="heads",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
        target_learners=40,
    )


@pytest.fixture
def sessions(heads):
    module = Module.objects.create(
        programme=heads, title="Network session", kind=ModuleKind.HEADTEACHER_CPD, order=1
    )
    now = timezone.now()
    return [
        Session.objects.create(
            module=module,
            starts_at=now + datetime.timedelta(days=d),
            ends_at=now + datetime.timedelta(days=d, hours=3),
            venue="Education centre",
            capacity=25,
            status=SessionStatus.OPEN,
        )
        for d in (-20, 10, 40)
    ]


@pytest.fixture
def facilitator(db):
    return make_user(username="facilitator", first_name="Femi", last_name="Ade", email="f@x.org")


@pytest.fixture
def cohort(heads, sessions):
    cohort = Cohort.objects.create(programme=heads, name="Cohort 1")
    cohort.sessions.set(sessions[:2])
    return cohort


@pytest.fixture
def learning_set(cohort, sessions, facilitator):
    s = LearningSet.objects.create(cohort=cohort, name="Set A", facilitator=facilitator)
    s.sessions.set(sessions[2:])
    return s


@pytest.fixture
def checklist(db):
    author = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities")
    approver = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities2")
    return build_version(author, approver)


@pytest.fixture
def item(checklist):
    return checklist.sections.order_by("order").first().items.order_by("order").first()


def join(user, programme, lead, *, cohort=None, learning_set=None) -> Membership:
    membership = services.apply_to_join(
        actor=user, programme=programme, role="headteacher", why="To learn from peers."
    )
    return services.decide_application(
        actor=lead, membership=membership, approve=True, cohort=cohort, learning_set=learning_set
    )


@pytest.fixture
def member(heads, lead, cohort, learning_set):
    user = make_user(
        roles.SCHOOL_LEADER, username="head", first_name="Hana", last_name="Ali", email="h@x.org"
    )
    join(user, heads, lead, cohort=cohort, learning_set=learning_set)
    return user


@pytest.fixture
def other_member(heads, lead, cohort):
    user = make_user(roles.SCHOOL_LEADER, username="head2", first_name="Omar", email="o@x.org")
    join(user, heads, lead, cohort=cohort)
    return user


@pytest.fixture
def outsider(db):
    return make_user(roles.SCHOOL_LEADER, username="outsider", email="out@x.org")


@pytest.fixture
def officer(db):
    return make_user(roles.COUNCIL_OFFICER, username="officer")


@pytest.fixture
def steward(db):
    return make_user(roles.DATA_STEWARD, username="steward")


@pytest.fixture
def admin_user(db):
    return make_user(username="root", is_superuser=True, is_staff=True)


CASE_STUDY = {
    "title": "Rewriting our behaviour policy with pupils",
    "school_name": "Alder Primary",
    "context": "Racist incidents were under-reported.",
    "what_we_did": "Pupil voice panels rewrote the reporting steps.",
    "impact": "Reports doubled and parents said they trusted the process.",
    "learned": "Start with the pupils most affected.",
    "contact": "Headteacher, head@alder.example.org",
    "phase": "primary",
    "theme": "racist_incidents",
    "audience": "members",
}


def submit(member, *, items=(), page=None, **changes):
    return services.submit_case_study(
        actor=member, fields={**CASE_STUDY, **changes}, checklist_items=list(items), page=page
    )
