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
    assert phrases and m.PanelMember.objects.count() == 30 and m.HearingBlock.objects.count() == 24
    assert m.PanelMember.objects.filter(category="lay").exists()
    assert m.PanelMember.objects.filter(category="education").exists()
    assert seed(context) is None and m.PanelMember.objects.count() == 30


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
