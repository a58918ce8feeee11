"""The benchmark's lines for a public vacancy's page and its application form: the {listing}
placeholder is filled from the database (the newest open listing, never a closed one), both
paths are real pages, and each page makes no more queries with four times the listings,
applications and answers to "where did you hear"."""

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governors.recruitment import services
from governors.recruitment.models import HeardAboutOption

from .conftest import DETAILS, publish

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("recruitment-listing", "recruitment-apply")


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # query_counts puts bench/ on sys.path for pages.py
    return module


def _paths(values: dict) -> dict[str, str]:
    pages = {page.name: page for page in _bench("pages").PAGES}
    return {name: pages[name].path.format(**values) for name in NAMES}


def test_the_listing_placeholder_is_the_newest_open_listing(officer, board_a, board_b):
    query_counts = _bench("query_counts")
    assert "listing" not in query_counts._recruitment_placeholders()
    older = publish(officer, board_a)
    newest = publish(officer, board_b, title="Governor at Birch")
    assert query_counts._recruitment_placeholders() == {"listing": newest.pk}
    services.close_listing(actor=officer, listing=newest)
    assert query_counts._recruitment_placeholders() == {"listing": older.pk}
    paths = _paths(query_counts._recruitment_placeholders())
    assert paths["recruitment-listing"] == reverse(
        "governor_recruitment:listing-detail", args=[older.pk]
    )
    assert paths["recruitment-apply"] == reverse("governor_recruitment:apply", args=[older.pk])


def _grow(officer, boards, n):
    listings = [publish(officer, board, title=f"Seat {board.pk}") for board in boards]
    for i in range(n):
        heard = HeardAboutOption.objects.create(label=f"Heard {HeardAboutOption.objects.count()}")
        services.apply(
            actor=AnonymousUser(),
            listing=listings[i % len(listings)],
            details={**DETAILS, "email": f"applicant{i}@example.org", "skills": ["finance"]},
            heard_about=heard,
        )
    return listings[0]


def test_a_vacancys_page_and_its_form_at_two_sizes(
    client, officer, board_a, board_b, django_assert_max_num_queries
):
    counts: dict[str, list[int]] = {}
    for n in (2, 8):
        listing = _grow(officer, [board_a, board_b], n)
        for name, path in _paths({"listing": listing.pk}).items():
            with CaptureQueriesContext(connection) as captured:
                page = client.get(path)
            assert page.status_code == 200, name
            assert listing.title in page.text, name
            counts.setdefault(name, []).append(len(captured))
    assert set(counts) == set(NAMES)
    for name, (small, large) in counts.items():
        with django_assert_max_num_queries(small):
            assert client.get(_paths({"listing": listing.pk})[name]).status_code == 200
        assert large <= small, (name, small, large)
