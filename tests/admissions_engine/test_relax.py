"""The season-wide relaxation (engine/relax.py): its floor is a proof, and its plan leads a
lawful roster. Small seasons solved to optimality, no timings: one worker, a fixed seed, and
assertions on results only."""

import dataclasses
import datetime as dt
import math
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from admissions import checker
from admissions.engine import decompose, greedy, lpbound, plan, relax, solver
from admissions.engine.season import Preference, eligibility, judge
from admissions.engine.synthetic import block, clerk, member, random_season, season

MON = dt.date(2027, 6, 7)
TUE = MON + dt.timedelta(days=1)
WED = MON + dt.timedelta(days=2)
NEXT_MON = MON + dt.timedelta(days=7)
SOLVE = {"time_limit": 60, "workers": 1, "random_seed": 7}
FIX = {"fix_variables_to_their_hinted_value": True}


def optimum_unstaffed(s, elig):
    """The fewest unstaffed blocks any lawful roster leaves: the full model, hard rules only,
    solved to optimality."""
    whole = solver.solve(s, elig, decompose.HARD_ONLY, **SOLVE)
    return whole


def governor_of(*schools):
    return [checker.Declared(kind=checker.GOVERNOR, school=s) for s in schools]


def season_maxima_over_weeks():
    """Two blocks on Monday with one clerk (one must go), and two blocks in two weeks that
    only A may chair, who may sit once a season (one more must go). The per-week floors see
    the Monday only; the season-wide count adds everyone's days and sees one too."""
    monday_only = {NEXT_MON: None}
    return season(
        blocks=[
            block("B1", [MON]),
            block("B2", [MON]),
            block("B3", [TUE]),
            block("B4", [NEXT_MON]),
        ],
        members=[
            member("a", chair=True, max_per_season=1),
            member("c1", chair=True, weekly={0: "either"}, exceptions=monday_only),
            member("c2", chair=True, weekly={0: "either"}, exceptions=monday_only),
            member("e1", education=True),
            member("e2", education=True),
            member("l1"),
            member("l2"),
        ],
        clerks=[clerk("k")],
    )


def test_the_relaxation_keeps_season_maxima_the_week_floors_and_the_count_miss():
    s = season_maxima_over_weeks()
    elig = eligibility(s)
    groups = decompose.parts(s, elig)
    assert len(groups) == 2
    _, each = decompose.unstaffed_floor(s, elig, groups, time_limit=60, workers=1)
    assert sum(each) == 1
    assert decompose.capacity_floor(s, elig) == 1
    found = relax.solve(s, elig, time_limit=60, workers=1)
    assert found.status == "OPTIMAL" and found.floor == 2
    # The floor is met: no roster staffs more than two of the four blocks.
    whole = optimum_unstaffed(s, elig)
    assert whole.status == "OPTIMAL" and whole.terms["unstaffed"] == 2
    # A decomposed run proves it: its unstaffed count is at the floor.
    outcome = plan.run(s, solver.weights_with(None), **SOLVE, decompose_above=0)
    r = outcome.result
    assert r.relaxation["floor"] == 2 and r.unstaffed_floor == 2
    assert len(outcome.unstaffed) == 2 and not outcome.refused


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.sampled_from([(10, 6, 5), (14, 9, 8), (18, 12, 10)]))
def test_the_relaxations_floor_is_never_above_the_optimum(seed, size):
    members, blocks, days = size
    s = random_season(seed, members=members, blocks=blocks, days=days, clerks=2)
    elig = eligibility(s)
    found = relax.solve(s, elig, time_limit=60, workers=1)
    whole = optimum_unstaffed(s, elig)
    assume(found.status == "OPTIMAL" and whole.status == "OPTIMAL")
    assert found.floor <= whole.terms["unstaffed"]
    # Why: the optimal roster itself, every variable fixed to it, is a solution of the
    # relaxation with the same count (so is every lawful roster).
    fixed = relax.solve(s, elig, time_limit=60, workers=1, hint=whole.roster, limits=FIX)
    assert fixed.unstaffed == whole.terms["unstaffed"]
    # Solved to optimality it is at least the season-wide count (which it contains).
    assert decompose.capacity_floor(s, elig) <= found.floor
    # Its plan leads a lawful roster, never worse than the plan allows.
    led = greedy.guided(s, elig, found)
    assert not any(judge(s, led).values())
    assert sum(p is None for p in led.values()) >= found.floor


