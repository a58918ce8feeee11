"""bench/run.py's options for a partial run: --pages (a subset, the bare view always) and
--reuse (the databases of an earlier --keep run). Option parsing and selection only: no
database is built and no load is driven."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_run():
    saved_path, saved_pages = list(sys.path), sys.modules.get("pages")
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)  # puts bench/ on sys.path to import bench/pages.py
        yield module
    finally:
        sys.path[:] = saved_path
        if saved_pages is None:
            sys.modules.pop("pages", None)
        else:
            sys.modules["pages"] = saved_pages


def test_without_pages_every_page_is_measured(bench_run):
    args = bench_run.parse_args([])
    assert [page.name for page in args.pages] == [page.name for page in bench_run.PAGES]
    assert args.reuse is None


def test_pages_selects_the_named_pages_in_the_page_lists_order(bench_run):
    args = bench_run.parse_args(["--pages", "gov-board, admin-school-access"])
    order = [page.name for page in bench_run.PAGES]
    names = [page.name for page in args.pages]
    assert sorted(names) == ["admin-school-access", "gov-board"]
    assert names == sorted(names, key=order.index)


def test_the_bare_view_is_always_measured_first(bench_run):
    args = bench_run.parse_args(["--pages", "gov-board"])
    paths = {page.name: page.path for page in args.pages}
    targets = bench_run.load_targets(paths)
    assert targets[0] is bench_run.BARE
    assert [page.name for page in targets[1:]] == ["gov-board"]
    # Naming it is allowed and changes nothing.
    named = bench_run.parse_args(["--pages", "bare,gov-board"])
    assert [page.name for page in named.pages] == ["gov-board"]


def test_an_unknown_page_is_refused_by_name(bench_run, capsys):
    with pytest.raises(SystemExit) as exited:
        bench_run.parse_args(["--pages", "gov-board,no-such-page"])
    assert exited.value.code == 2
    assert "no page no-such-page in bench/pages.py" in capsys.readouterr().err


def test_an_empty_selection_is_refused(bench_run, capsys):
    with pytest.raises(SystemExit):
        bench_run.parse_args(["--pages", " , "])
    assert "name at least one page" in capsys.readouterr().err


def test_query_counts_are_compared_for_the_selected_pages_only(bench_run):
    selected = bench_run.parse_args(["--pages", "dashboard"]).pages
    measured = {"dashboard": {"status": "ok", "path": "/dashboard/", "queries": 13}}
    counts = {"small": {"pages": measured}, "large": {"pages": measured}}
    rows, problems = bench_run.compare_query_counts(counts, selected)
    assert [row["page"] for row in rows] == ["dashboard"]
    assert rows[0]["verdict"] == "OK"
    assert problems == []


def test_reuse_on_postgresql_takes_the_kept_bench_databases(bench_run, tmp_path):
    args = bench_run.parse_args(
        ["--reuse", "--database-url", "postgres://postgres@127.0.0.1:5432/wt_perf"]
    )
    assert args.reuse is True
    urls = bench_run.database_urls(args, tmp_path)
    assert urls["large"].endswith("/wt_perf_bench_large")
    assert urls["small"].endswith("/wt_perf_bench_small")


def test_reuse_on_postgresql_takes_no_folder(bench_run, tmp_path):
    args = bench_run.parse_args(
        ["--database-url", "postgres://postgres@127.0.0.1:5432/wt_perf", "--reuse", str(tmp_path)]
    )
    with pytest.raises(bench_run.StepFailed, match="only for SQLite"):
        bench_run.database_urls(args, tmp_path)


def test_reuse_on_sqlite_uses_the_kept_folder(bench_run, tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    for scale in ("small", "large"):
        (kept / f"{scale}.sqlite3").write_bytes(b"")
    args = bench_run.parse_args(["--reuse", str(kept)])
    urls = bench_run.database_urls(args, tmp_path / "new-work")
    assert urls == {
        "small": f"sqlite:///{kept / 'small.sqlite3'}",
        "large": f"sqlite:///{kept / 'large.sqlite3'}",
    }


def test_reuse_on_sqlite_needs_a_folder_with_both_databases(bench_run, tmp_path):
    with pytest.raises(bench_run.StepFailed, match="needs the folder"):
        bench_run.database_urls(bench_run.parse_args(["--reuse"]), tmp_path)
    (tmp_path / "small.sqlite3").write_bytes(b"")
    with pytest.raises(bench_run.StepFailed, match=r"no large\.sqlite3 there"):
        bench_run.database_urls(bench_run.parse_args(["--reuse", str(tmp_path)]), tmp_path)
