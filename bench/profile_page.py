"""Profile one page of bench/pages.py against one database, in process (cProfile).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> \
        .venv/bin/python bench/profile_page.py steward-list [--repeat 20] [--sql] [--top 40]

Fetches the page once to warm process-wide caches, then --repeat times under cProfile
with Django's test Client as the page's demo user, and prints the functions with the most
cumulative time, the mean milliseconds per request and (with --sql) each SQL statement of
the last request with its time. Test settings (DEBUG off), like bench/query_counts.py.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pages import BARE, PAGES  # noqa: E402
from query_counts import placeholders  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", help="a name from bench/pages.py, or 'bare'")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true")
    args = parser.parse_args()

    from schools_platform.core.models import User

    page = BARE if args.page == "bare" else next(p for p in PAGES if p.name == args.page)
    path = page.path.format(**placeholders())
    client = Client()
    client.force_login(User.objects.get(username=page.user))
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(path)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / args.repeat * 1000
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    stats = pstats.Stats(profiler)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(f"{path}: {elapsed:.1f} ms a request (under cProfile), {len(captured)} queries")
    if args.sql:
        for query in captured.captured_queries:
            print(f"{query['time']}s  {query['sql'][:400]}")


if __name__ == "__main__":
    main()
