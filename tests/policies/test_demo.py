import random

from policies import default_framework, demo
from policies.models import FrameworkVersion, Item, Review
from schools_platform.core.demo import DemoContext
from tests.factories import make_school


def test_demo_seeds_a_published_checklist_and_reviews_at_every_stage(db):
    schools = [make_school() for _ in range(7)]
    context = DemoContext(rng=random.Random(3), scale="small", schools=schools)
    summary = demo.seed(context)
    version = FrameworkVersion.objects.get(framework__name=default_framework.NAME)
    assert version.is_published
    sections = {code for code, _, _ in default_framework.SECTIONS}
    assert sections == set("ABCDEFGHIP")
    assert Item.objects.filter(section__version=version).count() == 49
    assert set(Review.objects.values_list("status", flat=True)) == set(Review.Status.values)
    assert "7 policy reviews" in summary
    from policies.models import AnswerRound, IncidentReturn

    assert AnswerRound.objects.filter(round=1).exists()
    assert IncidentReturn.objects.filter(nil_return=True).exists()
    assert demo.seed(context) is None  # idempotent
    assert all(item.source for item in Item.objects.filter(section__version=version))
