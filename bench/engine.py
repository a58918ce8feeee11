"""The panel engine's benchmark (issue 13), one command:

    .venv/bin/python bench/engine.py [--database-url sqlite:////tmp/engine_bench/large.sqlite3
                                      or postgres://postgres@127.0.0.1:5432/NAME]
                                     [--time-limit 60] [--workers 2] [--whole]

Builds the database if it is missing (a PostgreSQL one is created first; then migrate,
setup_roles, seed_demo --scale large: 150 panel members, 300 hearing blocks, 12 clerks),
loads every block of the demo season (the first block's academic year, as the engine's demo
run does) as a clerk's run would, and prints one JSON object: time to the first feasible
roster, objective, best bound and gap after the time limit, unstaffed blocks; the greedy
baseline on the same season (breaches it would make if saved unchecked, unstaffed blocks,
workload spread); then one member withdraws from a staffed block and the season is
re-planned (time, seats changed outside that block).
``--whole`` solves the season as one CP-SAT model (the engine before decomposition).
Figures go in docs/benchmarks.md ("Appeal panel engine").
"""

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_DB = "sqlite:////tmp/engine_bench/large.sqlite3"


def build(url: str) -> None:
    env = os.environ | {"DATABASE_URL": url}
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["setup_roles"],
        ["seed_demo", "--scale", "large", "--seed", "2026", "--quiet-logins"],
    ):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def create_pg(url: str) -> bool:
    """Create the PostgreSQL database named in ``url`` if it is missing; True if created."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--whole", action="store_true", help="one model, no decomposition")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")
    os.environ["DATABASE_URL"] = args.database_url
    if args.database_url.startswith("sqlite:///"):
        path = Path(args.database_url.removeprefix("sqlite://"))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            build(args.database_url)
    elif args.database_url.startswith(("postgres://", "postgresql://")) and create_pg(
        args.database_url
    ):
        build(args.database_url)

    import django

    django.setup()
    from admissions.engine import demo, loading, plan, services
    from admissions.engine.season import blocks_newly_staffed, seats_changed
    from admissions.models import PanelMember

    year, season_blocks = demo.demo_season()  # the demo's season only, as the engine's demo
    blocks = loading.load_blocks(season_blocks.values_list("pk", flat=True))
    season = loading.load_season(blocks)
    weights = services.default_weights()
    started = time.monotonic()
    split = not args.whole
    load = os.getloadavg()
    outcome = plan.run(
        season, weights, time_limit=args.time_limit, workers=args.workers, decompose_parts=split
    )
    total = time.monotonic() - started
    r = outcome.result
    out = {
        "season": {
            "academic_year": year,
            "blocks": len(season.blocks),
            "members": PanelMember.objects.filter(active=True).count(),
            "clerks": len(season.clerks),
            "hearing_days": len({d for b in season.blocks for d in b.days}),
            "days_short_of_people": sum(bool(d.shortfalls) for d in outcome.days),
        },
        "load_average_at_start": [round(x, 2) for x in load],
        "engine": {
            "decomposed": split,
            "first_lawful_roster_s": round(outcome.first_lawful_seconds, 2),
            "first_solver_improvement_s": round(r.first_solver_seconds, 2)
            if r.first_solver_seconds is not None
            else None,
            "unstaffed_floor": r.unstaffed_floor,
            "relaxation": r.relaxation,
            "time_limit_s": args.time_limit,
            "workers": args.workers,
            "first_feasible_s": round(r.first_feasible_seconds, 2)
            if r.first_feasible_seconds is not None
            else None,
            "wall_s": round(total, 1),
            "status": r.status,
            "objective": r.objective,
            "bound": r.bound,
            "gap_percent": round(100 * r.gap, 2) if r.gap is not None else None,
            # The stricter figure: the gap over the soft terms only (unstaffed cost taken out).
            "gap_soft_percent": round(
                100
                * (r.objective - r.bound)
                / max(1.0, r.objective - weights["unstaffed"] * r.terms.get("unstaffed", 0)),
                2,
            ),
            "unstaffed": len(outcome.unstaffed),
            "checker_refused": len(outcome.refused),
            "terms": r.terms,
            "workload_floor": r.workload_floor,
            "load": plan.spread(season, outcome.roster),
            "parts": [
                {k: (round(v, 4) if isinstance(v, float) else v) for k, v in p.items()}
                for p in r.parts
            ],
        },
        "greedy": outcome.greedy_figures,
    }
    # One member withdraws from the first staffed block: re-plan with a heavy cost on change.
    affected = next(k for k, p in sorted(outcome.roster.items()) if p)
    panel = outcome.roster[affected]
    gone = next(mk for mk in panel.members if mk != panel.chair)
    again = dataclasses.replace(season, current=outcome.roster, excluded={affected: {gone}})
    started = time.monotonic()
    replan_weights = weights | {"change": weights["unstaffed"] - 1}  # as replan_after_withdrawal
    replan = plan.run(
        again,
        replan_weights,
        time_limit=args.time_limit,
        workers=args.workers,
        decompose_parts=split,
    )
    out["replan"] = {
        "wall_s": round(time.monotonic() - started, 1),
        "first_lawful_roster_s": round(replan.first_lawful_seconds, 2),
        "first_feasible_s": round(replan.result.first_feasible_seconds, 2)
        if replan.result.first_feasible_seconds is not None
        else None,
        "gap_percent": round(100 * replan.result.gap, 2) if replan.result.gap is not None else None,
        "unstaffed_floor": replan.result.unstaffed_floor,
        "seats_changed_in_block": seats_changed(
            {affected: outcome.roster[affected]}, {affected: replan.roster[affected]}
        ),
        "seats_changed_elsewhere": seats_changed(outcome.roster, replan.roster, outside={affected}),
        "blocks_newly_staffed": blocks_newly_staffed(outcome.roster, replan.roster),
        "unstaffed": len(replan.unstaffed),
    }
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
