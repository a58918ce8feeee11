"""Demo data seeds once; the personal data register lists the module; the equality profile is
never an input to the checker."""

import dataclasses
import random

from admissions import checker
from admissions import models as m
from admissions.demo import seed
from schools_platform.core import personal_data
from schools_platform.core.demo import DemoContext
from schools_platform.registry.demo import seed as seed_registry


def test_demo_seeds_a_pool_and_a_season_once(db):
    context = DemoContext(rng=random.Random(1), scale="small")
    seed_registry(context)
    phrases = seed(context)
    assert phrases and m.PanelMember.objects.count() == 30
    assert m.HearingBlock.objects.filter(reference__startswith="DEMO-").count() == 24
    assert m.PanelMember.objects.filter(category="lay").exists()
    assert m.PanelMember.objects.filter(category="education").exists()
    # Clerks offer days as members do: the demo clerk every weekday, the others fewer.
    offered = [c.weekly_availability.count() for c in m.Clerk.objects.order_by("pk")]
    assert offered[0] == 5 and all(3 <= n <= 4 for n in offered[1:])
    assert seed(context) is None and m.PanelMember.objects.count() == 30


def test_demo_last_season_was_heard_lawfully_with_outcomes_and_answers(db):
    from admissions import facts, monitoring
    from schools_platform.equality.models import EqualityProfile

    context = DemoContext(rng=random.Random(3), scale="small")
    seed_registry(context)
    seed(context)
    past = m.HearingBlock.objects.filter(reference__startswith="PAST-")
    assert past.count() == 10
    rostered = [b for b in past if hasattr(b, "roster")]
    assert len(rostered) >= 8
    # Every demo roster is one the checker accepts (judged with that day's facts).
    for block in rostered:
        assert facts.check_saved_roster(facts.load_block(block.pk)) == []
    decided = m.Appeal.objects.filter(block__in=past).exclude(decision="")
    assert decided.filter(decision="upheld").exists() and decided.filter(decision="dismissed")
    assert not decided.filter(reasons="").exists()
    assert EqualityProfile.objects.filter(
        purpose=monitoring.APPELLANT_PURPOSE,
        subject_reference__startswith=monitoring.APPELLANT_PREFIX,
    ).exists()
    assert EqualityProfile.objects.filter(purpose="panel_member").exists()


def test_demo_gives_the_due_dashboard_notices_and_letters_around_today(db):
    from django.utils import timezone

    from admissions import deadlines

    context = DemoContext(rng=random.Random(4), scale="small")
    seed_registry(context)
    seed(context)
    today = timezone.localdate()
    if not m.HearingBlock.objects.filter(reference__startswith="INY-").exists():
        # Today is outside the demo's term dates: nothing to place around it.
        assert not m.Term.objects.filter(starts_on__lte=today, ends_on__gte=today).exists()
        return
    items = deadlines.due_items(deadlines.rounds_in_season(today), today=today)
    found = {(i.what, i.status) for i in items}
    assert {("notice", "overdue"), ("notice", "due_soon")} <= found
    assert {("decision_letter", "overdue"), ("decision_letter", "due_soon")} <= found
    assert ("hearing", "due_soon") in found
    sent = m.HearingBlock.objects.filter(reference__startswith="INY-", notice_sent_on__isnull=False)
    assert sent.exists()
    assert m.Appeal.objects.filter(
        block__reference__startswith="INY-", decision_letter_sent_on__isnull=False
    ).exists()


def test_personal_data_register_lists_the_module():
    keys = {s.key for s in personal_data.sources()}
    assert {"admissions.panel_member", "admissions.declarations", "admissions.sittings"} <= keys


def test_checker_inputs_hold_no_equality_data():
    # Equality monitoring answers are for pool-level monitoring only: nothing the checker reads
    # can carry them, so no panel is composed or judged by them.
    names = {
        f.name
        for cls in (checker.MemberFacts, checker.BlockFacts, checker.Proposal)
        for f in dataclasses.fields(cls)
    }
    for word in ("ethnic", "sex", "gender", "religion", "disab", "equality", "age"):
        assert not [name for name in names if word in name]
