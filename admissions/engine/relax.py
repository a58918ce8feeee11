"""A season-wide relaxation of the panel model that keeps the season maxima (issue 13).

The full model decides who sits on which block. This one decides less, over the whole season
at once: per block, staffed or not (``s``); who chairs and who clerks it (exact, as in the full
model); and per member and hearing day, whether they sit that day at all (``y``), without
saying on which block. Each day's staffed blocks must find that day's sitters: three per
block, a lay member and a member with experience in education per block, a chair per block
who is among them. Every cap the full model has is kept on ``y``: one sitting a day, the
weekly maximum (bookings outside the run counted), the season maximum per academic year.

Every lawful roster gives a solution of this model with the same number of unstaffed blocks
(a staffed block's members sit each of its days; its chair and clerk are as chosen), so the
fewest unstaffed blocks here, or CP-SAT's proven bound on it, is a floor for every roster.
What is dropped: that a block's members are the same on each of its days, and that each
sitter is eligible for the particular block (not only for some block that day). Those are
why the floor can sit below the true optimum. ``tests/admissions_engine/test_relax.py``
checks the floor against the full model solved to optimality on random small seasons.

The relaxation's best solution is also a plan: which blocks to staff, and how many days each
member spends in which week. ``greedy.guided`` builds a lawful roster from it, so members with
a low season maximum are kept for the blocks the season needs them on, not the first weeks.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .. import checker
from . import lpbound
from .clock import LEAST, Deadline
from .season import PANEL_SIZE, Eligibility, Roster, Season


@dataclass
class Plan:
    floor: int  # proven: every roster leaves at least this many blocks unstaffed
    status: str  # CP-SAT's status on the relaxation (OPTIMAL: the floor is its optimum)
    unstaffed: int | None  # the relaxation's best solution (None: none found in time)
    staffed: set[str] = field(default_factory=set)
    chairs: dict[str, str] = field(default_factory=dict)  # block -> chair in the plan
    clerks: dict[str, str] = field(default_factory=dict)  # block -> clerk in the plan
    sits: dict[str, set] = field(default_factory=dict)  # member -> days they sit in the plan
    seconds: float = 0.0
    lp_floor: int = 0  # the LP's own floor (lpbound.py), part of ``floor``


class _StopAt(cp_model.CpSolverSolutionCallback):
    """Stops the search at a plan as good as a floor proven otherwise (the LP's)."""

    def __init__(self, floor: int):
        super().__init__()
        self.floor = floor

    def on_solution_callback(self):
        if self.objective_value <= self.floor + 1e-6:
            self.stop_search()


def _week(day):
    return day.isocalendar()[:2]


class Relaxation:
    """The CP-SAT model described in the module's docstring."""

    def __init__(
        self,
        season: Season,
        elig: Eligibility,
        weights: dict | None = None,
        *,
        at_least: int = 0,
    ):
        """With ``weights``, the objective is the full model's weighted objective with each
        soft term replaced by something never above it (``_soft_terms``), so its optimum (or
        its LP's, lpbound.py) is a floor of the whole objective; ``at_least`` adds a proven
        floor of unstaffed blocks as a constraint (every lawful roster meets it)."""
        self.season, self.elig = season, elig
        m = self.m = cp_model.CpModel()
        lay = {k for k in season._members if season.member(k).category == checker.LAY}
        self.s, self.h, self.k, self.y = {}, {}, {}, {}
        days = {b.key: sorted(set(b.days)) for b in season.blocks}
        self.days = days
        year = {b.key: season.academic_year.get(b.key) for b in season.blocks}
        # A slot is a day of one academic year (season maxima are per year).
        on_slot = defaultdict(list)
        for b in season.blocks:
            for d in days[b.key]:
                on_slot[d, year[b.key]].append(b.key)
        for b in season.blocks:
            k = b.key
            s = self.s[k] = m.new_bool_var(f"s[{k}]")
            members = elig.members[k]
            if (
                not days[k]
                or not elig.chairs[k]
                or not elig.clerks[k]
                or len(members) < PANEL_SIZE
                or not any(mk in lay for mk in members)
                or not any(mk not in lay for mk in members)
            ):
                m.add(s == 0)
            for mk in elig.chairs[k]:
                self.h[k, mk] = m.new_bool_var(f"h[{k},{mk}]")
            for ck in elig.clerks[k]:
                self.k[k, ck] = m.new_bool_var(f"k[{k},{ck}]")
            m.add(sum(self.h[k, mk] for mk in elig.chairs[k]) == s)
            m.add(sum(self.k[k, ck] for ck in elig.clerks[k]) == s)
        # Who could sit in each slot at all, and whether they do.
        for slot, keys in on_slot.items():
            for k in keys:
                for mk in self.elig.members[k]:
                    if (mk, slot) not in self.y:
                        self.y[mk, slot] = m.new_bool_var(f"y[{mk},{slot[0]}]")
        by_slot = defaultdict(list)
        for (mk, slot), v in self.y.items():
            by_slot[slot].append((mk, v))
        for slot, keys in on_slot.items():
            staffed = sum(self.s[k] for k in keys)
            here = by_slot[slot]
            m.add(sum(v for _, v in here) >= PANEL_SIZE * staffed)
            m.add(sum(v for mk, v in here if mk in lay) >= staffed)
            m.add(sum(v for mk, v in here if mk not in lay) >= staffed)
            # A chair sits: at most one block a day, and only on a day they sit.
            chairs = defaultdict(list)
            for k in keys:
                for mk in elig.chairs[k]:
                    chairs[mk].append(self.h[k, mk])
            for mk, vs in chairs.items():
                m.add(sum(vs) <= self.y[mk, slot])
            # The same counts for the day's blocks of one mode (in person, remote) and of one
            # school: each staffed block among them needs sitters eligible for it, so for one
            # of them. This keeps what availability by mode and conflicts with a school say.
            subsets = defaultdict(list)
            for k in keys:
                subsets["mode", season.block(k).mode].append(k)
                subsets["school", season.block(k).school].append(k)
            for subset in subsets.values():
                if len(subset) == len(keys):
                    continue  # the day's own counts above
                self._hall(slot, subset, lay)
        # One sitting a day for members (across years) and clerks.
        member_day = defaultdict(list)
        for (mk, (d, _yr)), v in self.y.items():
            member_day[mk, d].append(v)
        clerk_day = defaultdict(list)
        for (k, ck), v in self.k.items():
            for d in days[k]:
                clerk_day[ck, d].append(v)
        for group in (*member_day.values(), *clerk_day.values()):
            if len(group) > 1:
                m.add_at_most_one(group)
        # Weekly and season maxima, as the full model counts them.
        per_member = defaultdict(list)
        for (mk, slot), v in self.y.items():
            per_member[mk].append((slot, v))
        for mk, pairs in per_member.items():
            facts = season.member(mk)
            if facts.max_per_week:
                existing = defaultdict(int)
                for d in set(facts.other_sittings):
                    existing[_week(d)] += 1
                weeks = defaultdict(list)
                for (d, _yr), v in pairs:
                    weeks[_week(d)].append(v)
                for wk, vs in weeks.items():
                    room = max(0, facts.max_per_week - existing[wk])
                    if len(vs) > room:
                        m.add(sum(vs) <= room)
            if facts.max_per_season:
                years = defaultdict(list)
                for (_d, yr), v in pairs:
                    years[yr].append(v)
                room = max(0, facts.max_per_season - facts.season_sittings)
                for vs in years.values():
                    if len(vs) > room:
                        m.add(sum(vs) <= room)
        self.unstaffed = sum(1 - v for v in self.s.values())
        if at_least:
            m.add(self.unstaffed >= at_least)
        if weights is None:
            m.minimize(self.unstaffed)
        else:
            m.minimize(weights["unstaffed"] * self.unstaffed + self._soft_terms(weights, lay))

    def _soft_terms(self, w: dict, lay: set[str]):
        """Each soft term of the full model (solver.Model), relaxed: at every lawful roster's
        image (its blocks, chairs, clerks and members' sitting days) each expression here can
        be made no larger than the full model's term, so the minimum is a floor of it.

        - ``max_load``, ``below_minimum``: exact on the day variables (one sitting a day, so
          a member's sittings are the days they sit), sittings outside the part counted;
        - ``inexperienced_chair`` and ``clerk_continuity``: exact (chairs and clerks are
          the full model's own);
        - ``travel``: per in-person block, the chair's seat exactly, and at least the seats
          beyond the members eligible for it who would not travel;
        - ``preference``: the chair's wishes exactly, plus the two smallest costs among the
          members eligible for the block (the other two seats cost at least that);
        - ``change`` (re-planning): the saved clerk exactly; a saved member's seat is lost if
          the block is unstaffed or they do not sit on one of its days;
        - ``same_school``: per seat, the chair's exactly and the two smallest among the
          block's members for the others, and per school a pigeonhole count
          (``_same_school``);
        - ``repeated_trio``, ``new_unpaired``, ``diversity``: per block, 1 when it is staffed
          and every panel it could have repeats a trio, leaves a new member unpaired or is
          alike (``_forced_per_block``); else 0, which no roster goes below.
        """
        s, elig, m = self.season, self.elig, self.m
        out = []
        # Workload: loads from the day variables, as the full model counts them.
        pool = set().union(*elig.members.values()) if elig.members else set()
        sits = defaultdict(list)
        for (mk, _slot), v in self.y.items():
            sits[mk].append(v)
        fixed_top = max(s.load_offset.values(), default=0)
        top = max((s.load_offset.get(mk, 0) + len(sits[mk]) for mk in pool), default=0)
        loads = {mk: s.load_offset.get(mk, 0) + sum(sits[mk]) for mk in pool}
        if w["max_load"] and pool:
            most = m.new_int_var(fixed_top, max(top, fixed_top), "max_load")
            for load in loads.values():
                m.add(load <= most)
            out.append(w["max_load"] * most)
        floor = w["minimum_sittings"]
        if floor and w["below_minimum"]:
            for mk, load in loads.items():
                short = m.new_int_var(0, floor, f"short[{mk}]")
                m.add(short >= floor - load)
                out.append(w["below_minimum"] * short)
        # Chairs: complex blocks chaired by someone not yet experienced (exact).
        if w["inexperienced_chair"]:
            for k in s.complex_blocks:
                for mk in elig.chairs.get(k, []):
                    if (k, mk) in self.h and mk not in s.experienced:
                        out.append(w["inexperienced_chair"] * self.h[k, mk])
        # Clerk continuity (exact, as solver.Model).
        if w["clerk_continuity"]:
            used = {}
            for (k, ck), v in self.k.items():
                school = s.block(k).school
                if (ck, school) in s.clerk_schools:
                    continue
                if (ck, school) not in used:
                    used[ck, school] = m.new_bool_var(f"used[{ck},{school}]")
                m.add_implication(v, used[ck, school])
            out.append(w["clerk_continuity"] * sum(used.values()))
        for b in s.blocks:
            k = b.key
            members = elig.members[k]
            # Travel: the chair's seat exactly; at least the seats beyond those who stay home.
            if w["travel"] and k in s.block_area:
                area = s.block_area[k].casefold()

                def travels(mk, area=area):
                    home = s.member_area.get(mk, "").casefold()
                    return bool(home and home not in area)

                stay = sum(1 for mk in members if not travels(mk))
                far_chair = [self.h[k, mk] for mk in elig.chairs[k] if travels(mk)]
                t = m.new_int_var(0, PANEL_SIZE, f"travel[{k}]")
                m.add(t >= sum(far_chair))
                m.add(t >= PANEL_SIZE * self.s[k] - stay)
                out.append(w["travel"] * t)
            # Preferences: the chair's wishes exactly; the two other seats at least the two
            # smallest costs among the block's members.
            if w["preference"] and s.preferences:

                def cost(mk, b=b):
                    wish = s.preferences.get(mk)
                    return wish.cost(b) if wish else 0

                out += [w["preference"] * cost(mk) * self.h[k, mk] for mk in elig.chairs[k]]
                least = sum(sorted(cost(mk) for mk in members)[: PANEL_SIZE - 1])
                if least:
                    out.append(w["preference"] * least * self.s[k])
        out += self._same_school(w)
        out += self._forced_per_block(w, lay)
        # Minimal change: the saved clerk exactly; a saved member's seat is lost when the
        # block goes unstaffed or they sit on none of a day of it.
        if w["change"] and s.current:
            for k, panel in s.current.items():
                if panel is None or k not in self.days:
                    continue
                yr = s.academic_year.get(k)
                for mk in panel.members:
                    if mk not in elig.members[k]:
                        out.append(w["change"])
                        continue
                    lost = m.new_bool_var(f"lost[{k},{mk}]")
                    m.add(lost >= 1 - self.s[k])
                    for d in self.days[k]:
                        m.add(lost >= 1 - self.y[mk, (d, yr)])
                    out.append(w["change"] * lost)
                v = self.k.get((k, panel.clerk))
                out.append(w["change"] * (1 - v if v is not None else 1))
        return sum(out)

    def _same_school(self, w: dict) -> list:
        """The full model counts, per member and school, the sitting days on that school's
        blocks beyond the member's allowance a (two in the rolling year, less the saved
        history). A member's excess max(0, sum of d_k - a) over the school's blocks k they
        sit on (d_k days each) is at least the sum of max(0, d_k - a) (a >= 0), so per seat:
        the chair's seat exactly, and the two other seats at least the two smallest among
        the block's eligible members. And a pigeonhole count per school: its staffed blocks
        take three sitting days per block-day, and each eligible member gives at most a of
        them free (and one a day on the school's days they are eligible on). The school's
        excess is at least the larger of the two, for every roster."""
        if not w["same_school"]:
            return []
        s, elig = self.season, self.elig
        blocks, days_of = defaultdict(list), defaultdict(lambda: defaultdict(set))
        for b in s.blocks:
            blocks[b.school].append(b.key)
            for mk in elig.members[b.key]:
                days_of[b.school][mk] |= set(self.days[b.key])
        out = []
        for school, keys in blocks.items():

            def over(mk, k, school=school):
                allowance = max(0, 2 - s.school_history.get((mk, school), 0))
                return max(0, len(self.days[k]) - allowance)

            seats = []
            for k in keys:
                seats += [over(mk, k) * self.h[k, mk] for mk in elig.chairs[k] if over(mk, k)]
                least = sum(sorted(over(mk, k) for mk in elig.members[k])[: PANEL_SIZE - 1])
                if least:
                    seats.append(least * self.s[k])
            free = sum(
                min(max(0, 2 - s.school_history.get((mk, school), 0)), len(days))
                for mk, days in days_of[school].items()
            )
            most = PANEL_SIZE * sum(len(self.days[k]) for k in keys)
            if not seats and most <= free:
                continue  # every seat-day can be free
            excess = self.m.new_int_var(0, most, f"same_school[{school}]")
            self.m.add(excess >= sum(seats))
            if most > free:
                seat_days = sum(PANEL_SIZE * len(self.days[k]) * self.s[k] for k in keys)
                self.m.add(excess >= seat_days - free)
            out.append(w["same_school"] * excess)
        return out

    def _forced_per_block(self, w: dict, lay: set[str]) -> list:
        """Terms a block cannot escape once staffed, from who is eligible for it: a past trio
        when its only eligible members are that trio; a new member unpaired when none of its
        eligible members is experienced and fewer than three are not new; alike panels when
        every eligible member shares a label (diversity)."""
        s, elig = self.season, self.elig
        out = []
        for b in s.blocks:
            k = b.key
            members = elig.members[k]
            if len(members) < PANEL_SIZE:
                continue  # never staffed (the model fixes s = 0)
            if w["repeated_trio"] and frozenset(members) in s.past_trios:
                out.append(w["repeated_trio"] * self.s[k])  # (only when exactly three)
            new_only = sum(mk not in s.new for mk in members) < PANEL_SIZE
            if w["new_unpaired"] and new_only and not any(mk in s.experienced for mk in members):
                out.append(w["new_unpaired"] * self.s[k])
            if w["diversity"] and s.groups:
                n_chars = max(len(g) for g in s.groups.values())
                for i in range(n_chars):
                    labels = {(s.groups.get(mk) or ())[i : i + 1] or (None,) for mk in members}
                    if len(labels) == 1 and next(iter(labels))[0]:
                        out.append(w["diversity"] * self.s[k])
        return out

    def _hall(self, slot, keys, lay) -> None:
        """Seats, lay, education and chair counts for the staffed blocks ``keys`` of one
        slot, from the sitters eligible for at least one of them."""
        m, elig = self.m, self.elig
        staffed = sum(self.s[k] for k in keys)
        able = set().union(*(elig.members[k] for k in keys))
        chairs = set().union(*(elig.chairs[k] for k in keys))
        ys = {mk: self.y[mk, slot] for mk in able}
        m.add(sum(ys.values()) >= PANEL_SIZE * staffed)
        m.add(sum(v for mk, v in ys.items() if mk in lay) >= staffed)
        m.add(sum(v for mk, v in ys.items() if mk not in lay) >= staffed)
        m.add(sum(ys[mk] for mk in chairs) >= staffed)

    def hint(self, roster: Roster) -> None:
        """A lawful roster as the first solution: each staffed block, its chair and clerk,
        and its members sitting on its days."""
        sits = set()
        for k, p in roster.items():
            if p and k in self.s:
                yr = self.season.academic_year.get(k)
                sits |= {(mk, (d, yr)) for mk in p.members for d in self.days[k]}
        for k, v in self.s.items():
            self.m.add_hint(v, int(bool(roster.get(k))))
        for (k, mk), v in self.h.items():
            p = roster.get(k)
            self.m.add_hint(v, int(bool(p and p.chair == mk)))
        for (k, ck), v in self.k.items():
            p = roster.get(k)
            self.m.add_hint(v, int(bool(p and p.clerk == ck)))
        for key, v in self.y.items():
            self.m.add_hint(v, int(key in sits))


def solve(
    season: Season,
    elig: Eligibility,
    *,
    time_limit: float,
    workers: int = 2,
    random_seed: int = 0,
    hint: Roster | None = None,
    limits: dict | None = None,
    deadline: Deadline | None = None,
) -> Plan:
    """The relaxation solved for at most ``time_limit`` seconds, its building and LP counted,
    and never past the run's ``deadline``. The floor is CP-SAT's best bound (rounded up: the
    count is whole), proven even when time runs out; 0 if CP-SAT stopped before proving
    anything, and the LP's alone if no time was left for CP-SAT."""
    now = deadline.now if deadline else time.monotonic
    started = now()

    def left():
        rest = time_limit - (now() - started)
        return deadline.grant(rest) if deadline else max(0.0, rest)

    if deadline and deadline.left() < LEAST:
        return Plan(0, "UNKNOWN", None)
    model = Relaxation(season, elig)
    # The LP's floor first (lpbound.py): the same every run, and CP-SAT may stop at it.
    lp = lpbound.count_floor(model.m, time_limit=left() if deadline else None) or 0
    if hint:
        model.hint(hint)
    budget = left() if deadline else max(0.1, time_limit)
    if budget < LEAST:
        return Plan(lp, "UNKNOWN", None, seconds=now() - started, lp_floor=lp)
    cp = cp_model.CpSolver()
    cp.parameters.max_time_in_seconds = float(budget)
    cp.parameters.num_workers = int(workers)
    cp.parameters.random_seed = int(random_seed)
    for name, value in (limits or {}).items():
        if isinstance(value, list):
            getattr(cp.parameters, name).extend(value)
        else:
            setattr(cp.parameters, name, value)
    status = cp.solve(model.m, _StopAt(lp))
    name = cp.status_name(status)
    if status == cp_model.OPTIMAL:
        floor = round(cp.objective_value)
    elif status == cp_model.FEASIBLE:
        floor = max(lp, math.ceil(cp.best_objective_bound - 1e-6))
        if round(cp.objective_value) <= floor:
            name = "OPTIMAL"  # a plan at the LP's floor: nothing lower exists
    elif status == cp_model.INFEASIBLE:  # cannot happen: all unstaffed is a solution
        raise RuntimeError("The season-wide relaxation has no solution")
    else:
        return Plan(lp, name, None, seconds=now() - started, lp_floor=lp)
    plan = Plan(floor, name, round(cp.objective_value), seconds=now() - started, lp_floor=lp)
    plan.staffed = {k for k, v in model.s.items() if cp.value(v)}
    plan.chairs = {k: mk for (k, mk), v in model.h.items() if cp.value(v)}
    plan.clerks = {k: ck for (k, ck), v in model.k.items() if cp.value(v)}
    sits = defaultdict(set)
    for (mk, (d, _yr)), v in model.y.items():
        if cp.value(v):
            sits[mk].add(d)
    plan.sits = dict(sits)
    return plan


def objective_floor(
    season: Season,
    elig: Eligibility,
    weights: dict,
    unstaffed: int,
    *,
    deadline: Deadline | None = None,
) -> int:
    """A proven floor of the full model's whole weighted objective: the LP (lpbound.py) of the
    relaxation with every soft term relaxed (``Relaxation._soft_terms``) and at least the
    proven ``unstaffed`` floor of unstaffed blocks; the objective is whole, so rounded up.
    0 when the LP gives nothing, or the run's ``deadline`` leaves no time for it."""
    if deadline and deadline.left() < LEAST:
        return 0
    model = Relaxation(season, elig, weights, at_least=unstaffed)
    if deadline and deadline.left() < LEAST:
        return 0
    return lpbound.count_floor(model.m, time_limit=deadline.left() if deadline else None) or 0
