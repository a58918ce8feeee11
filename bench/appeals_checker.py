"""The independent compliance checker over a whole appeals season (issue 9), one command:

    .venv/bin/python bench/appeals_checker.py [--database-url sqlite:////tmp/appeals_bench/large.sqlite3]
                                              [--repeat 5]

Builds the database if it is missing (migrate, setup_roles, then the registry's, the demo
logins' and the appeals module's demo data at ``large``: 150 panel members, the 300-block
season of the next summer, 12 clerks, last season heard). For every block of that season
it proposes a panel as a clerk would by hand, in date order, without looking at the rules (the
next chair-capable member, the next member with experience in education, the next lay member,
the next clerk), then measures:

- ``db``: ``services.check_proposal`` per block, the roster editor's "Check the panel": the
  facts read from the database (``admissions/facts.py``) and the checker, with its queries;
- ``pure``: ``checker.check_roster`` alone over the 300 prepared proposals (plain data, no
  database), repeated ``--repeat`` times;
- ``season``: the same 300 proposals judged together, each block's proposed panel counted as a
  booking for the others (one sitting a day, weekly and season caps across the season), as
  ``manage.py check_panel`` does for a file of several blocks.

Prints one JSON object (times in milliseconds, the machine's load average before and after).
Figures go in docs/benchmarks.md ("Appeals compliance checker").
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_DB = "sqlite:////tmp/appeals_bench/large.sqlite3"
SEASON_PREFIX = "DEMO-"  # the demo season the engine composes (admissions/demo.py)


# Only what the checker reads: schools, demo logins and the appeals module's own demo data
# (the other modules' demo data and the engine's demo run are not needed, and take minutes).
SEED = """
import random
import django
django.setup()
from django.db import transaction
from schools_platform.core.demo import DemoContext
from schools_platform.registry import demo as registry
from schools_platform.dashboard import demo as dashboard
from admissions import demo as appeals
context = DemoContext(rng=random.Random(2026), scale="large")
with transaction.atomic():
    for module in (registry, dashboard, appeals):
        print(module.__name__, module.seed(context))
"""


def build(url: str) -> None:
    env = os.environ | {"DATABASE_URL": url}
    for args in (["migrate", "--noinput", "-v0"], ["setup_roles"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "-c", SEED], cwd=ROOT, env=env, check=True)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def hand_proposals(blocks, members, clerks) -> list[tuple]:
    """(block, member ids, chair id, clerk) for each block: the next chair, education and lay
    member and clerk in turn, as typed in by hand without checking anything."""
    chairs = [m for m in members if m.chair_capable]
    education = [m for m in members if m.category == "education" and not m.chair_capable]
    lay = [m for m in members if m.category == "lay" and not m.chair_capable]
    out = []
    for i, block in enumerate(blocks):
        chair, edu, lay_member = (
            chairs[i % len(chairs)],
            education[i % len(education)],
            lay[i % len(lay)],
        )
        out.append((block, [chair.pk, edu.pk, lay_member.pk], chair.pk, clerks[i % len(clerks)]))
    return out


def with_season_bookings(proposals):
    """Each proposal with the other blocks' proposed panels and clerks counted as bookings."""
    from admissions import checker

    days_of = {p.block.key: p.block.days for p in proposals}
    member_days, clerk_days = {}, {}
    for p in proposals:
        for m in p.members:
            member_days.setdefault(m.key, []).append(p.block.key)
        if p.clerk:
            clerk_days.setdefault(p.clerk.key, []).append(p.block.key)
    out = []
    for p in proposals:
        members = []
        for m in p.members:
            extra = [d for key in member_days[m.key] if key != p.block.key for d in days_of[key]]
            members.append(
                checker.MemberFacts(
                    **{
                        **m.__dict__,
                        "other_sittings": m.other_sittings + extra,
                        "season_sittings": m.season_sittings + len(extra),
                    }
                )
            )
        clerk = p.clerk
        if clerk is not None:
            extra = [d for key in clerk_days[clerk.key] if key != p.block.key for d in days_of[key]]
            clerk = checker.ClerkFacts(
                **{**clerk.__dict__, "other_sittings": clerk.other_sittings + extra}
            )
        out.append(checker.Proposal(block=p.block, members=members, chair=p.chair, clerk=clerk))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")
    os.environ["DATABASE_URL"] = args.database_url
    if args.database_url.startswith("sqlite:///"):
        path = Path(args.database_url.removeprefix("sqlite://"))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            build(args.database_url)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from admissions import checker, facts, services
    from admissions.models import Appeal, Clerk, HearingBlock, PanelMember

    load_before = os.getloadavg()
    season = list(
        HearingBlock.objects.filter(reference__startswith=SEASON_PREFIX)
        .order_by("reference")
        .values_list("pk", flat=True)
    )
    members = list(PanelMember.objects.filter(active=True).order_by("pk"))
    clerks = list(Clerk.objects.filter(active=True).order_by("pk"))
    blocks = [facts.load_block(pk) for pk in season]
    plan = hand_proposals(blocks, members, clerks)

    # 1. The roster editor's check, per block, database facts included.
    db_times, queries, proposals, breaches = [], [], [], []
    for block, ids, chair, clerk in plan:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            found = services.check_proposal(
                block=facts.load_block(block.pk), member_ids=ids, chair_id=chair, clerk=clerk
            )
            db_times.append(time.perf_counter() - started)
        queries.append(len(captured))
        breaches.append(found)
        proposals.append(facts.proposal_for(block, member_ids=ids, chair_id=chair, clerk=clerk))

    # 2. The checker alone, plain data.
    pure_runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for proposal in proposals:
            checker.check_roster(proposal)
        pure_runs.append(time.perf_counter() - started)
    per_block = []
    for proposal in proposals:
        started = time.perf_counter()
        checker.check_roster(proposal)
        per_block.append(time.perf_counter() - started)

    # 3. The season judged together (bookings across the season), as check_panel does.
    started = time.perf_counter()
    together = with_season_bookings(proposals)
    prepare = time.perf_counter() - started
    season_runs, season_breaches = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        season_breaches = [checker.check_roster(p) for p in together]
        season_runs.append(time.perf_counter() - started)

    rules = Counter(b.rule for found in season_breaches for b in found)
    out = {
        "season": {
            "blocks": len(blocks),
            "hearing_days": len({d.date for b in blocks for d in b.days.all()}),
            "block_days": sum(len(b.days.all()) for b in blocks),
            "appeals": Appeal.objects.filter(block_id__in=season).count(),
            "members": len(members),
            "clerks": len(clerks),
        },
        "db": {
            "total_ms": _ms(sum(db_times)),
            "per_block_mean_ms": _ms(statistics.mean(db_times)),
            "per_block_p95_ms": _ms(_p95(db_times)),
            "queries_per_block": sorted(set(queries)),
            "rejected": sum(bool(b) for b in breaches),
        },
        "pure": {
            "repeat": args.repeat,
            "season_best_ms": _ms(min(pure_runs)),
            "season_median_ms": _ms(statistics.median(pure_runs)),
            "per_block_mean_ms": _ms(statistics.mean(per_block)),
            "per_block_p95_ms": _ms(_p95(per_block)),
        },
        "season_together": {
            "prepare_ms": _ms(prepare),
            "season_best_ms": _ms(min(season_runs)),
            "season_median_ms": _ms(statistics.median(season_runs)),
            "per_block_ms": _ms(min(season_runs) / max(1, len(together))),
            "accepted": sum(not b for b in season_breaches),
            "rejected": sum(bool(b) for b in season_breaches),
            "breaches_by_rule": dict(rules.most_common()),
        },
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
    }
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
