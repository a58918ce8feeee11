import datetime

import pytest

from governors.choices import Category
from governors.recruitment import services
from governors.recruitment.models import Campaign, HeardAboutOption
from tests.governors.conftest import make_board


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
