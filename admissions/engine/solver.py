"""The CP-SAT model of a season (OR-Tools). Pure: a ``Season`` in, a ``Result`` out.

Hard rules come from the checker through ``Eligibility`` (who may sit, chair, clerk each
block) plus what spans blocks: one sitting a day, weekly and season maxima, exactly one chair,
one clerk, a lay and an education member. Each block has an "unstaffed" slack with a large cost,
so the model is always feasible and an impossible day leaves the rest solved.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .. import checker
from . import lpbound
from .clock import LEAST, Deadline
from .season import PANEL_SIZE, Eligibility, Panel, Roster, Season

# The objective's terms, each with its default weight (settings.ADMISSIONS_ENGINE_WEIGHTS
# overrides these, and a clerk may override per run). Integers: CP-SAT works in integers.
DEFAULT_WEIGHTS = {
    "unstaffed": 10000,  # per block left without a panel
    "max_load": 40,  # the most sittings any member has (balanced workload)
    "below_minimum": 20,  # per sitting a member falls short of the minimum
    "minimum_sittings": 2,  # not a weight: the minimum number of sittings per member
    "same_school": 6,  # per sitting beyond two with the same school in a rolling year
    "repeated_trio": 30,  # per panel that repeats a trio from the rolling year
    "inexperienced_chair": 15,  # per complex block chaired by someone not experienced
    "new_unpaired": 15,  # per block with a new member and no experienced one
    "travel": 1,  # per in-person seat outside the member's travel area
    "clerk_continuity": 8,  # per clerk a school's blocks use (one is the least)
    "preference": 3,  # per wish a seat goes against (the member's own preferences page)
    "diversity": 0,  # per panel alike in a voluntarily declared characteristic; off by default
    "change": 200,  # re-planning: per seat changed from the saved roster
}


def weights_with(overrides: dict | None, defaults: dict | None = None) -> dict:
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(defaults or {})
    for key, value in (overrides or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise ValueError(f"Unknown objective weight {key!r}")
        if int(value) < 0:
            raise ValueError(f"The weight {key!r} must be 0 or more")
        weights[key] = int(value)
    return weights


@dataclass
class Progress:
    """Shared between the solver's thread and whoever reports progress."""

    solutions: int = 0
    objective: float | None = None
    bound: float | None = None
    first_feasible_seconds: float | None = None
    started: float = field(default_factory=time.monotonic)
    blocks_solved: int = 0  # decomposed runs: blocks of the parts solved so far


@dataclass
class Result:
    roster: Roster
    status: str
    objective: float | None
    bound: float | None
    gap: float | None  # (objective - bound) / objective; 0 when proven optimal
    workload_floor: int  # the most-loaded member's floor a perfectly balanced roster reaches
    first_feasible_seconds: float | None
    seconds: float
    solutions: int
    terms: dict[str, int] = field(default_factory=dict)  # each objective term's value
    seed: int | None = None
    # Decomposed runs (decompose.py): one line per part (objective, bound and gap of its own
    # model with the rest fixed), the proven floor of unstaffed blocks, and when CP-SAT first
    # improved on the starting roster.
    parts: list[dict] = field(default_factory=list)
    unstaffed_floor: int | None = None
    first_solver_seconds: float | None = None
    # The season-wide relaxation (relax.py): its floor, status, best plan's unstaffed count,
    # seconds, and whether the roster it led (greedy.guided) became the start.
    relaxation: dict = field(default_factory=dict)
    # Seconds from the call to CP-SAT's start (model building, hint, LP): outside its limit.
    build_seconds: float = 0.0


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, progress: Progress, lock: threading.Lock, limit: int | None, target=None):
        super().__init__()
        self.progress, self.lock, self.limit, self.target = progress, lock, limit, target

    def on_solution_callback(self):
        with self.lock:
            p = self.progress
            p.solutions += 1
            p.objective = self.objective_value
            p.bound = self.best_objective_bound
            if p.first_feasible_seconds is None:
                p.first_feasible_seconds = time.monotonic() - p.started
        if self.limit and self.progress.solutions >= self.limit:
            self.stop_search()
        elif self.target is not None and self.objective_value <= self.target + 1e-6:
            self.stop_search()  # at a bound proven elsewhere: nothing better exists


