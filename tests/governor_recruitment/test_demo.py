import random
from types import SimpleNamespace

import pytest

from governors.recruitment import demo, selectors
from governors.recruitment.models import Application, Campaign, Stage
from schools_platform.representation.models import GroupMembership

pytestmark = pytest.mark.django_db


def test_demo_seeds_through_services_and_is_idempotent(officer, board_a, board_b):
    context = SimpleNamespace(rng=random.Random(3), scale="small")
    lines = demo.seed(context)
    assert lines and Campaign.objects.count() == len(demo.CAMPAIGNS)
    total = demo.SIZES["small"] + demo.HISTORY_PER_YEAR["small"] * demo.HISTORY_YEARS
    assert Application.objects.count() == total
    assert GroupMembership.objects.filter(group="governors", stage="applied").count() == total
    appointed = Application.objects.filter(stage=Stage.APPOINTED).count()
    assert GroupMembership.objects.filter(group="governors", stage="appointed").count() == appointed
    assert demo.seed(context) is None
    assert Application.objects.count() == total
    # Appointments close listings; the public page still has vacancies to find.
    assert selectors.public_listings().exists()
    # The funnel differs by year and runs on every year with no small number.
    for year in selectors.application_years():
        for _r, _c, cell in selectors.funnel_by_group(year=year).all_cells():
            assert not (isinstance(cell.value, int) and 1 <= cell.value <= 7)
    # The report runs on it, and shows no small number.
    for _r, _c, cell in selectors.campaign_report().all_cells():
        assert not (isinstance(cell.value, int) and 1 <= cell.value <= 7)


def test_demo_seeds_serving_governors_answers_and_the_board_make_up(officer, board_a, board_b):
    from django.utils import timezone

    from governors import selectors as board_selectors
    from tests.governors.conftest import appoint

    for board in (board_a, board_b):
        for i in range(3):
            appoint(officer, board, "parent", first="P", last=f"{board.pk}-{i}")
    demo.seed(SimpleNamespace(rng=random.Random(5), scale="small"))
    today = timezone.localdate()
    serving = board_selectors.serving_governors(day=today)
    snapshot = GroupMembership.objects.filter(group="serving_governors", year=today.year)
    assert snapshot.count() == len(serving) > 0
    assert snapshot.exclude(profile=None).exists()
    years = set(
        GroupMembership.objects.filter(group="serving_governors").values_list("year", flat=True)
    )
    assert {today.year - 1, today.year} <= years
