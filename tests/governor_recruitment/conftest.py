import datetime

import pytest

from governors.choices import AppointingBody, Category
from governors.recruitment import services
from governors.recruitment.models import Campaign, HeardAboutOption, Stage
from tests.governors.conftest import ELIGIBLE, START, make_board


@pytest.fixture
def board_a(officer, school_a):
    school_a.area = "Riverside"
    school_a.save()
    return make_board(officer, [school_a])


@pytest.fixture
def board_b(officer, school_b):
    school_b.phase = "Secondary"
    school_b.save()
    return make_board(officer, [school_b])


def publish(actor, board, category=Category.CO_OPTED, title="Co-opted governor", **kw):
    return services.publish_vacancy(
        actor=actor,
        board=board,
        category=category,
        title=title,
        description=kw.pop("description", "Help lead our school."),
        skills_sought=kw.pop("skills_sought", ["finance"]),
        **kw,
    )


@pytest.fixture
def listing_a(officer, board_a):
    return publish(officer, board_a)


@pytest.fixture
def listing_b(officer, board_b):
    return publish(officer, board_b, title="Governor at Birch")


@pytest.fixture
def heard(db):
    return HeardAboutOption.objects.create(label="A friend or colleague")


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        name="Faith leaders breakfast",
        partner_type="faith",
        channel="event",
        starts_on=datetime.date(2025, 1, 1),
        code="FAITH1",
    )


DETAILS = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"}


def appointment(**overrides) -> dict:
    values = {
        "appointing_body": AppointingBody.APPOINTED_BY_BOARD,
        "starts_on": START + datetime.timedelta(days=30),
        "ends_on": START.replace(year=START.year + 4),
        "eligibility": dict(ELIGIBLE),
        "is_school_staff": False,
    }
    values.update(overrides)
    return values


def advance(actor, application, to=Stage.NOMINATED):
    """Move an application forward stage by stage up to ``to`` (not appointing)."""
    for stage in (Stage.SCREENED, Stage.INTERVIEWED, Stage.NOMINATED):
        application = services.move_stage(actor=actor, application=application, to_stage=stage)
        if stage == to:
            break
    return application


def appoint_application(actor, application, **overrides):
    advance(actor, application)
    return services.move_stage(
        actor=actor,
        application=application,
        to_stage=Stage.APPOINTED,
        appointment=appointment(**overrides),
    )
