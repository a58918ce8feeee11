"""Decomposition of a season, and the lower bound that makes the gap real (issue 13).

The season is cut into parts: first its connected components (blocks that share no eligible
member or clerk cannot affect each other), then each component by the week of each block's
first day. Two uses:

- **Solving** (``solve_by_parts``): start from a complete lawful roster (the greedy baseline,
  or the saved roster when re-planning) and re-solve one part at a time with every other
  block's panel fixed, its members' and clerks' bookings, loads, school history and clerk
  use carried into the part's own model (``sub_season``). The part's objective is the
  season's objective up to a constant, so a part's roster is kept only if it scores no worse:
  the season's objective never rises, and sweeps repeat until the time is up or a sweep
  changes nothing with every part proven optimal.
- **Bounding** (``unstaffed_floor``): every part solved alone for the fewest unstaffed blocks
  with only the hard rules inside it (what links it to other parts dropped, so each is a
  relaxation: the sum of their floors is a floor for the season), and a season-wide count of
  the seat-days chairs, lay and education members and clerks can give at most. The larger is
  a proven floor of unstaffed blocks; ``objective_floor`` turns it into a floor of the whole
  objective with the workload floor of a perfectly balanced roster.
- **Season-wide first** (``solve_by_parts``): before the parts, the season-wide relaxation
  (relax.py: a third floor, usually the strongest, as it keeps the season maxima; its LP's
  floor, lpbound.py, is the same every run), the floor of the whole objective with the soft
  terms relaxed (``relax.objective_floor``, the run's bound when larger) and, except when
  re-planning, the whole season in one model for the fewest unstaffed blocks from the lawful
  start, stopped at the relaxation's floor; either's roster becomes the start only if the
  checker passes it and the season scores better. The first sweep's time is reserved before
  the whole-season model starts and shared among the parts by size, what a part leaves
  unused carried forward. Later sweeps also pair distant weeks (``distant_windows``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable

from .. import checker
from . import greedy, relax, solver
from .clock import LEAST, Deadline
from .season import PANEL_SIZE, Eligibility, Roster, Season, judge

HARD_ONLY = dict.fromkeys(solver.DEFAULT_WEIGHTS, 0) | {"unstaffed": 1}
# Shares of a decomposed run's time: the season-wide relaxation (relax.py), then the whole
# season in one model for the fewest unstaffed blocks, then the parts.
# The relaxation's floor is its LP's (lpbound.py), found in a second or two; CP-SAT's own
# search on it is for its plan and, now and then, a higher floor (in four 60 s runs on the
# demo season it never was higher, and its plan never led), so the whole-season model,
# whose roster sets the unstaffed count, has the larger share.
RELAX_SHARE, WHOLE_SHARE, FIRST_SWEEP_SHARE, FLOOR_SHARE = 0.05, 0.5, 0.25, 0.05
# CP-SAT's subsolvers for the season-wide models: the full LP at every node ("max_lp") and
# core-based search on the objective ("core") prove bounds that the default two workers
# do not reach in a minute on the demo season; CP-SAT's neighbourhood search still runs.
SEASON_WIDE = {"subsolvers": ["max_lp", "core"]}
LP_HINT_ABOVE = 12.0  # seconds: the whole-season model starts from its LP when it has this


def components(season: Season, elig: Eligibility) -> list[list[str]]:
    """Blocks linked by a shared eligible member or clerk, in date order."""
    parent = {b.key: b.key for b in season.blocks}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first_block: dict[str, str] = {}
    for b in season.blocks:
        for person in [*elig.members[b.key], *(f"clerk:{c}" for c in elig.clerks[b.key])]:
            other = first_block.setdefault(person, b.key)
            ra, rb = find(b.key), find(other)
            if ra != rb:
                parent[ra] = rb
    groups = defaultdict(list)
    for b in season.blocks:
        groups[find(b.key)].append(b.key)
    return sorted(
        (_by_date(season, g) for g in groups.values()),
        key=lambda g: (_first(season, g) or dt.date.max, g[0]),
    )


def _first(season: Season, keys):
    return min((min(season.block(k).days) for k in keys if season.block(k).days), default=None)


def _by_date(season: Season, keys) -> list[str]:
    def key(k):
        days = season.block(k).days
        return (not days, min(days) if days else dt.date.max, k)

    return sorted(keys, key=key)


def parts(season: Season, elig: Eligibility) -> list[list[str]]:
    """Each component cut by the ISO week of each block's first day (blocks without days in
    a part of their own); in date order."""
    out = []
    for comp in components(season, elig):
        weeks = defaultdict(list)
        for k in comp:
            days = season.block(k).days
            weeks[min(days).isocalendar()[:2] if days else (0, 0)].append(k)
        out += [weeks[w] for w in sorted(weeks)]
    return sorted(out, key=lambda g: (_first(season, g) or dt.date.max, g[0]))


def label(season: Season, keys) -> str:
    first = _first(season, keys)
    return f"week of {first:%-d %B %Y}" if first else "blocks without days"


def sub_season(
    season: Season, elig: Eligibility, keys, roster: Roster
) -> tuple[Season, Eligibility]:
    """The part ``keys`` of the season with every other block's panel in ``roster`` fixed:
    their days are bookings, their sittings loads, school history and clerk use."""
    keyset = set(keys)
    year = season.academic_year.get(next(iter(keys)))
    mdays, cdays = defaultdict(list), defaultdict(list)
    same_year = Counter()
    load, history = Counter(), Counter(season.school_history)
    clerk_schools = set(season.clerk_schools)
    for k, p in roster.items():
        if k in keyset or not p:
            continue
        b = season.block(k)
        ds = sorted(set(b.days))
        for mk in p.members:
            mdays[mk] += ds
            load[mk] += len(ds)
            history[mk, b.school] += len(ds)
            if season.academic_year.get(k) == year:
                same_year[mk] += len(ds)
        cdays[p.clerk] += ds
        clerk_schools.add((p.clerk, b.school))
    members = [
        dataclasses.replace(
            m,
            other_sittings=[*m.other_sittings, *mdays[m.key]],
            season_sittings=m.season_sittings + same_year[m.key],
        )
        if m.key in mdays
        else m
        for m in season.members
    ]
    clerks = [
        dataclasses.replace(c, other_sittings=[*c.other_sittings, *cdays[c.key]])
        if c.key in cdays
        else c
        for c in season.clerks
    ]
    booked_m = {mk: set(ds) for mk, ds in mdays.items()}
    booked_c = {ck: set(ds) for ck, ds in cdays.items()}

    def free(person, booked, days):
        return not (booked.get(person, set()) & days)

    blocks = [season.block(k) for k in keys]
    sub_elig = Eligibility({}, {}, {}, {})
    for b in blocks:
        days = set(b.days)
        sub_elig.members[b.key] = [m for m in elig.members[b.key] if free(m, booked_m, days)]
        sub_elig.chairs[b.key] = [m for m in elig.chairs[b.key] if free(m, booked_m, days)]
        sub_elig.clerks[b.key] = [c for c in elig.clerks[b.key] if free(c, booked_c, days)]
        sub_elig.reasons[b.key] = elig.reasons[b.key]
    sub = dataclasses.replace(
        season,
        blocks=blocks,
        members=members,
        clerks=clerks,
        school_history=dict(history),
        load_offset=dict(load),
        clerk_schools=clerk_schools,
    )
    return sub, sub_elig


def _alone(season: Season, elig: Eligibility, keys) -> tuple[Season, Eligibility]:
    """The part with nothing else in the run booked: a relaxation of the season."""
    keyset = set(keys)
    sub = dataclasses.replace(
        season, blocks=[season.block(k) for k in keys], current={}, load_offset={}
    )
    sub_elig = Eligibility(
        *({k: v for k, v in d.items() if k in keyset} for d in dataclasses.astuple(elig))
    )
    return sub, sub_elig


def capacity_floor(season: Season, elig: Eligibility) -> int:
    """Unstaffed blocks a season-wide count proves: each staffed block-day takes a chair, a
    lay member, a member with experience in education and a clerk, and three seats; nobody
    gives more days than they are eligible on, or than their season maximum leaves. Blocks
    are staffed shortest first, the most any roster could manage."""
    on_days: dict[str, set] = defaultdict(set)
    chair_days: dict[str, set] = defaultdict(set)
    clerk_days: dict[str, set] = defaultdict(set)
    for b in season.blocks:
        days = set(b.days)
        for mk in elig.members[b.key]:
            on_days[mk] |= days
        for mk in elig.chairs[b.key]:
            chair_days[mk] |= days
        for ck in elig.clerks[b.key]:
            clerk_days[ck] |= days

    def give(mk, days):
        m = season.member(mk)
        room = len(days)
        if m.max_per_season:
            room = min(room, max(0, m.max_per_season - m.season_sittings))
        return room

    seats = sum(give(mk, d) for mk, d in on_days.items())
    lay = sum(give(mk, d) for mk, d in on_days.items() if season.member(mk).category == checker.LAY)
    edu = sum(give(mk, d) for mk, d in on_days.items() if season.member(mk).category != checker.LAY)
    chairs = sum(give(mk, d) for mk, d in chair_days.items())
    clerks = sum(len(d) for d in clerk_days.values())
    most = min(seats // PANEL_SIZE, lay, edu, chairs, clerks)  # block-days at most
    lengths = sorted(len(set(b.days)) for b in season.blocks if b.days)
    staffed, used = 0, 0
    for n in lengths:
        if used + n > most:
            break
        used += n
        staffed += 1
    return max(len(season.blocks) - staffed, _day_floor(season, elig))


def _day_floor(season: Season, elig: Eligibility) -> int:
    """Per day, the blocks beyond the chairs, clerks, lay or education members free that day
    must go unstaffed (the capacity check's counts). Days that share no block add up (a block
    of several days could count on each), so the busiest such days are summed."""
    lay = {m.key for m in season.members if m.category == checker.LAY}
    on_day = defaultdict(list)
    for b in season.blocks:
        for d in set(b.days):
            on_day[d].append(b.key)
    short = []
    for d, keys in on_day.items():
        members = set().union(*(elig.members[k] for k in keys))
        room = min(
            len(set().union(*(elig.chairs[k] for k in keys))),
            len(set().union(*(elig.clerks[k] for k in keys))),
            len(members & lay),
            len(members - lay),
            len(members) // PANEL_SIZE,
        )
        if room < len(keys):
            short.append((len(keys) - room, d, set(keys)))
    total, taken = 0, set()
    for deficit, _, keys in sorted(short, key=lambda t: (-t[0], t[1])):
        if not keys & taken:
            total += deficit
            taken |= keys
    return total


def unstaffed_floor(
    season: Season,
    elig: Eligibility,
    groups: list[list[str]],
    *,
    time_limit: float,
    workers: int = 2,
    random_seed: int = 0,
    roster: Roster | None = None,
    deadline: Deadline | None = None,
) -> tuple[int, list[int]]:
    """A proven floor of unstaffed blocks for the season, and each part's own floor. A lawful
    ``roster`` of the season is a solution of every relaxation: given as the first solution,
    CP-SAT spends its time on the bound. Within the run's ``deadline``: a part with no time
    left is not solved and its floor is 0 (true of every part)."""
    each = []
    per = time_limit / max(1, len(groups))
    own = Deadline(time_limit, clock=deadline.clock if deadline else time.monotonic)
    for keys in groups:
        left = min(per, own.left(), deadline.left() if deadline else math.inf)
        if left < LEAST:
            each.append(0)
            continue
        sub, sub_elig = _alone(season, elig, keys)
        result = solver.solve(
            sub,
            sub_elig,
            HARD_ONLY,
            time_limit=left,
            workers=workers,
            random_seed=random_seed,
            allow_none=True,
            warm_start={k: roster.get(k) for k in keys} if roster else None,
            deadline=deadline,
        )
        # CP-SAT's best bound is proven even when the time runs out first.
        each.append(math.ceil(result.bound - 1e-6) if result and result.bound is not None else 0)
    return max(sum(each), capacity_floor(season, elig)), each


def objective_floor(season: Season, elig: Eligibility, weights: dict, unstaffed: int) -> int:
    """A floor of the whole objective: at least ``unstaffed`` blocks unstaffed, and the rest
    shared perfectly among the members eligible for anything (the workload floor). Every
    other term is at least 0."""
    eligible = set().union(*elig.members.values()) if elig.members else set()
    lengths = sorted(len(set(b.days)) for b in season.blocks)
    best = None
    for u in range(unstaffed, len(lengths) + 1):
        seat_days = PANEL_SIZE * sum(lengths[: len(lengths) - u])
        floor = math.ceil(seat_days / len(eligible)) if eligible else 0
        value = weights["unstaffed"] * u + weights["max_load"] * floor
        best = value if best is None else min(best, value)
    return best or 0


def distant_windows(
    season: Season, elig: Eligibility, groups: list[list[str]], roster: Roster
) -> list[tuple[int, list[str]]]:
    """For each part with unstaffed blocks, that part and the part not beside it where the
    members at their season maximum who are eligible for those blocks sit most: solved
    together, a capped member's sittings can move between distant weeks."""
    used = Counter()
    for k, p in roster.items():
        if p:
            for mk in p.members:
                used[mk, season.academic_year.get(k)] += len(set(season.block(k).days))
    full = set()
    for (mk, _yr), n in used.items():
        cap = season.member(mk).max_per_season
        if cap and n + season.member(mk).season_sittings >= cap:
            full.add(mk)
    out = []
    for j, g in enumerate(groups):
        wanted = {mk for k in g if roster.get(k) is None for mk in elig.members[k]} & full
        if not wanted:
            continue
        where = Counter()
        for i, h in enumerate(groups):
            if abs(i - j) > 1:
                where[i] += sum(len(wanted & set(roster[k].members)) for k in h if roster.get(k))
        best = [i for i, n in where.most_common(1) if n]
        if best:
            a, b = sorted((j, best[0]))
            out.append((j, groups[a] + groups[b]))
    return out