def test_the_plan_keeps_a_capped_member_for_the_block_that_needs_them():
    # e1 and e2 may each sit once this season; e2 may hear only school 100's block. By hand,
    # even sparing capped members (both have one sitting left), e1 takes Monday and nobody
    # with experience in education is left for Tuesday or Wednesday. The plan seats e2 on
    # Monday and keeps e1 for a later block.
    s = season(
        blocks=[
            block("B1", [MON], school="100"),
            block("B2", [TUE], school="200"),
            block("B3", [WED], school="300"),
        ],
        members=[
            member("a1", chair=True),
            member("e1", education=True, max_per_season=1),
            member("e2", education=True, max_per_season=1, declarations=governor_of("200", "300")),
            member("l1"),
        ],
        clerks=[clerk("c1")],
    )
    elig = eligibility(s)
    spared = greedy.compose(s, elig, spare_capped=True)
    assert "e1" in spared["B1"].members and spared["B2"] is None and spared["B3"] is None
    found = relax.solve(s, elig, time_limit=60, workers=1)
    assert found.status == "OPTIMAL" and found.floor == 1
    led = greedy.guided(s, elig, found)
    assert "e2" in led["B1"].members
    assert sum(p is None for p in led.values()) == 1
    assert not any(judge(s, led).values())


def test_a_week_short_of_a_capped_member_is_paired_with_the_distant_week_they_sit_in():
    # e1 (the only member with experience in education) may sit once a season. Sitting in
    # the first week, they leave the third week's block unstaffed: that week is solved with
    # the first (not with its neighbour), and then e1 can move.
    weeks = [MON, NEXT_MON, NEXT_MON + dt.timedelta(days=7)]
    s = season(
        blocks=[block(f"B{i}", [d]) for i, d in enumerate(weeks)],
        members=[
            member("a1", chair=True),
            member("e1", education=True, max_per_season=1),
            member("l1"),
        ],
        clerks=[clerk("c1")],
    )
    elig = eligibility(s)
    groups = decompose.parts(s, elig)
    assert groups == [["B0"], ["B1"], ["B2"]]
    roster = greedy.compose(s, elig)
    assert "e1" in roster["B0"].members and roster["B2"] is None
    assert decompose.distant_windows(s, elig, groups, roster) == [(2, ["B0", "B2"])]


# The LP floors (lpbound.py) and the floor of the whole objective (relax.objective_floor).