def gap_of(objective, bound) -> float | None:
    if objective is None or bound is None:
        return None
    if abs(objective) < 1e-9:
        return 0.0
    return max(0.0, (objective - bound) / abs(objective))


def workload_floor(season: Season, elig: Eligibility, roster: Roster | None = None) -> int:
    """Sittings the busiest member has at least, if every staffable block is staffed (or the
    given roster's blocks): total seat-days over the members eligible for anything."""
    keys = [k for k, p in roster.items() if p] if roster is not None else list(elig.members)
    eligible = set().union(*(elig.members[k] for k in keys)) if keys else set()
    demand = sum(PANEL_SIZE * len(set(season.block(k).days)) for k in keys)
    return math.ceil(demand / len(eligible)) if eligible else 0


class Model:
    """The CP-SAT model of one season and its decision variables."""

    def __init__(
        self, season: Season, elig: Eligibility, weights: dict, *, seed=None, symmetry=True
    ):
        self.season, self.elig, self.w = season, elig, weights
        self.m = cp_model.CpModel()
        m, w = self.m, weights
        self.x, self.chair, self.clerk, self.unstaffed = {}, {}, {}, {}
        # Auxiliary variables and how each follows from the assignment, so a first solution
        # (the greedy roster) can be hinted in full: a partial hint CP-SAT must repair.
        self.aux: list[tuple] = []
        days = {b.key: sorted(set(b.days)) for b in season.blocks}
        self.days = days
        terms: dict[str, list] = defaultdict(list)
        self.terms = terms
        lay = {k for k in season._members if season.member(k).category == checker.LAY}
        for b in season.blocks:
            k = b.key
            u = m.new_bool_var(f"u[{k}]")
            self.unstaffed[k] = u
            staffed = 1 - u
            xs = {mk: m.new_bool_var(f"x[{k},{mk}]") for mk in elig.members[k]}
            for mk, v in xs.items():
                self.x[k, mk] = v
            cs = {mk: m.new_bool_var(f"c[{k},{mk}]") for mk in elig.chairs[k]}
            for mk, v in cs.items():
                self.chair[k, mk] = v
                m.add_implication(v, xs[mk])
            ks = {ck: m.new_bool_var(f"k[{k},{ck}]") for ck in elig.clerks[k]}
            for ck, v in ks.items():
                self.clerk[k, ck] = v
            if not days[k] or not cs or not ks or len(xs) < PANEL_SIZE:
                m.add(u == 1)
            m.add(sum(xs.values()) == PANEL_SIZE * staffed)
            m.add(sum(cs.values()) == staffed)
            m.add(sum(ks.values()) == staffed)
            m.add(sum(v for mk, v in xs.items() if mk in lay) >= staffed)
            m.add(sum(v for mk, v in xs.items() if mk not in lay) >= staffed)
            terms["unstaffed"].append(u)

        # One sitting a day for members and clerks.
        member_day, clerk_day = defaultdict(list), defaultdict(list)
        for (k, mk), v in self.x.items():
            for d in days[k]:
                member_day[mk, d].append(v)
        for (k, ck), v in self.clerk.items():
            for d in days[k]:
                clerk_day[ck, d].append(v)
        for group in (*member_day.values(), *clerk_day.values()):
            if len(group) > 1:
                m.add_at_most_one(group)
        self._capacity_cuts(lay)

        # Weekly and season maxima, counting bookings outside the run (as the checker does).
        by_member = defaultdict(list)
        for (k, mk), v in self.x.items():
            by_member[mk].append((k, v))
        self.load = {}
        for mk, pairs in by_member.items():
            facts = season.member(mk)
            if facts.max_per_week:
                existing = defaultdict(int)
                for d in set(facts.other_sittings):
                    existing[d.isocalendar()[:2]] += 1
                weeks = defaultdict(list)
                for k, v in pairs:
                    for d in days[k]:
                        weeks[d.isocalendar()[:2]].append(v)
                for wk, vs in weeks.items():
                    room = facts.max_per_week - existing[wk]
                    if len(vs) > room:
                        m.add(sum(vs) <= room)
            if facts.max_per_season:
                years = defaultdict(list)
                for k, v in pairs:
                    years[season.academic_year.get(k)].append(len(days[k]) * v)
                for vs in years.values():
                    m.add(sum(vs) <= facts.max_per_season - facts.season_sittings)
            # Sittings on blocks outside this part (decomposition) count towards the load.
            off = season.load_offset.get(mk, 0)
            load = m.new_int_var(off, off + sum(len(days[k]) for k, _ in pairs), f"load[{mk}]")
            m.add(load == off + sum(len(days[k]) * v for k, v in pairs))
            self.load[mk] = load
            self.aux.append(
                (load, lambda val, p=pairs, o=off: o + sum(len(days[k]) * val(v) for k, v in p))
            )

        # Balanced workload, with the floor a perfectly balanced roster would reach as a cut.
        fixed_top = max(season.load_offset.values(), default=0)
        top = max(
            (
                season.load_offset.get(mk, 0) + sum(len(days[k]) for k, _ in p)
                for mk, p in by_member.items()
            ),
            default=0,
        )
        self.max_load = m.new_int_var(fixed_top, max(top, fixed_top), "max_load")
        for load in self.load.values():
            m.add(load <= self.max_load)
        self.aux.append(
            (
                self.max_load,
                lambda val: max([fixed_top, *(val(v) for v in self.load.values())]),
            )
        )
        if self.load:
            seat_days = sum(
                PANEL_SIZE * len(days[b.key]) * (1 - self.unstaffed[b.key]) for b in season.blocks
            )
            offsets = sum(season.load_offset.get(mk, 0) for mk in self.load)
            m.add(len(self.load) * self.max_load >= seat_days + offsets)
        terms["max_load"].append(self.max_load)
        floor = w["minimum_sittings"]
        if floor and w["below_minimum"]:
            for mk, load in self.load.items():
                short = m.new_int_var(0, floor, f"short[{mk}]")
                m.add(short >= floor - load)
                self.aux.append((short, lambda val, ld=load: max(0, floor - val(ld))))
                terms["below_minimum"].append(short)

        # Rotation: the same school too often in a rolling year; repeated trios.
        if w["same_school"]:
            per_school = defaultdict(list)
            for (k, mk), v in self.x.items():
                per_school[mk, season.block(k).school].append((len(days[k]), v))
            for (mk, school), pairs in per_school.items():
                allowance = max(0, 2 - season.school_history.get((mk, school), 0))
                most = sum(n for n, _ in pairs)
                if most > allowance:
                    extra = m.new_int_var(0, most, f"school[{mk},{school}]")
                    m.add(extra >= sum(n * v for n, v in pairs) - allowance)
                    self.aux.append(
                        (
                            extra,
                            lambda val, p=pairs, a=allowance: max(
                                0, sum(n * val(v) for n, v in p) - a
                            ),
                        )
                    )
                    terms["same_school"].append(extra)
        if w["repeated_trio"] and season.past_trios:
            for b in season.blocks:
                k = b.key
                for trio in season.past_trios:
                    vs = [self.x.get((k, mk)) for mk in trio]
                    if all(v is not None for v in vs):
                        t = m.new_bool_var(f"trio[{k}]")
                        m.add(t >= sum(vs) - 2)
                        self.aux.append((t, lambda val, vs=vs: int(sum(map(val, vs)) == 3)))
                        terms["repeated_trio"].append(t)

        # Experience: complex blocks chaired by experienced chairs; new members paired.
        for b in season.blocks:
            k = b.key
            if w["inexperienced_chair"] and k in season.complex_blocks:
                for mk in elig.chairs[k]:
                    if mk not in season.experienced:
                        terms["inexperienced_chair"].append(self.chair[k, mk])
            if w["new_unpaired"]:
                new = [self.x[k, mk] for mk in elig.members[k] if mk in season.new]
                seasoned = [self.x[k, mk] for mk in elig.members[k] if mk in season.experienced]
                if new:
                    lone = m.new_bool_var(f"lone[{k}]")
                    for v in new:
                        m.add(lone >= v - sum(seasoned))
                    self.aux.append(
                        (
                            lone,
                            lambda val, n=new, e=seasoned: int(
                                any(map(val, n)) and not any(map(val, e))
                            ),
                        )
                    )
                    terms["new_unpaired"].append(lone)
            if w["travel"] and k in season.block_area:
                area = season.block_area[k].casefold()
                for mk in elig.members[k]:
                    home = season.member_area.get(mk, "").casefold()
                    if home and home not in area:
                        terms["travel"].append(self.x[k, mk])

        # Clerk continuity: each clerk a school's blocks use costs, so one clerk is cheapest.
        if w["clerk_continuity"]:
            used = {}
            for (k, ck), v in self.clerk.items():
                school = season.block(k).school
                if (ck, school) in season.clerk_schools:
                    continue  # already this school's clerk on a block outside this part
                if (ck, school) not in used:
                    used[ck, school] = m.new_bool_var(f"used[{ck},{school}]")
                m.add_implication(v, used[ck, school])
            users = defaultdict(list)
            for (k, ck), v in self.clerk.items():
                if (ck, season.block(k).school) in used:
                    users[ck, season.block(k).school].append(v)
            for key, var in used.items():
                self.aux.append((var, lambda val, vs=users[key]: int(any(map(val, vs)))))
            terms["clerk_continuity"].extend(used.values())

        # Members' preferences (their own page): each wish a seat goes against costs.
        if w["preference"] and season.preferences:
            for (k, mk), v in self.x.items():
                wish = season.preferences.get(mk)
                cost = wish.cost(season.block(k)) if wish else 0
                if cost:
                    terms["preference"].append(cost * v)

        # Non-homogeneous panels: only when the clerk turns it on (the labels are empty else).
        if w["diversity"] and season.groups:
            n_chars = max(len(g) for g in season.groups.values())
            for b in season.blocks:
                k = b.key
                for i in range(n_chars):
                    labels = defaultdict(list)
                    for mk in elig.members[k]:
                        g = season.groups.get(mk)
                        if g and i < len(g) and g[i]:
                            labels[g[i]].append(self.x[k, mk])
                    for label, vs in labels.items():
                        if len(vs) >= PANEL_SIZE:
                            alike = m.new_bool_var(f"alike[{k},{i},{label}]")
                            m.add(alike >= sum(vs) - (PANEL_SIZE - 1))
                            self.aux.append(
                                (alike, lambda val, vs=vs: int(sum(map(val, vs)) >= PANEL_SIZE))
                            )
                            terms["diversity"].append(alike)

        # Minimal change: every seat of the saved roster kept is free, any other costs.
        if w["change"] and season.current:
            for k, panel in season.current.items():
                if panel is None or k not in days:
                    continue
                for mk in panel.members:
                    v = self.x.get((k, mk))
                    terms["change"].append(1 - v if v is not None else 1)
                v = self.clerk.get((k, panel.clerk))
                terms["change"].append(1 - v if v is not None else 1)

        # Randomised rosters: a small seeded perturbation breaks ties among near-optimal ones.
        self.seed = seed
        if seed is not None:
            rng = random.Random(seed)
            for v in self.x.values():
                terms["random"].append(rng.randint(0, 2) * v)

        if seed is None and symmetry:
            self._break_symmetry()
        else:
            self.symmetric_groups = []
        objective = []
        for name, vs in terms.items():
            weight = 1 if name == "random" else w.get(name, 0)
            if weight and vs:
                objective.append(weight * sum(vs))
        m.minimize(sum(objective))

    def _capacity_cuts(self, lay: set[str]) -> None:
        """Per day, the blocks staffed cannot outnumber the chairs, clerks, lay or education
        members free that day (the capacity check's counts). Implied by the rest, but stated
        they give CP-SAT's bound the unstaffed blocks an impossible day forces at once."""
        s, elig = self.season, self.elig
        on_day = defaultdict(list)
        for b in s.blocks:
            for d in self.days[b.key]:
                on_day[d].append(b.key)
        for keys in on_day.values():
            members = set().union(*(elig.members[k] for k in keys))
            room = min(
                len(set().union(*(elig.chairs[k] for k in keys))),
                len(set().union(*(elig.clerks[k] for k in keys))),
                len(members & lay),
                len(members - lay),
                len(members) // PANEL_SIZE,
            )
            if room < len(keys):
                self.m.add(sum(1 - self.unstaffed[k] for k in keys) <= room)

    def _break_symmetry(self):
        """Members alike in everything the model reads are interchangeable: order their loads,
        so the solver does not explore each permutation of the same roster."""
        s, elig = self.season, self.elig
        signature = defaultdict(list)
        blocks_of = defaultdict(set)
        chairs_of = defaultdict(set)
        for k, mks in elig.members.items():
            for mk in mks:
                blocks_of[mk].add(k)
        for k, mks in elig.chairs.items():
            for mk in mks:
                chairs_of[mk].add(k)
        current = {(k, mk) for k, p in s.current.items() if p for mk in p.members}
        history = defaultdict(set)
        for (m2, sc), n in s.school_history.items():
            history[m2].add((sc, n))
        for mk in self.load:
            f = s.member(mk)
            sig = (
                frozenset(blocks_of[mk]),
                frozenset(chairs_of[mk]),
                f.category,
                f.max_per_week,
                f.max_per_season,
                f.season_sittings,
                frozenset(f.other_sittings),
                mk in s.experienced,
                mk in s.new,
                s.load_offset.get(mk, 0),
                s.preferences.get(mk) if self.w["preference"] else None,
                s.member_area.get(mk, ""),
                s.groups.get(mk, ()) if self.w["diversity"] else (),
                frozenset(history[mk]),
                frozenset(k for k, m2 in current if m2 == mk),
                any(mk in t for t in s.past_trios),
            )
            signature[sig].append(mk)
        self.symmetric_groups = [g for g in signature.values() if len(g) > 1]
        for group in self.symmetric_groups:
            for a, b in zip(group, group[1:], strict=False):
                self.m.add(self.load[a] >= self.load[b])

    def hint(self, roster: Roster) -> None:
        """Give the solver a first solution (the greedy baseline), with interchangeable
        members relabelled so the roster meets the symmetry-breaking order."""
        load = defaultdict(int)
        for k, p in roster.items():
            if p:
                for mk in p.members:
                    load[mk] += len(self.days[k])
        rename = {}
        for group in self.symmetric_groups:
            by_load = sorted(group, key=lambda mk: -load[mk])
            rename |= dict(zip(by_load, group, strict=True))
        if rename:
            roster = {
                k: Panel(
                    tuple(rename.get(mk, mk) for mk in p.members),
                    rename.get(p.chair, p.chair),
                    p.clerk,
                )
                if p
                else None
                for k, p in roster.items()
            }
        value = {}
        for (k, mk), v in self.x.items():
            p = roster.get(k)
            value[v.index] = int(bool(p and mk in p.members))
        for (k, mk), v in self.chair.items():
            p = roster.get(k)
            value[v.index] = int(bool(p and p.chair == mk))
        for (k, ck), v in self.clerk.items():
            p = roster.get(k)
            value[v.index] = int(bool(p and p.clerk == ck))
        for k, u in self.unstaffed.items():
            value[u.index] = int(roster.get(k) is None)

        def val(var):
            return value[var.index]

        for var, rule in self.aux:
            value[var.index] = rule(val)
        for var_index, v in value.items():
            self.m.add_hint(_var(self.m, var_index), v)

    def read(self, solver: cp_model.CpSolver) -> Roster:
        roster: Roster = {}
        for b in self.season.blocks:
            k = b.key
            if solver.value(self.unstaffed[k]):
                roster[k] = None
                continue
            members = tuple(mk for mk in self.elig.members[k] if solver.value(self.x[k, mk]))
            chair = next(mk for mk in self.elig.chairs[k] if solver.value(self.chair[k, mk]))
            clerk = next(ck for ck in self.elig.clerks[k] if solver.value(self.clerk[k, ck]))
            roster[k] = Panel(members, chair, clerk)
        return roster

    def term_values(self, solver) -> dict[str, int]:
        out = {}
        for name, vs in self.terms.items():
            out[name] = int(sum(solver.value(v) if not isinstance(v, int) else v for v in vs))
        return out