def solve_by_parts(
    season: Season,
    elig: Eligibility,
    weights: dict,
    start: Roster,
    *,
    time_limit: float,
    workers: int = 2,
    random_seed: int = 0,
    solution_limit: int | None = None,
    randomise_seed: int | None = None,
    progress: solver.Progress,
    phase: Callable[[str], None] = lambda text: None,
    groups: list[list[str]] | None = None,
    limits: dict | None = None,
    deadline: Deadline | None = None,
) -> solver.Result:
    """Coordinate descent over the parts from the lawful ``start`` roster (see the module's
    docstring). ``progress.blocks_solved`` counts the blocks of parts solved at least once.

    ``time_limit`` sets the phases' shares; ``deadline`` (the run's, clock.py; else one of
    ``time_limit`` from now) is when every phase stops: each takes at most what is left
    before it, a part whose building alone would not fit is not started, and the final
    score is in the time the deadline keeps back."""
    deadline = deadline or Deadline(time_limit)
    now = deadline.now
    started = now()
    groups = groups or parts(season, elig)
    n = len(season.blocks)
    roster = {b.key: start.get(b.key) for b in season.blocks}
    lines = [{"label": label(season, g), "blocks": len(g)} for g in groups]
    floor_each: list[int] | None = None
    first_solver = None
    # The season as a whole first (relax.py): a floor that keeps the season maxima, and a
    # plan of which blocks to staff and who spends their season where.
    phase("Planning the whole season within everyone's maxima")
    replanning = any(season.current.values())
    plan = relax.solve(
        season,
        elig,
        time_limit=RELAX_SHARE * time_limit,
        workers=workers,
        random_seed=random_seed,
        hint=roster,
        limits=SEASON_WIDE | (limits or {}),
        deadline=deadline,
    )
    relaxation = {
        "floor": plan.floor,
        "lp_floor": plan.lp_floor,
        "status": plan.status,
        "unstaffed": plan.unstaffed,
        "seconds": round(plan.seconds, 2),
        "led_start": False,
        "whole_start": False,
    }
    # A floor of the whole objective, soft terms included (relax.objective_floor: the LP of
    # the relaxation with each soft term relaxed, at least the floor of unstaffed blocks).
    phase("Proving a floor of the whole objective")
    bound_started = now()
    soft_floor = relax.objective_floor(season, elig, weights, plan.floor, deadline=deadline)
    relaxation["objective_floor"] = soft_floor
    relaxation["objective_floor_seconds"] = round(now() - bound_started, 2)
    # The season's objective at ``roster``, tracked as the start changes (each score is a
    # full model built and solved: not repeated for the same roster).
    current = progress.objective
    if current is None:
        current, _ = solver.score(season, elig, weights, roster)
    if not replanning and plan.unstaffed is not None and deadline.left() > LEAST:
        # Not when re-planning: there the saved roster is the start, so little changes.
        led = greedy.guided(season, elig, plan)
        relaxation["led_unstaffed"] = sum(p is None for p in led.values())
        if relaxation["led_unstaffed"] <= sum(p is None for p in roster.values()) and not any(
            judge(season, led).values()
        ):
            mine, _ = solver.score(season, elig, weights, led)
            if mine is not None and (current is None or mine < current):
                roster, current = led, mine
                progress.objective = mine
                relaxation["led_start"] = True
                first_solver = now() - started
    if not replanning:
        # Then the whole season in one model for the fewest unstaffed blocks only (soft
        # terms are the parts' work), from the best start: this moves capped members'
        # sittings across the whole season at once. Kept only if the season scores better.
        # Its time is what is left once the parts' first sweep and floors have theirs.
        phase("Staffing the whole season at once")
        reserve = (FIRST_SWEEP_SHARE + FLOOR_SHARE) * time_limit
        whole_limit = min(WHOLE_SHARE * time_limit, deadline.left() - reserve)
        whole = None
        if whole_limit > 0.5:
            whole = solver.solve(
                season,
                elig,
                HARD_ONLY,
                time_limit=whole_limit,
                workers=workers,
                random_seed=random_seed,
                warm_start=roster,
                allow_none=True,
                limits=SEASON_WIDE | (limits or {}),
                # At the relaxation's proven floor no roster staffs more: stop there, and
                # give the time left to the parts.
                target=plan.floor or None,
                # Its LP's solution rounded, not the greedy start, is the first solution when
                # there is time to repair it (the LP takes 2 to 4 s and the repair 3 to 5 s on
                # the demo season; in a 20 s run neither fits, and the start is kept).
                lp_hint=whole_limit >= LP_HINT_ABOVE,
                deadline=deadline,
            )
        if (
            whole is not None
            and whole.terms.get("unstaffed", 0) <= sum(p is None for p in roster.values())
            and not any(judge(season, whole.roster).values())
        ):
            mine, _ = solver.score(season, elig, weights, whole.roster)
            relaxation["whole_unstaffed"] = whole.terms.get("unstaffed")
            if mine is not None and (current is None or mine < current):
                roster, current = whole.roster, mine
                progress.objective = mine
                relaxation["whole_start"] = True
                first_solver = now() - started
    sweep = 0
    # The first sweep's time: most of what is left after the season-wide models (the floors'
    # share kept back, a quarter for later sweeps), shared among the parts by size, and what a
    # part does not use (proven optimal early) carried forward to the parts after it, so every
    # part is solved within the limit however long the season-wide models took.
    first_pool = max(
        FIRST_SWEEP_SHARE * time_limit,
        0.75 * (deadline.left() - FLOOR_SHARE * time_limit),
    )
    first_ends = now() + first_pool
    first_left = n
    # Seconds a part takes outside CP-SAT (its sub-season, its score, its model), per block,
    # as measured on the last part solved: a part that would not fit is not started.
    overhead_per_block = 0.0
    while True:
        sweep += 1
        changed, all_optimal = False, True
        # The first sweep solves each part; later ones two neighbouring parts together, so a
        # block can trade members with the week beside it (a local optimum of single parts),
        # and every other sweep a part with unstaffed blocks together with the distant part
        # where the members at their season maximum who could staff them sit.
        if sweep == 1 or len(groups) < 2:
            windows = list(enumerate(groups))
        else:
            far = distant_windows(season, elig, groups, roster) if sweep % 2 else []
            windows = far or [(i, groups[i] + groups[i + 1]) for i in range(len(groups) - 1)]
        for i, keys in windows:
            left = deadline.left()
            if left < LEAST:
                break
            if sweep == 1:
                # This part's share by size of what is left of the first sweep's time.
                share = (first_ends - now()) * len(keys) / max(1, first_left)
                first_left -= len(keys)
                limit = max(0.1, share)
            else:
                share = 0.5 * time_limit * len(keys) / n
                limit = max(share, 0.5)
            if left < overhead_per_block * len(keys) + LEAST:
                all_optimal = False
                continue  # not even built in time: a smaller part may still fit
            part_started = now()
            verb = "Solving" if sweep == 1 else f"Improving (sweep {sweep})"
            phase(f"{verb} part {i + 1} of {len(groups)}, {lines[i]['label']}"[:60])
            sub, sub_elig = sub_season(season, elig, keys, roster)
            old = {k: roster[k] for k in keys}
            before, _ = solver.score(sub, sub_elig, weights, old)
            local = solver.Progress()
            solve_called = now()
            result = solver.solve(
                sub,
                sub_elig,
                weights,
                time_limit=limit,
                workers=workers,
                random_seed=random_seed,
                solution_limit=solution_limit,
                warm_start=old,
                randomise_seed=randomise_seed,
                progress=local,
                allow_none=True,
                limits=limits,
                deadline=deadline,
            )
            if sweep == 1:
                progress.blocks_solved = min(n, progress.blocks_solved + len(keys))
            if result is None:
                all_optimal = False
                continue
            overhead_per_block = (solve_called - part_started + result.build_seconds) / len(keys)
            # The part's model is the one ``score`` builds, so its objective is the score
            # (not with a randomised roster: that objective has the perturbation in it).
            after = (
                result.objective
                if randomise_seed is None
                else solver.score(sub, sub_elig, weights, result.roster)[0]
            )
            keep = after is not None and (
                before is None or after < before or (randomise_seed is not None and after == before)
            )
            if keep and any(result.roster[k] != old[k] for k in keys):
                roster.update(result.roster)
                changed = True
                if first_solver is None:
                    first_solver = now() - started
            all_optimal &= result.status == "OPTIMAL"
            if sweep == 1 or len(groups) < 2:
                # Each part's own model: its objective, CP-SAT's bound and gap with the rest
                # of the season fixed (a bound for the part, not the season).
                lines[i] |= {
                    "objective": after if keep else before,
                    "bound": result.bound,
                    "gap": solver.gap_of(after if keep else before, result.bound),
                    "status": result.status,
                }
            for j, g in enumerate(groups):
                lines[j]["unstaffed"] = sum(roster[k] is None for k in g)
            with_objective = progress.objective
            if before is not None and after is not None and keep and with_objective is not None:
                progress.objective = with_objective - (before - after)
            progress.solutions += 1
        if floor_each is None:
            # After the first sweep, a little time for each part's own floor (the
            # relaxation above is the strong one; these are kept for the parts' table).
            phase("Proving how few blocks any roster must leave unstaffed")
            _, floor_each = unstaffed_floor(
                season,
                elig,
                groups,
                time_limit=FLOOR_SHARE * time_limit,
                workers=workers,
                random_seed=random_seed,
                roster=roster,
                deadline=deadline,
            )
            for line, f in zip(lines, floor_each, strict=True):
                line["unstaffed_floor"] = f
        if deadline.left() < LEAST or (not changed and all_optimal):
            break
        if solution_limit and sweep >= 2:
            break  # tests bound the work by solutions, not by time
    progress.blocks_solved = n
    floor_total = max(sum(floor_each or []), capacity_floor(season, elig), plan.floor)
    objective, terms = solver.score(season, elig, weights, roster)
    bound = float(max(objective_floor(season, elig, weights, floor_total), soft_floor))
    optimal = objective is not None and abs(objective - bound) < 1e-6
    return solver.Result(
        roster=roster,
        status="OPTIMAL" if optimal else "FEASIBLE",
        objective=objective,
        bound=bound,
        gap=solver.gap_of(objective, bound),
        workload_floor=solver.workload_floor(season, elig, roster),
        first_feasible_seconds=None,
        seconds=now() - started,
        solutions=progress.solutions,
        terms=terms,
        seed=randomise_seed,
        parts=lines,
        unstaffed_floor=floor_total,
        first_solver_seconds=first_solver,
        relaxation=relaxation,
    )
