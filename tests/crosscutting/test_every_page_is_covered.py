"""Every page in bench/pages.py has a query-count test and an axe check somewhere.

Found by reading the test sources (no test is run here): a test covers a page when its body,
or a module-level list of URLs it names, holds the page's URL (a literal path or f-string that
resolves to the same view, ``reverse()`` of the view's name, or the page's name in
bench/pages.py) and it counts queries (``django_assert_max_num_queries``,
``django_assert_num_queries`` or ``CaptureQueriesContext``), or, under tests/e2e, runs
``assert_accessible``.

The pages without one are listed below, by name; the test fails when a page is added
without either, and also when a listed page gains one (so the lists only shrink).
"""

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
COUNTS_QUERIES = ("num_queries", "CaptureQueriesContext")

# Pages with no query-count test yet (at the time of writing); add the test, then remove the
# name here.
NO_QUERY_COUNT_TEST: set[str] = set()
# Pages no browser test names and puts through axe (a journey may reach some by clicking a
# link, which this reader cannot see: name the page's URL in that test to take it off).
NO_AXE_CHECK = {
    "appeals-admin-pool",
    "network-admin-cohorts",
    "network-admin-resources",
    "policies-admin-resources",
    "policies-admin-versions",
    "recruitment-invite",
    "recruitment-serving-monitoring",
}
# JSON answers and a PDF: no HTML page for axe to check.
NOT_HTML = {
    "api-schools",
    "appeals-api-blocks",
    "cpd-api-sessions",
    "gov-api-boards",
    "gov-api-terms",
    "gov-api-vacancies",
    "policies-api-completion",
    "policies-api-gaps",
    "policies-pdf",
}


def _pages():
    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {page.name: page for page in module.PAGES}


def _view_of(path: str) -> str | None:
    path = re.sub(r"\{[^}]*\}", "1", path).split("?")[0]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.url_name != "wagtail_serve" else None


def _texts(node) -> list[str]:
    """String constants in a node, an f-string read with each field as 1."""
    out = []
    for child in ast.walk(node):
        if isinstance(child, ast.JoinedStr):
            out.append(
                "".join(v.value if isinstance(v, ast.Constant) else "1" for v in child.values)
            )
        elif isinstance(child, ast.Constant) and isinstance(child.value, str):
            out.append(child.value)
    return out


def _views_named(node) -> set[str]:
    views = set()
    for text in _texts(node):
        if text.startswith("/"):
            if view := _view_of(text):
                views.add(view)
        elif re.fullmatch(r"[\w:-]+", text):
            views.add(text)  # a possible reverse() name; compared with view names below
    return views


@cache
def _test_functions():
    """(path, name, source, views it names, counts queries, checks axe) for every test."""
    found = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        source = path.read_text()
        tree = ast.parse(source)
        constants = {
            target.id: node
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        helpers = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("test")
        }
        for node in tree.body:
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test")):
                continue
            body = ast.get_source_segment(source, node)
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            views = _views_named(node)
            for decorator in node.decorator_list:
                views |= _views_named(decorator)
            for name in names & constants.keys():
                views |= _views_named(constants[name])
            used = " ".join(
                [body]
                + [ast.get_source_segment(source, helpers[n]) for n in names & helpers.keys()]
            )
            found.append(
                (
                    path.relative_to(ROOT).as_posix(),
                    node.name,
                    views,
                    any(word in used for word in COUNTS_QUERIES),
                    "assert_accessible" in used,
                )
            )
    return found


def _covering(page, *, axe: bool) -> list[str]:
    view = _view_of(page.path)
    short = view.rsplit(":", 1)[-1]
    hits = []
    for path, name, views, counts, checks_axe in _test_functions():
        wanted = checks_axe if axe else counts and not path.startswith("tests/e2e/")
        # A test may also name the page by its bench line (it reads the path from bench/pages.py).
        if wanted and (view in views or short in views or page.name in views):
            hits.append(f"{path}::{name}")
    return hits


PAGES = _pages()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_has_a_query_count_test(name):
    hits = _covering(PAGES[name], axe=False)
    if name in NO_QUERY_COUNT_TEST:
        assert not hits, f"{name} has one now ({hits[0]}): remove it from NO_QUERY_COUNT_TEST"
    else:
        assert hits, f"{name} ({PAGES[name].path}): no test counts its queries"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_is_put_through_axe(name):
    if name in NOT_HTML:
        return
    hits = _covering(PAGES[name], axe=True)
    if name in NO_AXE_CHECK:
        assert not hits, f"{name} is checked now ({hits[0]}): remove it from NO_AXE_CHECK"
    else:
        assert hits, f"{name} ({PAGES[name].path}): no browser test runs axe on it"


def test_the_reader_finds_a_known_query_count_test_and_a_known_axe_check():
    # tests/governors/test_query_counts.py counts the board page; tests/e2e/test_equality_journey
    # runs axe on the steward list. If the reader broke, every page would look uncovered.
    assert any(
        "test_board_and_public_pages_fixed_queries" in hit
        for hit in _covering(PAGES["gov-board"], axe=False)
    )
    assert any("test_equality_journey" in hit for hit in _covering(PAGES["steward-list"], axe=True))