def _var(model: cp_model.CpModel, index: int):
    return model.get_int_var_from_proto_index(index)


def solve(
    season: Season,
    elig: Eligibility,
    weights: dict,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    random_seed: int = 0,
    solution_limit: int | None = None,
    warm_start: Roster | None = None,
    randomise_seed: int | None = None,
    progress: Progress | None = None,
    allow_none: bool = False,
    limits: dict | None = None,
    target: float | None = None,
    lp_hint: bool = False,
    deadline: Deadline | None = None,
) -> Result | None:
    """Solve the season; ``progress`` is updated from the solver's thread as it goes. With
    ``allow_none``, a time limit reached before any roster returns None instead of raising.
    ``limits`` are further CP-SAT parameters (e.g. ``max_deterministic_time``: tests stop the
    search by work done rather than by the clock). ``target``: a proven lower bound of the
    objective from elsewhere (the relaxation's floor); the search stops at a roster that
    reaches it, which is then optimal (reported as such). ``lp_hint``: the first solution
    hinted is the model's LP solution (lpbound.py) rounded, not ``warm_start``; the LP's time
    comes out of ``time_limit``. On the demo season's whole-season model the LP is nearly
    whole (199 of 9,637 seats fractional) and CP-SAT repairs its rounding to 61 unstaffed in
    3 s, where from the greedy start it reached 68 in 15 s.

    With a run's ``deadline`` (clock.py) the search is given no more than is left before it
    (the model's building counted), and none at all (None with ``allow_none``) when less
    than ``clock.LEAST`` is."""
    progress = progress or Progress()
    lock = threading.Lock()
    now = deadline.now if deadline else time.monotonic
    started = now()
    progress.started = time.monotonic()
    model = Model(season, elig, weights, seed=randomise_seed)
    values: dict[int, float] = {}
    if lp_hint:
        lp_limit = deadline.grant(time_limit - (now() - started)) if deadline else None
        lpbound.lower_bound(model.m, values, time_limit=lp_limit)
    if values:
        for v in (*model.x.values(), *model.chair.values(), *model.clerk.values()):
            model.m.add_hint(v, int(values[v.index] > 0.5))
        for v in model.unstaffed.values():
            model.m.add_hint(v, int(values[v.index] > 0.5))
    elif warm_start:
        model.hint(warm_start)
    build_seconds = now() - started
    budget = max(0.0, time_limit - (build_seconds if lp_hint else 0.0))
    if deadline:
        budget = deadline.grant(budget)
    if budget < LEAST:
        if allow_none:
            return None
        budget = max(budget, 0.1)  # a caller that must have a roster
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(budget)
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(random_seed)
    for name, value in (limits or {}).items():
        if isinstance(value, list):  # a repeated parameter (e.g. subsolvers)
            getattr(solver.parameters, name).extend(value)
        else:
            setattr(solver.parameters, name, value)
    status = solver.solve(model.m, _Callback(progress, lock, solution_limit, target))
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and allow_none:
        return None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(
            f"CP-SAT found no roster ({name}); the unstaffed slack should prevent it"
        )
    objective, bound = solver.objective_value, solver.best_objective_bound
    if status == cp_model.OPTIMAL:
        bound = objective
    elif target is not None and objective <= target + 1e-6:
        bound, name = objective, "OPTIMAL"  # at the bound proven elsewhere
    roster = model.read(solver)
    return Result(
        roster=roster,
        status=name,
        objective=objective,
        bound=bound,
        gap=gap_of(objective, bound),
        workload_floor=workload_floor(season, elig, roster),
        first_feasible_seconds=progress.first_feasible_seconds,
        seconds=now() - started,
        solutions=progress.solutions,
        terms=model.term_values(solver),
        seed=randomise_seed,
        build_seconds=build_seconds,
    )


