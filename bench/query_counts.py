"""Count the SQL queries each page in bench/pages.py makes, against one database.

Run by bench/run.py once per database, with DATABASE_URL set:

    DATABASE_URL=sqlite:////tmp/x/large.sqlite3 .venv/bin/python bench/query_counts.py

Each page is fetched twice with Django's test Client as its demo user (force_login); the
second fetch is counted, so process-wide caches (content types, the Wagtail site) filled by
the first do not count. Prints one JSON line: {"placeholders": {...}, "pages": {name: {...}}}.
``--pages a,b`` counts only those pages (bench/run.py passes its own --pages on).
"""

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
# The test settings: DEBUG off like production, plain static storage (no manifest needed).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from pages import PAGES  # noqa: E402

_LITERALS = [
    (re.compile(r"'(?:[^']|'')*'"), "?"),
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "?"),
    (re.compile(r"\bIN \((?:\?|%s)(?:, ?(?:\?|%s))*\)", re.IGNORECASE), "IN (...)"),
]


def shape(sql: str) -> str:
    for pattern, replacement in _LITERALS:
        sql = pattern.sub(replacement, sql)
    return sql


def placeholders() -> dict:
    """Values for the {placeholders} in PAGES' paths, read from this database."""
    from schools_platform.core.models import User
    from schools_platform.registry.models import School
    from schools_platform.registry.selectors import schools_for_user

    values = {}
    first = School.objects.order_by("urn").values_list("urn", flat=True).first()
    if first is not None:
        values["urn"] = first
    head = User.objects.filter(username="head").first()
    if head is not None:
        mine = schools_for_user(head).order_by("urn").values_list("urn", flat=True).first()
        if mine is not None:
            values["head_urn"] = mine
    values.update(_governors_placeholders())
    values.update(_recruitment_placeholders())
    from cpd.selectors import busiest_session_id  # the register with the most people booked

    session = busiest_session_id()
    if session is not None:
        values["cpd_session"] = session
    from django.apps import apps

    if apps.is_installed("admissions"):
        block = apps.get_model("admissions", "HearingBlock").objects.order_by("pk").first()
        if block is not None:
            values["appeals_block"] = block.pk
        run = apps.get_model("admissions_engine", "EngineRun").objects.order_by("pk").first()
        if run is not None:
            values["engine_run"] = run.pk
        appeal = apps.get_model("admissions", "Appeal").objects.order_by("pk").first()
        if appeal is not None:
            values["appeals_appeal"] = appeal.pk
    values.update(_policy_reviews(head))
    return values


def _policy_reviews(head) -> dict:
    """A submitted whole-school policy review (about 60 items) and one of the head's."""
    from policies.models import Review

    values = {}
    submitted = Review.objects.filter(status=Review.Status.SUBMITTED, kind="whole_school")
    first = submitted.order_by("pk").values_list("pk", flat=True).first()
    if first is not None:
        values["policy_review"] = first
        review = Review.objects.get(pk=first)
        values["policy_version"] = review.version_id
        values["policy_year"] = (review.submitted_at or review.started_at).year
    if head is not None:
        from schools_platform.registry.selectors import schools_for_user

        own = Review.objects.filter(school__in=schools_for_user(head)).order_by("pk").first()
        if own is not None:
            values["head_policy_review"] = own.pk
    return values


def _governors_placeholders() -> dict:
    """{board}: the govclerk demo login's board (else the first); {board_urn}: one of its
    schools, for the public governance page."""
    from governors.models import BoardSchool
    from schools_platform.core.models import User

    current = BoardSchool.objects.filter(left_on__isnull=True).order_by("school__urn")
    clerk = User.objects.filter(username="govclerk").first()
    if clerk is not None:
        from schools_platform.registry.selectors import schools_for_user

        mine = current.filter(school__in=schools_for_user(clerk)).first()
        current = current.filter(pk=mine.pk) if mine else current
    first = current.values_list("board_id", "school__urn").first()
    return {"board": first[0], "board_urn": first[1]} if first else {}


def _recruitment_placeholders() -> dict:
    """{listing}: the newest open public vacancy listing (the first on the public page), for
    its own page and its application form."""
    from governors.recruitment.selectors import public_listings

    first = public_listings().prefetch_related(None).values_list("pk", flat=True).first()
    return {"listing": first} if first is not None else {}


def has_own_view(path: str) -> bool:
    """True when the path resolves to a view other than Wagtail's catch-all page route."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


def measure(page, values: dict, clients: dict) -> dict:
    from schools_platform.core.models import User

    try:
        path = page.path.format(**values)
    except KeyError as missing:
        return {"status": "error", "error": f"no value for placeholder {missing}"}
    result = {"path": path, "user": page.user}
    if not has_own_view(path):
        if page.optional:
            return {**result, "status": "skipped", "error": "URL does not resolve (yet)"}
        return {**result, "status": "error", "error": "URL does not resolve"}
    if page.user not in clients:
        user = User.objects.filter(username=page.user).first()
        if user is None:
            return {**result, "status": "error", "error": f"no demo user {page.user!r}"}
        client = Client()
        client.force_login(user)
        clients[page.user] = client
    client = clients[page.user]
    try:
        client.get(path)  # warm process-wide caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    except Exception as exc:  # a broken page is reported, not fatal to the run
        return {**result, "status": "error", "error": f"{type(exc).__name__}: {exc}"}
    shapes = Counter(shape(q["sql"]) for q in captured.captured_queries)
    repeated = [
        {"times": times, "sql": sql[:300]} for sql, times in shapes.most_common(3) if times > 1
    ]
    return {
        **result,
        "status": "ok" if response.status_code == 200 else "error",
        "http_status": response.status_code,
        "queries": len(captured.captured_queries),
        "bytes": len(response.content),
        "repeated": repeated,
        **({} if response.status_code == 200 else {"error": f"HTTP {response.status_code}"}),
    }


def main() -> None:
    wanted = None
    if "--pages" in sys.argv:
        wanted = set(sys.argv[sys.argv.index("--pages") + 1].split(","))
    values = placeholders()
    clients: dict = {}
    pages = {
        page.name: measure(page, values, clients)
        for page in PAGES
        if wanted is None or page.name in wanted
    }
    print(json.dumps({"placeholders": values, "pages": pages}))


if __name__ == "__main__":
    main()