def with_wishes_and_areas(s, seed):
    """Give a random season what the soft terms the floor relaxes look at: travel areas of
    members and in-person venues, members' preferences, and sittings at the season's schools
    in the rolling year with some past trios (deterministic per seed). With four schools,
    blocks of up to three days and histories of 1 to 3 sittings, members sit beyond their
    allowance at a school in most optimal rosters, so ``same_school`` is not 0."""
    rng = random.Random(seed)
    s.blocks = [
        dataclasses.replace(b, days=[*b.days, b.days[-1] + dt.timedelta(days=1)])
        if rng.random() < 0.25 and b.days[-1].weekday() < 4
        else b
        for b in s.blocks
    ]
    schools = sorted({b.school for b in s.blocks})
    s.school_history = {
        (m.key, school): rng.choice([1, 1, 2, 3])
        for m in s.members
        for school in schools
        if rng.random() < 0.3
    }
    keys = [m.key for m in s.members]
    s.past_trios = {frozenset(rng.sample(keys, 3)) for _ in range(len(keys) // 2)}
    areas = ["north", "south", "east"]
    s.member_area = {m.key: rng.choice(areas) for m in s.members if rng.random() < 0.8}
    s.block_area = {
        b.key: " and ".join(rng.sample(areas, rng.choice([1, 2])))
        for b in s.blocks
        if b.mode == "in_person"
    }
    s.preferences = {
        m.key: Preference(
            avoid_weekdays=frozenset(rng.sample(range(5), rng.choice([0, 1, 2]))),
            avoid_schools=frozenset(rng.sample(["100", "101", "102", "103"], rng.choice([0, 1]))),
            mode=rng.choice(["", "", "remote", "in_person"]),
        )
        for m in s.members
        if rng.random() < 0.5
    }
    return s


def test_the_lp_bound_holds_for_any_dual_values_and_rounds_up_a_count():
    # Three flags, pairwise at most one: the LP's optimum of 3 - a - b - c is 1.5, the
    # integer one 2; the floor rounds the LP up to 2, never above.
    m = cp_model.CpModel()
    a, b, c = (m.new_bool_var(n) for n in "abc")
    for x, y in ((a, b), (b, c), (a, c)):
        m.add_at_most_one([x, y])
    m.minimize(3 - a - b - c)
    assert lpbound.lower_bound(m) == pytest.approx(1.5)
    assert lpbound.count_floor(m) == 2


@settings(max_examples=30, deadline=None)
@given(duals=st.lists(st.floats(-5, 5), min_size=4, max_size=4))
def test_weak_duality_never_claims_more_than_the_optimum_whatever_the_duals(duals):
    # min x0 + 2 x1 + 3 x2, x in [0, 1], x0 + x1 >= 1, x1 + x2 >= 1, x0 + x2 <= 1,
    # x0 - x2 in [-1, 0]: the optimum is 2 (x1 = 1).
    variables = [(0, 1)] * 3
    rows = [
        ({0: 1.0, 1: 1.0}, 1, math.inf),
        ({1: 1.0, 2: 1.0}, 1, math.inf),
        ({0: 1.0, 2: 1.0}, -math.inf, 1),
        ({0: 1.0, 2: -1.0}, -1, 0),
    ]
    assert lpbound._dual_bound(variables, rows, {0: 1.0, 1: 2.0, 2: 3.0}, duals) <= 2 + 1e-9


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.sampled_from([(10, 6, 5), (14, 9, 8), (18, 12, 10)]))
def test_the_lp_floors_are_never_above_the_optimum(seed, size):
    members, blocks, days = size
    s = random_season(seed, members=members, blocks=blocks, days=days, clerks=2)
    elig = eligibility(s)
    whole = optimum_unstaffed(s, elig)
    assume(whole.status == "OPTIMAL")
    best = whole.terms["unstaffed"]
    assert lpbound.count_floor(relax.Relaxation(s, elig).m) <= best
    # The full model's own LP too (implications e => l kept as e <= l).
    assert lpbound.count_floor(solver.Model(s, elig, decompose.HARD_ONLY).m) <= best
    # And the relaxation's floor, LP and CP-SAT together.
    assert relax.solve(s, elig, time_limit=60, workers=1).floor <= best


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    size=st.sampled_from([(10, 6, 5), (14, 9, 8)]),
    reweigh=st.booleans(),
)
def test_the_floor_of_the_whole_objective_is_never_above_the_optimum(seed, size, reweigh):
    members, blocks, days = size
    s = with_wishes_and_areas(
        random_season(seed, members=members, blocks=blocks, days=days, clerks=2, groups=True),
        seed,
    )
    rng = random.Random(seed)
    w = solver.weights_with(
        {
            k: rng.randint(0, 60)
            for k in solver.DEFAULT_WEIGHTS
            if k not in ("unstaffed", "minimum_sittings", "change")
        }
        if reweigh
        else None
    )
    elig = eligibility(s)
    found = relax.solve(s, elig, time_limit=60, workers=1)
    full = solver.solve(s, elig, w, **SOLVE)
    assume(full.status == "OPTIMAL" and found.status == "OPTIMAL")
    floor = relax.objective_floor(s, elig, w, found.floor)
    assert floor <= full.objective + 1e-6
    # Why: the optimal roster itself, its blocks, chairs, clerks and sitting days fixed, is a
    # solution of the relaxation with each soft term at most the full model's.
    image = relax.Relaxation(s, elig, w, at_least=found.floor)
    image.hint(full.roster)
    cp = cp_model.CpSolver()
    cp.parameters.num_workers = 1
    cp.parameters.fix_variables_to_their_hinted_value = True
    assert cp.solve(image.m) == cp_model.OPTIMAL
    assert cp.objective_value <= full.objective + 1e-6


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_a_replans_floor_counts_the_cost_of_change_and_is_never_above_the_optimum(seed):
    s = random_season(seed, members=14, blocks=8, days=6, clerks=2)
    elig = eligibility(s)
    first = solver.solve(s, elig, solver.weights_with(None), **SOLVE)
    staffed = [k for k, p in first.roster.items() if p]
    assume(staffed)
    gone = first.roster[staffed[0]].members[-1]
    again = dataclasses.replace(s, current=first.roster, excluded={staffed[0]: {gone}})
    elig = eligibility(again)
    w = solver.weights_with({"change": 9999})
    found = relax.solve(again, elig, time_limit=60, workers=1)
    full = solver.solve(again, elig, w, **SOLVE)
    assume(full.status == "OPTIMAL" and found.status == "OPTIMAL")
    floor = relax.objective_floor(again, elig, w, found.floor)
    assert floor <= full.objective + 1e-6
    # The seat the member leaves is lost whatever the roster: the floor counts it.
    assert floor >= w["change"] + w["unstaffed"] * found.floor