def evaluate(season: Season, elig: Eligibility, weights: dict, roster: Roster) -> float | None:
    """The objective a given roster (e.g. the greedy one) scores under the same model, by
    fixing it and solving; None if the model refuses it."""
    return score(season, elig, weights, roster)[0]


def score(
    season: Season, elig: Eligibility, weights: dict, roster: Roster
) -> tuple[float | None, dict[str, int]]:
    """The objective and each term's value a given roster scores under the model (fixed and
    solved, so the model stays the one definition of the objective); (None, {}) if refused.
    Without symmetry breaking: a lawful roster need not list interchangeable members in the
    order the search uses, and its score is the same either way."""
    model = Model(season, elig, weights, symmetry=False)
    for (k, mk), v in model.x.items():
        p = roster.get(k)
        model.m.add(v == int(bool(p and mk in p.members)))
    for (k, mk), v in model.chair.items():
        p = roster.get(k)
        model.m.add(v == int(bool(p and p.chair == mk)))
    for (k, ck), v in model.clerk.items():
        p = roster.get(k)
        model.m.add(v == int(bool(p and p.clerk == ck)))
    for k, u in model.unstaffed.items():
        model.m.add(u == int(roster.get(k) is None))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    status = solver.solve(model.m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, {}
    return solver.objective_value, model.term_values(solver)
