import pytest
from django.core.cache import cache

from schools_platform.core import roles
from tests.factories import make_authority, make_school, make_user

from .builders import add_community, add_people, add_pupils


@pytest.fixture(autouse=True)
def _empty_cache():
    """Reports are cached: each test starts with none (ids repeat between tests on SQLite)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def race_officer(db):
    return make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities")


@pytest.fixture
def clerk(db):
    return make_user(roles.APPEALS_CLERK, username="clerk")


@pytest.fixture
def two_councils(db):
    """Two councils, three schools, hand-countable figures for 2024 (and 2023 for a trend).

    Northvale (901): Alder (Primary, area North) and Aspen (Secondary, area North);
    Southmere (902): Birch (Primary, area South).
    """
    north = make_authority(la_code="901", name="Northvale")
    south = make_authority(la_code="902", name="Southmere")
    alder = make_school(north, name="Alder Primary", phase="Primary", area="North")
    aspen = make_school(north, name="Aspen High", phase="Secondary", area="North")
    birch = make_school(south, name="Birch Primary", phase="Primary", area="South")
    add_people(alder, year=2024, white_british=30, asian_indian=12, black_african=3)
    add_people(aspen, year=2024, white_british=25, asian_pakistani=10, not_known=12)
    add_people(birch, year=2024, white_british=40, mixed_other=9, other_arab=11)
    for school in (alder, aspen, birch):
        add_people(school, year=2024, stage="applied", white_british=40, asian_indian=20)
        add_people(school, year=2024, stage="applied", black_african=15, other_any=10)
        add_people(school, year=2023, white_british=20, asian_bangladeshi=10)
    add_pupils(alder, year=2024, white_british=200, asian_indian=60, black_african=40)
    add_pupils(birch, year=2024, white_british=300, mixed_other=50, white_roma=3)
    add_community(
        north, area_code="E08000901", area_name="North", white_british=90000, asian_indian=8000
    )
    add_community(
        south, area_code="E08000902", area_name="South", white_british=50000, mixed_other=4000
    )
    return {"north": north, "south": south, "alder": alder, "aspen": aspen, "birch": birch}
