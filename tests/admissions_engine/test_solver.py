"""The engine on small seasons built for each rule (plain data, no database).

Bounded by solution counts and small sizes, never by wall-clock: one or two workers and a
fixed seed, so the same answers come back on a busy machine."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from admissions import checker
from admissions.engine import capacity, decompose, greedy, plan, solver
from admissions.engine.season import Panel, Preference, eligibility, judge, seats_changed
from admissions.engine.synthetic import block, clerk, member, random_season, season

MON = dt.date(2027, 6, 7)
TUE = MON + dt.timedelta(days=1)
WED = MON + dt.timedelta(days=2)
SOLVE = {"time_limit": 30, "workers": 1, "random_seed": 7}
SPLIT = {"decompose_above": 0}  # small seasons are one model unless told


def weights(**overrides):
    return solver.weights_with(overrides)


def solve(s, **kw):
    w = kw.pop("w", None) or weights()
    elig = eligibility(s)
    return solver.solve(s, elig, w, **(SOLVE | kw)), elig


def governor_of(school):
    return [checker.Declared(kind=checker.GOVERNOR, school=school)]


def test_a_rule_only_a_clever_assignment_meets_is_met():
    # Two blocks on one day. Anna chairs either; Bea is a governor of school 200, so only
    # Anna can chair B2. The clerk's first-available greedy gives Anna to B1 and strands B2.
    s = season(
        blocks=[block("B1", [MON], school="100"), block("B2", [MON], school="200")],
        members=[
            member("anna", chair=True),
            member("bea", chair=True, declarations=governor_of("200")),
            member("cal", education=True),
            member("dee", education=True),
            member("eve"),
            member("fay"),
        ],
        clerks=[clerk("c1"), clerk("c2")],
    )
    elig = eligibility(s)
    base = greedy.compose(s, elig)
    assert base["B1"].chair == "anna" and base["B2"] is None
    result, _ = solve(s)
    assert result.roster["B1"].chair == "bea" and result.roster["B2"].chair == "anna"
    assert result.status == "OPTIMAL" and result.gap == 0
    assert not any(judge(s, result.roster).values())


def test_an_impossible_day_is_reported_with_its_reason_and_the_rest_is_solved():
    s = season(
        blocks=[block("B1", [MON]), block("B2", [MON]), block("B3", [TUE])],
        members=[
            member("anna", chair=True),
            *(member(f"e{i}", education=True) for i in range(3)),
            *(member(f"l{i}") for i in range(3)),
        ],
        clerks=[clerk("c1"), clerk("c2")],
    )
    elig = eligibility(s)
    days = capacity.by_day(s, elig)
    assert days[0].shortfalls == [
        "7 June 2027: 2 blocks need a chair, 1 chair-capable member is free."
    ]
    assert days[1].shortfalls == []
    outcome = plan.run(s, weights(), **SOLVE)
    assert outcome.roster["B3"] is not None
    assert sum(outcome.roster[k] is None for k in ("B1", "B2")) == 1
    [unstaffed] = outcome.unstaffed
    assert unstaffed["reasons"] == [days[0].shortfalls[0]]
    assert outcome.refused == {}


def test_a_block_nobody_may_chair_says_why():
    s = season(
        blocks=[block("B1", [MON], school="100")],
        members=[
            member("anna", chair=True, declarations=governor_of("100")),
            member("cal", education=True),
            member("eve"),
            member("fay"),
        ],
        clerks=[clerk("c1")],
    )
    outcome = plan.run(s, weights(), **SOLVE)
    assert outcome.unstaffed == [
        {"block": "B1", "reasons": ["B1: no chair-capable member is free and eligible."]}
    ]


def test_weekly_maximum_across_blocks_is_kept_and_the_checker_agrees():
    # Cal is the only education member and may sit once a week: one of two blocks is unstaffed.
    s = season(
        blocks=[block("B1", [MON]), block("B2", [WED])],
        members=[
            member("anna", chair=True),
            member("cal", education=True, max_per_week=1),
            member("eve"),
            member("fay"),
        ],
        clerks=[clerk("c1")],
    )
    outcome = plan.run(s, weights(), **SOLVE)
    assert sorted(k for k, p in outcome.roster.items() if p is None) in (["B1"], ["B2"])
    assert "weekly or season maximum" in outcome.unstaffed[0]["reasons"][0]
    # Both panels seated anyway would break the week cap: the checker says so.
    both = {k: Panel(("anna", "cal", "eve"), "anna", "c1") for k in ("B1", "B2")}
    assert any(b.rule == "week_cap" for b in judge(s, both)["B2"])


def test_balanced_workload_reaches_the_floor_and_the_gap_is_proven():
    s = season(
        blocks=[block(f"B{i}", [MON + dt.timedelta(days=i)]) for i in range(4)],
        members=[
            member("a1", chair=True),
            member("a2", chair=True),
            member("e1", education=True),
            member("e2", education=True),
            member("l1"),
            member("l2"),
        ],
        clerks=[clerk("c1")],
    )
    result, elig = solve(s, w=weights(below_minimum=0, clerk_continuity=0, same_school=0))
    assert result.workload_floor == 2  # 12 seat-days over 6 members
    assert result.terms["max_load"] == 2
    assert result.bound == result.objective and result.gap == 0


def test_interchangeable_members_are_grouped_for_symmetry_breaking():
    s = season(
        blocks=[block("B1", [MON])],
        members=[
            member("a1", chair=True),
            member("l1"),
            member("l2"),
            member("l3"),
            member("e1", education=True),
        ],
        clerks=[clerk("c1")],
    )
    model = solver.Model(s, eligibility(s), weights())
    assert ["l1", "l2", "l3"] in model.symmetric_groups


def test_a_repeated_trio_and_a_second_clerk_for_a_school_are_avoided():
    s = season(
        blocks=[block("B1", [MON], school="100"), block("B2", [TUE], school="100")],
        members=[
            member("a1", chair=True),
            member("e1", education=True),
            member("l1"),
            member("l2"),
        ],
        clerks=[clerk("c1"), clerk("c2")],
    )
    s.past_trios = {frozenset({"a1", "e1", "l1"})}
    result, _ = solve(s, w=weights(max_load=0, below_minimum=0, same_school=0))
    assert {p.members for p in result.roster.values()} == {("a1", "e1", "l2")}
    assert len({p.clerk for p in result.roster.values()}) == 1


def test_complex_blocks_get_an_experienced_chair_and_new_members_are_paired():
    s = season(
        blocks=[block("B1", [MON]), block("B2", [MON])],
        members=[
            member("old", chair=True),
            member("young", chair=True),
            member("e1", education=True),
            member("e2", education=True),
            member("l1"),
            member("l2"),
        ],
        clerks=[clerk("c1"), clerk("c2")],
    )
    s.experienced, s.new, s.complex_blocks = {"old", "e1"}, {"l1"}, {"B2"}
    result, _ = solve(s)
    assert result.roster["B2"].chair == "old"
    l1_block = next(p for p in result.roster.values() if "l1" in p.members)
    assert {"old", "e1"} & set(l1_block.members)


def test_equality_answers_change_nothing_when_the_diversity_objective_is_off():
    def with_groups(groups):
        s = random_season(3, members=16, blocks=6)
        s.groups = groups
        return solve(s, solution_limit=None)[0].roster

    members = [f"m{i}" for i in range(16)]
    assert (
        with_groups({})
        == with_groups(dict.fromkeys(members, ("a",)))
        == with_groups({m: ("a" if i % 2 else "b",) for i, m in enumerate(members)})
    )


def test_the_diversity_objective_avoids_alike_panels_when_on():
    s = season(
        blocks=[block("B1", [MON])],
        members=[
            member("a1", chair=True),
            member("e1", education=True),
            member("e2", education=True),
            member("l1"),
            member("l2"),
        ],
        clerks=[clerk("c1")],
    )
    s.groups = {"a1": ("x",), "e1": ("x",), "l1": ("x",), "e2": ("y",), "l2": ("x",)}
    off, _ = solve(s, w=weights(diversity=0))
    on, _ = solve(s, w=weights(diversity=50))
    assert on.terms["diversity"] == 0 and "e2" in on.roster["B1"].members
    assert off.roster["B1"].members == ("a1", "e1", "l1")  # ties go to pool order


def test_replanning_after_a_withdrawal_changes_only_that_blocks_seat():
    s = random_season(11, members=20, blocks=6, days=6, clerks=3)
    first = plan.run(s, weights(), **SOLVE)
    staffed = [k for k, p in first.roster.items() if p]
    affected = staffed[0]
    gone = first.roster[affected].members[-1]
    if gone == first.roster[affected].chair:
        gone = first.roster[affected].members[0]
    again = dataclasses.replace(s, current=first.roster, excluded={affected: {gone}})
    second = plan.run(again, weights(), **SOLVE)
    assert gone not in (second.roster[affected].members if second.roster[affected] else ())
    assert seats_changed(first.roster, second.roster, outside={affected}) == 0
    if second.roster[affected]:
        assert seats_changed(first.roster, second.roster) == 1


def test_members_preferences_steer_the_roster_when_weighted():
    # e1 and e2 are alike; e1 would rather not sit on Mondays, l1 would rather sit in person
    # and avoid school 100. With the preference weight on, e2 and l2 sit; off, pool order.
    s = season(
        blocks=[block("B1", [MON], school="100", mode="remote")],
        members=[
            member("a1", chair=True),
            member("e1", education=True),
            member("e2", education=True),
            member("l1"),
            member("l2"),
        ],
        clerks=[clerk("c1")],
    )
    s.preferences = {
        "e1": Preference(avoid_weekdays=frozenset({MON.weekday()})),
        "l1": Preference(avoid_schools=frozenset({"100"}), mode="in_person"),
    }
    assert s.preferences["l1"].cost(s.blocks[0]) == 2
    on, _ = solve(s, w=weights(preference=5))
    assert set(on.roster["B1"].members) == {"a1", "e2", "l2"} and on.terms["preference"] == 0
    off, _ = solve(s, w=weights(preference=0))
    assert off.roster["B1"].members == ("a1", "e1", "l1")


def two_weeks(**kw):
    return random_season(kw.pop("seed", 11), members=20, blocks=10, days=10, clerks=3, **kw)


def test_a_season_is_cut_into_components_and_weeks():
    s = season(
        blocks=[
            block("B1", [MON]),
            block("B2", [MON + dt.timedelta(days=7)]),
            block("B3", [TUE], school="300"),
        ],
        members=[
            member("a1", chair=True, weekly={0: "either"}),
            member("e1", education=True, weekly={0: "either"}),
            member("l1", weekly={0: "either"}),
            member("a2", chair=True, weekly={1: "either"}),
            member("e2", education=True, weekly={1: "either"}),
            member("l2", weekly={1: "either"}),
        ],
        clerks=[clerk("c1"), clerk("c2", employments=[("school", "300", "", None, None)])],
    )
    elig = eligibility(s)
    # Mondays' and Tuesdays' members differ, but c1 may clerk every block: one component.
    assert decompose.components(s, elig) == [["B1", "B3", "B2"]]
    assert decompose.parts(s, elig) == [["B1", "B3"], ["B2"]]
    assert decompose.label(s, ["B1", "B3"]) == "week of 7 June 2027"
    # With c1 kept for Mondays (c2 cannot clerk school 300's block), B3 shares nobody.
    elig.clerks = {"B1": ["c2"], "B2": ["c2"], "B3": ["c1"]}
    assert decompose.components(s, elig) == [["B1", "B2"], ["B3"]]
    assert decompose.parts(s, elig) == [["B1"], ["B3"], ["B2"]]


def test_a_part_scores_as_the_season_does_up_to_a_constant():
    s = two_weeks()
    w = weights(preference=2)
    s.preferences = {
        "m1": Preference(avoid_weekdays=frozenset({0})),
        "m4": Preference(mode="remote"),
    }
    elig = eligibility(s)
    groups = decompose.parts(s, elig)
    assert len(groups) == 2
    a = plan.run(s, w, **SOLVE, **SPLIT).roster
    part = next(g for g in groups if any(a[k] for k in g))
    k = next(k for k in part if a[k])
    b = dict(a) | {k: None}  # one block of the part left unstaffed: still lawful
    whole = solver.evaluate(s, elig, w, b) - solver.evaluate(s, elig, w, a)
    sub, sub_elig = decompose.sub_season(s, elig, part, a)
    alone = solver.evaluate(sub, sub_elig, w, {j: b[j] for j in part}) - solver.evaluate(
        sub, sub_elig, w, {j: a[j] for j in part}
    )
    assert whole == alone


def test_a_decomposed_run_reports_each_part_a_proven_floor_and_blocks_solved():
    s = two_weeks()
    seen = []
    outcome = plan.run(
        s,
        weights(),
        **SOLVE,
        **SPLIT,
        report=lambda phase, p, left: seen.append((phase, p)),
        tick=0.01,
    )
    r = outcome.result
    assert len(r.parts) == 2 and sum(p["blocks"] for p in r.parts) == len(s.blocks)
    assert all({"objective", "bound", "unstaffed", "unstaffed_floor"} <= set(p) for p in r.parts)
    assert r.unstaffed_floor <= len(outcome.unstaffed)
    assert r.bound <= r.objective and r.gap is not None
    assert outcome.first_lawful_seconds is not None
    assert seen[-1][0] == "Finished" and seen[-1][1].blocks_solved == len(s.blocks)
    assert outcome.refused == {}
    # The same season in one model finds no roster better than the floor allows.
    whole = plan.run(s, weights(), **SOLVE, decompose_parts=False).result
    assert r.bound <= whole.objective + 1e-6


def test_the_capacity_floor_counts_a_short_season():
    # One chair for three one-day blocks on three days, who may sit twice a season: one
    # block must go unstaffed whatever the roster.
    days = [MON, TUE, WED]
    s = season(
        blocks=[block(f"B{i}", [d]) for i, d in enumerate(days)],
        members=[
            member("a1", chair=True, max_per_season=2),
            member("e1", education=True),
            member("l1"),
        ],
        clerks=[clerk("c1")],
    )
    elig = eligibility(s)
    assert decompose.capacity_floor(s, elig) == 1
    w = weights()
    assert decompose.objective_floor(s, elig, w, 1) == w["unstaffed"] + w["max_load"] * 2
    outcome = plan.run(s, w, **SOLVE)
    assert len(outcome.unstaffed) == 1 and outcome.result.unstaffed_floor == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.sampled_from([(8, 5, 4), (14, 9, 6), (20, 12, 8)]))
def test_the_checker_never_refuses_an_engine_roster(seed, size):
    members, blocks, days = size
    s = random_season(seed, members=members, blocks=blocks, days=days, groups=seed % 2 == 0)
    w = weights(diversity=10 if seed % 2 == 0 else 0)
    result, _ = solve(s, w=w, solution_limit=3)
    assert not {k: v for k, v in judge(s, result.roster).items() if v}
    base = greedy.compose(s, eligibility(s))
    assert not {k: v for k, v in judge(s, base).items() if v}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_decomposed_runs_are_lawful_and_their_floor_is_never_above_the_optimum(seed):
    s = random_season(seed, members=14, blocks=8, days=8, clerks=2)
    w = weights()
    outcome = plan.run(s, w, **(SOLVE | SPLIT | {"time_limit": 20}), solution_limit=5)
    assert outcome.refused == {}
    assert not {k: v for k, v in judge(s, outcome.roster).items() if v}
    whole = solver.solve(s, outcome.elig, w, **SOLVE)
    if whole.status == "OPTIMAL":
        assert outcome.result.bound <= whole.objective + 1e-6
        assert outcome.result.unstaffed_floor <= whole.terms["unstaffed"]


def test_the_engines_start_spares_members_with_a_low_season_maximum():
    # e1 may sit once this season, e2 without a maximum: by hand, e1 (first in the pool)
    # takes Monday and Tuesday's block has no education member; sparing e1 staffs both.
    s = season(
        blocks=[block("B1", [MON]), block("B2", [TUE], school="200")],
        members=[
            member("a1", chair=True),
            member("e1", education=True, max_per_season=1),
            member("e2", education=True, declarations=governor_of("200")),
            member("l1"),
        ],
        clerks=[clerk("c1")],
    )
    elig = eligibility(s)
    by_hand = greedy.compose(s, elig)
    spared = greedy.compose(s, elig, spare_capped=True)
    assert by_hand["B2"] is None and "e1" in by_hand["B1"].members
    assert "e2" in spared["B1"].members and "e1" in spared["B2"].members
    assert not any(judge(s, spared).values())


def test_a_solver_stopped_before_any_roster_proposes_the_lawful_start():
    # CP-SAT is stopped before any work (a deterministic limit, not the clock): the run still
    # proposes the lawful greedy start the checker passed, saying UNKNOWN and proving no bound.
    s = random_season(seed=3, blocks=8)
    stop = {"max_deterministic_time": 0.0}
    outcome = plan.run(s, weights(), **SOLVE, limits=stop)
    result = outcome.result
    assert result.status == "UNKNOWN" and result.solutions == 0
    assert result.bound is None and result.gap is None and result.objective is not None
    assert any(outcome.roster.values()) and not outcome.refused
    assert not any(judge(s, outcome.roster).values())
    # Part by part, each part stopped the same way, keeps the start too.
    split = plan.run(s, weights(), **(SOLVE | SPLIT | {"time_limit": 2}), limits=stop)
    assert not split.refused and not any(judge(s, split.roster).values())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_the_lp_hint_changes_where_the_search_starts_not_what_it_proves(seed):
    # The whole-season model's first solution may be its LP's rounded (decompose): the roster
    # is still lawful and, solved to the end, as good as from the greedy start.
    s = random_season(seed, members=14, blocks=8, days=6, clerks=2)
    elig = eligibility(s)
    start = greedy.compose(s, elig)
    led = solver.solve(s, elig, decompose.HARD_ONLY, **SOLVE, warm_start=start, lp_hint=True)
    plain = solver.solve(s, elig, decompose.HARD_ONLY, **SOLVE, warm_start=start)
    assert led.status == plain.status == "OPTIMAL"
    assert led.objective == plain.objective
    assert not any(judge(s, led.roster).values())


# One deadline for the whole run (clock.py): driven by a fake clock, never the wall clock.


class FakeClock:
    """Moves on by ``step`` at each read; a search moves it on by what it was given."""

    def __init__(self, step=0.01):
        self.now, self.step = 0.0, step

    def __call__(self):
        self.now += self.step
        return self.now - self.step


def watch_searches(monkeypatch, clock, limit, overrun=0.0):
    """Every CP-SAT search the run starts (not the fixed-roster scores): the seconds it was
    given and the seconds left before the deadline then. The real solver runs; the clock is
    then moved on as if the search took all it was given, and ``overrun`` more."""
    given, scoring = [], []
    real_solve, real_score = cp_model.CpSolver.solve, solver.score

    def score(*args, **kwargs):
        scoring.append(True)
        try:
            return real_score(*args, **kwargs)
        finally:
            scoring.pop()

    def solve(self, model, *args, **kwargs):
        if scoring:
            return real_solve(self, model, *args, **kwargs)
        budget = self.parameters.max_time_in_seconds
        given.append((budget, limit - clock.now))
        # CP-SAT's real time stays small: these seasons are proven in milliseconds.
        status = real_solve(self, model, *args, **kwargs)
        clock.now += budget + overrun
        return status

    monkeypatch.setattr(solver, "score", score)
    monkeypatch.setattr(cp_model.CpSolver, "solve", solve)
    return given


@pytest.mark.parametrize("seed", [11, 29])
def test_no_search_is_given_more_than_the_run_has_left(monkeypatch, seed):
    s = random_season(seed, members=20, blocks=12, days=10, clerks=2)
    limit, clock = 12.0, FakeClock()
    given = watch_searches(monkeypatch, clock, limit)
    outcome = plan.run(s, weights(), **(SOLVE | SPLIT | {"time_limit": limit}), clock=clock)
    assert len(given) > 3  # the relaxation, the whole season, the parts, their floors
    assert all(0 < budget <= left for budget, left in given)
    # The searches took all they were given, so the run used its time up to the deadline,
    # less what it keeps back for the finishing steps, and started nothing after it.
    assert limit - 1.0 <= clock.now
    assert not outcome.refused and not any(judge(s, outcome.roster).values())
    assert outcome.result.bound <= outcome.result.objective


def test_a_deadline_passed_mid_run_starts_nothing_more_and_the_roster_is_lawful(monkeypatch):
    # The first search (the season-wide relaxation) overruns the whole limit: no other search
    # starts, and the run still ends with the lawful start the checker passed.
    s = random_season(11, members=20, blocks=12, days=10, clerks=2)
    limit, clock = 12.0, FakeClock()
    given = watch_searches(monkeypatch, clock, limit, overrun=limit)
    outcome = plan.run(s, weights(), **(SOLVE | SPLIT | {"time_limit": limit}), clock=clock)
    assert len(given) == 1 and 0 < given[0][0] <= given[0][1]
    assert not outcome.refused and not any(judge(s, outcome.roster).values())
    assert any(outcome.roster.values())
    r = outcome.result
    assert r.bound is not None and r.bound <= r.objective
    # One model (a round): out of time before CP-SAT starts, the lawful start is proposed.
    clock = FakeClock(step=limit)  # the eligibility check alone takes the whole limit
    given = watch_searches(monkeypatch, clock, limit)
    late = plan.run(s, weights(), **(SOLVE | {"time_limit": limit}), clock=clock)
    assert given == [] and late.result.status == "UNKNOWN"
    assert not late.refused and not any(judge(s, late.roster).values())
