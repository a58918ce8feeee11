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

from . import capacity, greedy, solver
from .season import PANEL_SIZE, Eligibility, Roster, Season, eligibility, judge, season_load


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
) -> Outcome:
    """``report(phase, progress, seconds_left)`` is called from this thread, about every
    ``tick`` seconds while the solver works, so the caller may write progress to the database."""
    report = report or (lambda *a: None)
    report("Checking who can sit on each block", None, time_limit)
    elig = eligibility(season)
    days = capacity.by_day(season, elig)
    report("Composing the greedy baseline", None, time_limit)
    base = greedy.compose(season, elig)
    base_breaches = judge(season, base)
    greedy_figures = {
        "unstaffed": sum(p is None for p in base.values()),
        "breaches": sum(len(b) for b in base_breaches.values()),
        "objective": solver.evaluate(season, elig, weights, base),
        **spread(season, base),
    }
    if base_breaches and any(base_breaches.values()):
        # A warm start must be lawful; drop the greedy panels the checker refuses.
        base = {k: (None if base_breaches.get(k) else p) for k, p in base.items()}
    start = base
    if any(season.current.values()):
        # Re-planning starts from the saved roster: its panels that still stand (the checker
        # agrees and nobody on them is now kept off), the others empty. So the first roster
        # changes nothing but the affected seats, and the search only improves on it.
        start = _standing(season, elig)
    progress = solver.Progress()
    box: dict = {}

    def work():
        try:
            box["result"] = solver.solve(
                season,
                elig,
                weights,
                time_limit=time_limit,
                workers=workers,
                random_seed=random_seed,
                solution_limit=solution_limit,
                warm_start=start,
                randomise_seed=randomise_seed,
                progress=progress,
            )
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="cp-sat", daemon=True)
    started = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(tick)
        report("Solving", progress, max(0.0, time_limit - (time.monotonic() - started)))
    if "error" in box:
        raise box["error"]
    result: solver.Result = box["result"]
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
    return Outcome(roster, result, elig, days, unstaffed, base, greedy_figures, refused)


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