def test_the_floor_counts_sittings_beyond_two_at_one_school_the_old_floor_did_not():
    # One block of three days at school 100; only a1 may chair, and a1 sat there once in the
    # rolling year. Whoever sits, each member sits three days there: a1 two beyond the
    # allowance, the other two members one each, so no roster scores under 4 sittings'
    # excess. The floor (chair's seat exactly, two smallest for the others) proves it; the
    # floor before counted 0 for this term.
    s = season(
        blocks=[block("B1", [MON, TUE, WED], school="100")],
        members=[
            member("a1", chair=True),
            member("e1", education=True),
            member("e2", education=True),
            member("l1"),
        ],
        clerks=[clerk("k")],
    )
    s.school_history = {("a1", "100"): 1, ("e2", "200"): 5}
    w = solver.weights_with({"max_load": 0, "below_minimum": 0, "clerk_continuity": 0})
    elig = eligibility(s)
    full = solver.solve(s, elig, w, **SOLVE)
    assert full.status == "OPTIMAL" and full.terms["same_school"] == 4
    assert relax.objective_floor(s, elig, w, 0) == full.objective == 4 * w["same_school"]
    assert relax.objective_floor(s, elig, w | {"same_school": 0}, 0) == 0  # as before


def test_the_floor_counts_a_trio_or_an_unpaired_new_member_a_block_cannot_avoid():
    # B1's only eligible members sat together last year; B2's are all new but one, and
    # nobody eligible for it is experienced. Staffing either costs its term whatever the
    # roster; leaving it unstaffed costs far more.
    s = season(
        blocks=[block("B1", [MON], school="100"), block("B2", [TUE], school="200")],
        members=[
            member("a1", chair=True, declarations=governor_of("200")),
            member("e1", education=True, declarations=governor_of("200")),
            member("l1", declarations=governor_of("200")),
            member("a2", chair=True, declarations=governor_of("100")),
            member("e2", education=True, declarations=governor_of("100")),
            member("l2", declarations=governor_of("100")),
        ],
        clerks=[clerk("k")],
    )
    s.past_trios = {frozenset({"a1", "e1", "l1"})}
    s.new = {"e2", "l2"}
    w = solver.weights_with({"max_load": 0, "below_minimum": 0, "clerk_continuity": 0})
    elig = eligibility(s)
    full = solver.solve(s, elig, w, **SOLVE)
    assert full.status == "OPTIMAL"
    assert full.terms["repeated_trio"] == 1 and full.terms["new_unpaired"] == 1
    floor = relax.objective_floor(s, elig, w, 0)
    assert floor == full.objective == w["repeated_trio"] + w["new_unpaired"]
