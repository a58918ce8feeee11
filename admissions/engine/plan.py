"""One engine run over a season, start to finish, as plain data: capacity check, greedy
baseline, CP-SAT from the greedy start, and the checker's verdict on the result.

No database: the Celery job (tasks.py) and the benchmark (bench/engine.py) both call ``run``.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import capacity, decompose, greedy, solver
from .clock import Deadline
from .season import PANEL_SIZE, Eligibility, Roster, Season, eligibility, judge, season_load

DECOMPOSE_ABOVE = 40  # blocks: a season this size or smaller is one model


@dataclass
class Outcome:
    roster: Roster
    result: solver.Result
    elig: Eligibility
    days: list[capacity.DayCapacity]
    unstaffed: list[dict]  # {"block": key, "reasons": [...]}
    greedy: Roster
    greedy_figures: dict
    refused: dict[str, list] = field(default_factory=dict)  # blocks the checker refused
    # Seconds from the start of the run to the first complete roster the checker passed (the
    # greedy baseline, or the standing saved roster when re-planning): the solver only
    # improves on it from then on.
    first_lawful_seconds: float | None = None


def spread(season: Season, roster: Roster) -> dict:
    loads = list(season_load(season, roster).values())
    return {
        "max": max(loads, default=0),
        "min": min(loads, default=0),
        "stdev": round(statistics.pstdev(loads), 2) if loads else 0.0,
    }


def run(
    season: Season,
    weights: dict,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    random_seed: int = 0,
    solution_limit: int | None = None,
    randomise_seed: int | None = None,
    report: Callable[[str, solver.Progress | None, float], None] | None = None,
    tick: float = 1.0,
    decompose_parts: bool = True,
    decompose_above: int = DECOMPOSE_ABOVE,
    limits: dict | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Outcome:
    """``report(phase, progress, seconds_left)`` is called from this thread, about every
    ``tick`` seconds while the solver works, so the caller may write progress to the database.

    With ``decompose_parts`` (the default) a season of more than ``decompose_above`` blocks
    and more than one part (decompose.py) is solved part by part from the lawful start, with
    a proven floor for the gap; else one CP-SAT model of the whole season (a round or a
    small season: CP-SAT proves those optimal itself).

    If CP-SAT stops (its time limit, or ``limits``) before it finds any roster, the run
    proposes the lawful start the checker already passed, with the status ``UNKNOWN`` and no
    proven bound or gap: a run never fails for want of time.

    ``time_limit`` is the whole run's, from this call to the result (``clock``, injectable
    for tests, reads the time): one deadline (clock.py) that every phase and every CP-SAT
    call keeps, with the time of the finishing steps (the last score and the checker's
    verdict, timed on the greedy baseline) kept back."""
    report = report or (lambda *a: None)
    deadline = Deadline(time_limit, clock=clock)
    run_started = deadline.started
    real_started = time.monotonic()  # progress reports only: the caller's clock, not a test's
    report("Checking who can sit on each block", None, time_limit)
    elig = eligibility(season)
    days = capacity.by_day(season, elig)
    report("Composing the greedy baseline", None, time_limit)
    base = greedy.compose(season, elig)
    judged = deadline.now()
    base_breaches = judge(season, base)
    judge_seconds = deadline.now() - judged
    breaches = sum(len(b) for b in base_breaches.values())
    lawful = base
    if breaches:
        # A warm start must be lawful; drop the greedy panels the checker refuses.
        lawful = {k: (None if base_breaches.get(k) else p) for k, p in base.items()}
    start = lawful
    spared = greedy.compose(season, elig, spare_capped=True)
    if not any(judge(season, spared).values()) and sum(p is None for p in spared.values()) < sum(
        p is None for p in lawful.values()
    ):
        start = spared  # the greedy method sparing capped members staffs more: start there
    if any(season.current.values()):
        # Re-planning starts from the saved roster: its panels that still stand (the checker
        # agrees and nobody on them is now kept off), the others empty. So the first roster
        # changes nothing but the affected seats, and the search only improves on it.
        start = _standing(season, elig)
    first_lawful = deadline.now() - run_started
    scored = deadline.now()
    greedy_objective = solver.evaluate(season, elig, weights, base)
    # The finishing steps are one score of the season and the checker's verdict on it, so
    # their time is kept back from every phase (half as much again: a busy machine varies).
    deadline.keep = 1.5 * (judge_seconds + deadline.now() - scored)
    greedy_figures = {
        "unstaffed": sum(p is None for p in base.values()),
        "breaches": breaches,
        "objective": greedy_objective,
        **spread(season, base),
    }
    base = lawful
    split = decompose_parts and len(season.blocks) > decompose_above
    groups = decompose.parts(season, elig) if split else []
    progress = solver.Progress()
    box: dict = {"phase": "Solving"}

    def work():
        try:
            if len(groups) > 1:
                progress.objective = (
                    greedy_figures["objective"]
                    if start is base and not greedy_figures["breaches"]
                    else solver.evaluate(season, elig, weights, start)
                )
                box["result"] = decompose.solve_by_parts(
                    season,
                    elig,
                    weights,
                    start,
                    time_limit=max(0.0, deadline.left()),
                    workers=workers,
                    random_seed=random_seed,
                    solution_limit=solution_limit,
                    randomise_seed=randomise_seed,
                    progress=progress,
                    phase=lambda text: box.__setitem__("phase", text),
                    groups=groups,
                    limits=limits,
                    deadline=deadline,
                )
                return
            box["result"] = solver.solve(
                season,
                elig,
                weights,
                time_limit=max(0.0, deadline.left()),
                workers=workers,
                random_seed=random_seed,
                solution_limit=solution_limit,
                warm_start=start,
                randomise_seed=randomise_seed,
                progress=progress,
                allow_none=True,
                limits=limits,
                deadline=deadline,
            ) or _unsolved(season, elig, weights, start, progress, randomise_seed)
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="cp-sat", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(tick)
        if len(groups) <= 1 and progress.solutions:
            progress.blocks_solved = len(season.blocks)  # one model: all blocks at once
        report(box["phase"], progress, max(0.0, time_limit - (time.monotonic() - real_started)))
    if "error" in box:
        raise box["error"]
    result: solver.Result = box["result"]
    if len(groups) <= 1:
        # The season-wide capacity count is a proven floor too; keep the stronger bound.
        own = decompose.objective_floor(
            season, elig, weights, decompose.capacity_floor(season, elig)
        )
        result.unstaffed_floor = decompose.capacity_floor(season, elig)
        if result.bound is not None and own > result.bound and result.objective is not None:
            result.bound = float(min(own, result.objective))
            result.gap = solver.gap_of(result.objective, result.bound)
    roster = dict(result.roster)
    refused = {k: v for k, v in judge(season, roster).items() if v}
    for key in refused:  # never shown as staffed: the checker is the judge
        roster[key] = None
    unstaffed = []
    for key, panel in roster.items():
        if panel is None:
            reasons = (
                [f"{key}: the checker refused the engine's panel: {b}" for b in refused[key]]
                if key in refused
                else capacity.unstaffed_reasons(season, elig, days, key)
            )
            unstaffed.append({"block": key, "reasons": reasons})
    report("Finished", progress, 0)
    return Outcome(
        roster, result, elig, days, unstaffed, base, greedy_figures, refused, first_lawful
    )


def _unsolved(
    season: Season,
    elig: Eligibility,
    weights: dict,
    start: Roster,
    progress: solver.Progress,
    randomise_seed: int | None,
) -> solver.Result:
    """CP-SAT stopped before it found a roster: the lawful start (checked) is the proposal,
    said plainly: status UNKNOWN, no proven bound, so no gap."""
    objective, terms = solver.score(season, elig, weights, start)
    return solver.Result(
        roster=dict(start),
        status="UNKNOWN",
        objective=objective,
        bound=None,
        gap=None,
        workload_floor=solver.workload_floor(season, elig, start),
        first_feasible_seconds=None,
        seconds=time.monotonic() - (progress.started or time.monotonic()),
        solutions=0,
        terms=terms,
        seed=randomise_seed,
    )


def _standing(season: Season, elig: Eligibility) -> Roster:
    roster: Roster = {}
    for b in season.blocks:
        p = season.current.get(b.key)
        ok = (
            p is not None
            and len(set(p.members)) == len(p.members) == PANEL_SIZE
            and set(p.members) <= set(elig.members[b.key])
            and p.chair in elig.chairs[b.key]
            and p.clerk in elig.clerks[b.key]
        )
        roster[b.key] = p if ok else None
    refused = judge(season, {k: p for k, p in roster.items() if p})
    return {k: (None if refused.get(k) else p) for k, p in roster.items()}
