import datetime

import pytest
from django.core.cache import cache

from governors import services
from governors.choices import AppointingBody, BoardKind, Category

START = datetime.date(2024, 9, 1)
ELIGIBLE = {
    "aged_18_or_over": True,
    "registered_pupil": False,
    "la_elected_member": False,
    "paid_over_500_hours": False,
    "other_disqualification": False,
}
# A valid maintained board of 9: 3 parents, head, staff, LA, 3 co-opted.
STANDARD_SEATS = {
    Category.PARENT: (3, 4),
    Category.HEADTEACHER: (1, None),
    Category.STAFF: (1, 4),
    Category.LOCAL_AUTHORITY: (1, 4),
    Category.CO_OPTED: (3, 4),
}
BODY = {
    Category.PARENT: AppointingBody.ELECTED_BY_PARENTS,
    Category.HEADTEACHER: AppointingBody.EX_OFFICIO_HEAD,
    Category.STAFF: AppointingBody.ELECTED_BY_STAFF,
    Category.LOCAL_AUTHORITY: AppointingBody.NOMINATED_BY_LA,
    Category.CO_OPTED: AppointingBody.APPOINTED_BY_BOARD,
    Category.FOUNDATION: AppointingBody.APPOINTED_BY_FOUNDATION,
    Category.PARTNERSHIP: AppointingBody.APPOINTED_BY_BOARD,
    Category.ASSOCIATE: AppointingBody.APPOINTED_BY_BOARD,
}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The compliance dashboard is cached: each test starts with none (ids repeat between
    tests on SQLite)."""
    cache.clear()
    yield
    cache.clear()


def make_board(officer, schools, *, kind=BoardKind.MAINTAINED, seats=None, name=None, **kwargs):
    board = services.create_board(
        actor=officer,
        name=name or f"Governing board of {schools[0].name}",
        kind=kind,
        schools=schools,
        joined_on=START - datetime.timedelta(days=365),
        **kwargs,
    )
    services.add_instrument_version(
        actor=officer, board=board, effective_from=START, seats=seats or STANDARD_SEATS
    )
    return board


def appoint(
    actor, board, category, *, first="Ada", last="Lovelace", starts_on=START, years=4, **kw
):
    ends_on = (
        None
        if category == Category.HEADTEACHER
        else kw.pop(
            "ends_on", starts_on.replace(year=starts_on.year + years) - datetime.timedelta(days=1)
        )
    )
    kw.setdefault("is_school_staff", category in (Category.HEADTEACHER, Category.STAFF))
    return services.appoint_governor(
        actor=actor,
        board=board,
        category=category,
        appointing_body=kw.pop("appointing_body", BODY[category]),
        starts_on=starts_on,
        ends_on=ends_on,
        eligibility=kw.pop("eligibility", ELIGIBLE),
        person=kw.pop("person", None)
        or ({} if "governor" in kw else {"first_name": first, "last_name": last}),
        **kw,
    )


@pytest.fixture
def board_a(officer, school_a):
    return make_board(officer, [school_a])


@pytest.fixture
def board_b(officer, school_b):
    return make_board(officer, [school_b])
