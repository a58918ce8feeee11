"""Every page the benchmark measures is a real page of the platform (bench/pages.py)."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]


def _pages():
    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PAGES


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_each_benchmarked_page_resolves_to_its_own_view(page):
    # Placeholders ({urn}, {board}, ...) are filled from the measured database; any id will do
    # to find the view. Wagtail's catch-all page route would answer any path, so it does not count.
    path = re.sub(r"\{[a-z_]+\}", "1", page.path).split("?")[0]
    try:
        match = resolve(path)
    except Resolver404:
        pytest.fail(f"{page.name}: {page.path} is not a URL of the platform")
    assert match.url_name != "wagtail_serve", f"{page.name}: {page.path} has no view of its own"


def test_each_page_name_is_measured_once():
    # Two lines with one name overwrite each other in the results and the summary lists the
    # page twice, possibly against two different targets.
    names = [page.name for page in _pages()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    assert repeated == [], f"bench/pages.py names these pages more than once: {repeated}"
