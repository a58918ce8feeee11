"""Benchmarks at authority scale: query counts, latency under load, the import pipeline.

    .venv/bin/python bench/run.py [--skip-load] [--skip-import] [--strict]
                                  [--pages NAME,NAME] [--keep] [--reuse [FOLDER]]
    bash bench/run.sh                       (the same, from anywhere)

1. Builds two fresh databases (migrate, setup_roles, seed_demo --scale small / large): SQLite
   files in a temporary folder, or PostgreSQL databases <name>_bench_small and
   <name>_bench_large next to the one named by --database-url (then VACUUM ANALYZE).
   With --reuse, the databases a --keep run left are used again (migrate only, no seeding).
2. Counts each page's queries (bench/pages.py, or only the --pages named) at both scales:
   they must be equal.
3. Serves the large database with gunicorn under the production settings on 127.0.0.1, signs
   in through the login form, and drives concurrent users at each page and at the bare
   baseline view from a separate process (bench/load.py): p50, p95, throughput, p95 / bare p95.
4. Runs bench/bench_import.py when it exists and folds in its JSON line.
5. Prints a summary and writes bench/results/latest.json.

Exit status: 1 when a page's query count grows with the data, a page fails or a step cannot
run; slow figures (latency, import time or memory over target) fail only with --strict.
docs/benchmarks.md explains every figure.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))

from pages import BARE, DEMO_PASSWORD, PAGES  # noqa: E402

HOST = "127.0.0.1"
SCALES = ("small", "large")
IMPORT_TARGET_RATIO = 3.0
IMPORT_TARGET_PEAK_MB = 500


class StepFailed(Exception):
    pass


def log(message: str = "") -> None:
    print(message, flush=True)


def run(cmd: list[str], *, env: dict, timeout: float, what: str) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise StepFailed(f"{what}: timed out after {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise StepFailed(f"{what}: exit status {done.returncode}\n{tail}")
    return done


def last_json_line(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    raise StepFailed("no JSON line in the output:\n" + text[-2000:])


def base_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG"}
    }
    env["PYTHONUNBUFFERED"] = "1"
    return env


# 1. Databases ------------------------------------------------------------------------------


def database_urls(args, work: Path) -> dict[str, str]:
    if not args.database_url:
        if args.reuse is not None:
            work = reused_folder(args)
        return {scale: f"sqlite:///{work / f'{scale}.sqlite3'}" for scale in SCALES}
    if isinstance(args.reuse, str):
        raise StepFailed(
            "--reuse takes a folder only for SQLite: with --database-url it reuses "
            "<name>_bench_small and <name>_bench_large, so give it no value"
        )
    parts = urlsplit(args.database_url)
    if not parts.scheme.startswith("postgres"):
        raise StepFailed("--database-url must be a postgres:// URL (SQLite needs none)")
    base_name = parts.path.lstrip("/") or "platform"
    return {
        scale: urlunsplit(parts._replace(path=f"/{base_name}_bench_{scale}")) for scale in SCALES
    }


def recreate_postgres_database(url: str, *, create: bool = True) -> None:
    """Drop (and create) a benchmark database: only ever a *_bench_* name this script chose."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    assert "_bench_" in name, name
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def reused_folder(args) -> Path:
    """The folder of SQLite databases a --keep run left ("Kept /tmp/schools-bench-...")."""
    if not isinstance(args.reuse, str):
        raise StepFailed(
            "--reuse on SQLite needs the folder a --keep run printed: "
            "--reuse /tmp/schools-bench-..."
        )
    folder = Path(args.reuse)
    missing = [scale for scale in SCALES if not (folder / f"{scale}.sqlite3").is_file()]
    if missing:
        raise StepFailed(
            f"--reuse {folder}: no {', '.join(f'{scale}.sqlite3' for scale in missing)} there"
        )
    return folder


def postgres_database_exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        ).fetchone()
    return found is not None


def reuse_database(scale: str, url: str) -> float:
    """Use a database a --keep run left as it is: only ``migrate``, so that a migration added
    since (an index, say) is there too. Its data is the earlier run's, audit rows included."""
    started = time.perf_counter()
    if url.startswith("postgres") and not postgres_database_exists(url):
        name = urlsplit(url).path.lstrip("/")
        raise StepFailed(f"--reuse: there is no database {name}; run once with --keep first")
    env = {
        **base_env(),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "schools_platform.settings.dev",
    }
    run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        env=env,
        timeout=900,
        what=f"migrate ({scale}, reused)",
    )
    return time.perf_counter() - started


def build_database(scale: str, url: str, seed: int) -> float:
    started = time.perf_counter()
    if url.startswith("postgres"):
        recreate_postgres_database(url)
    env = {
        **base_env(),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "schools_platform.settings.dev",
    }
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env=env, timeout=900, what=f"migrate ({scale})")
    run([*manage, "setup_roles"], env=env, timeout=300, what=f"setup_roles ({scale})")
    run(
        [*manage, "seed_demo", "--scale", scale, "--seed", str(seed), "--quiet-logins"],
        env=env,
        timeout=3600,
        what=f"seed_demo --scale {scale}",
    )
    if url.startswith("postgres"):
        vacuum_analyze(url)
    return time.perf_counter() - started


def vacuum_analyze(url: str) -> None:
    """Fresh planner statistics after bulk seeding, as a production database would have after
    autovacuum: without them PostgreSQL plans the first queries on empty-table guesses."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:  # VACUUM refuses a transaction
        connection.execute("VACUUM ANALYZE")


# 2. Query counts ---------------------------------------------------------------------------


def count_queries(url: str, scale: str, pages: list) -> dict:
    env = {
        **base_env(),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "schools_platform.settings.test",
    }
    done = run(
        [PYTHON, str(BENCH / "query_counts.py"), "--pages", ",".join(p.name for p in pages)],
        env=env,
        timeout=600,
        what=f"query counts ({scale})",
    )
    return last_json_line(done.stdout)


def compare_query_counts(counts: dict, pages: list | None = None) -> tuple[list[dict], list[str]]:
    rows, problems = [], []
    for page in PAGES if pages is None else pages:
        small, large = counts["small"]["pages"][page.name], counts["large"]["pages"][page.name]
        row = {
            "page": page.name,
            "path": large.get("path", page.path),
            "user": page.user,
            "audience": page.audience,
            "small": small.get("queries"),
            "large": large.get("queries"),
        }
        if small["status"] == "skipped" and large["status"] == "skipped":
            row["verdict"] = "SKIPPED"
            row["note"] = large.get("error", "")
        elif small["status"] != "ok" or large["status"] != "ok":
            row["verdict"] = "ERROR"
            row["note"] = f"small: {small.get('error', 'ok')}; large: {large.get('error', 'ok')}"
            problems.append(f"{page.name}: {row['note']}")
        elif row["small"] == row["large"]:
            row["verdict"] = "OK"
        else:
            ratio = row["large"] / row["small"] if row["small"] else float("inf")
            row["verdict"] = f"DIFFERS x{ratio:.2f}"
            row["repeated_at_large"] = large.get("repeated", [])
            problems.append(
                f"{page.name} ({row['path']} as {page.user}): {row['small']} queries at small "
                f"scale, {row['large']} at large: the count grows with the data (N+1)"
            )
        rows.append(row)
    return rows, problems


def print_query_table(rows: list[dict]) -> None:
    log(f"{'page':<22} {'user':<10} {'small':>6} {'large':>6}  verdict")
    for row in rows:
        small = "-" if row["small"] is None else row["small"]
        large = "-" if row["large"] is None else row["large"]
        log(f"{row['page']:<22} {row['user']:<10} {small:>6} {large:>6}  {row['verdict']}")
        if row.get("note"):
            log(f"{'':<22} {row['note']}")
        for repeated in row.get("repeated_at_large", []):
            log(f"{'':<22} repeated x{repeated['times']}: {repeated['sql'][:110]}")


# 3. Load -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(url: str, static_root: Path) -> dict:
    return {
        **base_env(),
        "DJANGO_SETTINGS_MODULE": "schools_platform.settings.production",
        "SECRET_KEY": "bench-only-" + os.urandom(24).hex(),
        "CPD_EVALUATION_PSEUDONYM_KEY": "bench-only-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "true",  # production forces it off; read pages send none
        "CACHE_URL": "locmemcache://bench",
        "SECURE_SSL_REDIRECT": "false",
        "BENCHMARK_ENDPOINTS": "true",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }


def request(port: int, method: str, path: str, *, cookie: str = "", body: str = ""):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.msg.get_all("Set-Cookie") or [], response.read()
    finally:
        connection.close()


def cookies_from(set_cookies: list[str]) -> dict[str, str]:
    found = {}
    for header in set_cookies:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, username: str) -> str:
    """Sign in through the login form (CSRF cookie and token), return the Cookie header."""
    status, set_cookies, body = request(port, "GET", "/accounts/login/")
    csrf = cookies_from(set_cookies).get("csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf or not token:
        raise StepFailed(f"login page for {username}: HTTP {status}, no CSRF cookie or token")
    form = urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1].decode()}
    )
    status, set_cookies, _ = request(
        port, "POST", "/accounts/login/", cookie=f"csrftoken={csrf}", body=form
    )
    session = cookies_from(set_cookies).get("sessionid")
    if status != 302 or not session:
        raise StepFailed(f"signing in as {username}: HTTP {status}, no session cookie")
    return f"csrftoken={csrf}; sessionid={session}"


def wait_until_ready(port: int, server: subprocess.Popen, log_file: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise StepFailed("gunicorn exited:\n" + log_file.read_text()[-3000:])
        try:
            if request(port, "GET", BARE.path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise StepFailed("gunicorn did not answer within 90 s:\n" + log_file.read_text()[-3000:])


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # its own session: gunicorn and its workers only
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(5)


def load_targets(paths: dict[str, str]) -> list:
    """The bare view first, always, then each page with a path, in bench/pages.py's order."""
    return [BARE, *[page for page in PAGES if page.name in paths]]


def load_test(args, url: str, paths: dict[str, str], work: Path) -> dict:
    static_root = work / "static"
    env = server_env(url, static_root)
    log("collectstatic (production manifest storage) ...")
    run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        timeout=600,
        what="collectstatic",
    )

    port = free_port()
    log_file = work / "gunicorn.log"
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "schools_platform.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers),
        "--worker-class", args.worker_class,
        "--threads", str(args.threads),
        "--timeout", "120",
        "--log-level", "warning",
        "--error-logfile", str(log_file),
    ]  # fmt: skip
    log(
        f"gunicorn: {args.workers} {args.worker_class} workers"
        + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
        + f" on {HOST}:{port}, production settings, large database"
    )
    # Workers' own stderr (Django's error log) goes to the same file as gunicorn's.
    server_output = log_file.open("ab")
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=server_output,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_ready(port, server, log_file)
        targets = load_targets(paths)
        cookies = {}
        for user in sorted({page.user for page in targets}):
            cookies[user] = sign_in(port, user)
        job = {
            "port": port,
            "concurrency": args.concurrency,
            "requests": args.requests,
            "warmup": args.warmup,
            "time_limit": args.time_limit,
            "targets": [
                {
                    "name": page.name,
                    "path": BARE.path if page is BARE else paths[page.name],
                    "cookie": cookies[page.user],
                }
                for page in targets
            ],
        }
        log(
            f"load: {args.concurrency} concurrent users, {args.requests} requests per page "
            f"(+{args.warmup} warm-up), at most {args.time_limit} s per page, "
            f"{len(targets)} targets"
        )
        budget = len(targets) * (args.time_limit + 60) + 60
        try:
            done = subprocess.run(
                [PYTHON, str(BENCH / "load.py")],
                cwd=ROOT,
                input=json.dumps(job),
                stdout=subprocess.PIPE,
                text=True,
                timeout=budget,
                check=True,
            )
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
            raise StepFailed(f"load generator failed: {exc}") from exc
        measured = last_json_line(done.stdout)
    finally:
        stop(server)
        server_output.close()
    server_log = log_file.read_text(errors="replace") if log_file.exists() else ""
    exceptions = Counter(
        line.strip()[:200]
        for line in server_log.splitlines()
        if re.match(r"^[\w.]+(Error|Exception): ", line.strip())
    )
    return {
        "server": {
            "command": "gunicorn schools_platform.wsgi:application",
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads if args.worker_class == "gthread" else 1,
            "settings": "schools_platform.settings.production",
            "errors_logged": server_log.count("Traceback"),
            "exceptions": [f"{count} x {line}" for line, count in exceptions.most_common(5)],
        },
        **measured,
    }


def load_rows(load: dict) -> tuple[list[dict], list[str]]:
    """One row a page. The verdict is the ratio: p95 over the bare view's p95 in the same run
    against the page's ratio_target (OK or SLOW); the milliseconds are a second figure."""
    targets = load["targets"]
    bare = targets.get(BARE.name, {})
    rows, slow = [], []
    for page in [BARE, *PAGES]:
        figures = targets.get(page.name)
        if figures is None:
            continue
        row = {
            "page": page.name,
            "user": page.user,
            "target_p95_ms": page.p95_ms or None,
            "ratio_target": page.ratio_target or None,
            **figures,
        }
        if page is not BARE:
            ratio = round(figures["p95_ms"] / bare["p95_ms"], 1) if bare.get("p95_ms") else None
            row["p95_over_bare"] = ratio
            row["ms_within_target"] = figures["p95_ms"] < page.p95_ms
            broken = figures["errors"] or figures["timed_out"]
            if broken:
                row["verdict"] = "ERROR"
            elif ratio is None:
                row["verdict"] = "NO BARE"
            else:
                row["verdict"] = "OK" if ratio <= page.ratio_target else "SLOW"
            if row["verdict"] != "OK":
                slow.append(
                    f"{page.name}: p95/bare {ratio}x (target <= {page.ratio_target:g}x), "
                    f"p95 {figures['p95_ms']} ms (second figure, < {page.p95_ms} ms), "
                    f"{figures['errors']} errors"
                    + (", stopped at the time limit" if figures["timed_out"] else "")
                )
        rows.append(row)
    return rows, slow


def print_load_table(rows: list[dict]) -> None:
    log(
        f"{'page':<22} {'user':<10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} "
        f"{'errors':>6} {'p95/bare':>8} {'target':>7}  {'verdict':<7} {'ms target':>11}"
    )
    for row in rows:
        ratio = "-" if row.get("p95_over_bare") is None else f"{row['p95_over_bare']}x"
        target = "-" if not row["ratio_target"] else f"<={row['ratio_target']:g}x"
        ms = "-"
        if row["target_p95_ms"]:
            ms = f"<{row['target_p95_ms']} " + ("ok" if row.get("ms_within_target") else "over")
        log(
            f"{row['page']:<22} {row['user']:<10} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8} {row['throughput_rps']:>7} {row['errors']:>6} {ratio:>8} "
            f"{target:>7}  {row.get('verdict', 'baseline'):<7} {ms:>11}"
        )


# 4. Import ---------------------------------------------------------------------------------


def find_number(figures: dict, *fragments: str):
    """The first numeric value whose key contains all the fragments (bench_import's names)."""
    for key, value in figures.items():
        if all(fragment in key.lower() for fragment in fragments) and isinstance(
            value, int | float
        ):
            return key, value
    return None, None


def import_bench(database_url: str | None) -> dict:
    """bench_import.py makes its own throwaway database: SQLite, or test_<name> on PostgreSQL."""
    script = BENCH / "bench_import.py"
    if not script.exists():
        return {"status": "absent"}
    env = base_env()
    if database_url:
        env["DATABASE_URL"] = database_url
    done = run([PYTHON, str(script)], env=env, timeout=3600, what="bench/bench_import.py")
    figures = last_json_line(done.stdout)
    text = [line for line in done.stdout.splitlines() if line.strip() and line[:1] != "{"]
    result = {"status": "ok", "figures": figures, "text": text}
    _, ratio = find_number(figures, "ratio")
    peak_keys = [
        k for k, v in figures.items() if "peak" in k.lower() and isinstance(v, int | float)
    ]
    pipeline_peak = next((figures[k] for k in peak_keys if "pipeline" in k.lower()), None)
    if pipeline_peak is None and peak_keys:
        pipeline_peak = max(figures[k] for k in peak_keys)
    result["ratio"] = ratio
    result["pipeline_peak_mb"] = pipeline_peak
    checks = []
    if ratio is not None:
        checks.append(ratio <= IMPORT_TARGET_RATIO)
    if pipeline_peak is not None:
        checks.append(pipeline_peak < IMPORT_TARGET_PEAK_MB)
    result["verdict"] = ("PASS" if all(checks) else "FAIL") if checks else "NO TARGET FIGURES"
    return result


def print_import(result: dict) -> None:
    if result["status"] != "ok":
        log("bench/bench_import.py is not there yet: skipped")
        return
    for line in result["text"]:
        log(f"  {line}")
    log(
        f"  target: pipeline time <= {IMPORT_TARGET_RATIO:g}x bulk_create "
        f"(measured {result['ratio']}), peak memory < {IMPORT_TARGET_PEAK_MB} MB "
        f"(measured {result['pipeline_peak_mb']}): {result['verdict']}"
    )


# Main --------------------------------------------------------------------------------------


def machine() -> dict:
    import django

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def select_pages(names: str) -> list:
    """The pages named (comma-separated, as in bench/pages.py), in the page list's order.
    ``bare`` may be named but need not be: the bare view is measured in every run."""
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    known = {page.name for page in PAGES}
    unknown = [name for name in wanted if name not in known and name != BARE.name]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"no page {', '.join(unknown)} in bench/pages.py (known: {', '.join(sorted(known))})"
        )
    selected = [page for page in PAGES if page.name in wanted]
    if not selected:
        raise argparse.ArgumentTypeError("name at least one page of bench/pages.py")
    return selected


def parse_args(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-load", action="store_true", help="no gunicorn load test")
    parser.add_argument("--skip-import", action="store_true", help="don't run bench_import.py")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--database-url",
        help="use PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/schoolsbench: (re)creates "
        "schoolsbench_bench_small and _large, dropped afterwards unless --keep; "
        "bench_import.py makes test_schoolsbench",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--concurrency", type=int, default=8, help="simulated users")
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=16, help="discarded requests per page")
    parser.add_argument("--time-limit", type=int, default=120, help="seconds per page at most")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases (and gunicorn's log)"
    )
    parser.add_argument(
        "--pages",
        type=select_pages,
        default=list(PAGES),
        metavar="NAME,NAME",
        help="count and measure only these pages of bench/pages.py (the bare view is always "
        "measured too), e.g. --pages gov-board,admin-school-access",
    )
    parser.add_argument(
        "--reuse",
        nargs="?",
        const=True,
        default=None,
        metavar="FOLDER",
        help="use the databases an earlier --keep run left instead of building them (only "
        "migrate runs): with --database-url its <name>_bench_small and _large; on SQLite give "
        "the folder it printed. Reused databases are never dropped",
    )
    return parser.parse_args(argv)


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="schools-bench-"))
    report: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": "postgresql" if args.database_url else "sqlite",
        "seed": args.seed,
    }
    problems: list[str] = []
    slow: list[str] = []
    try:
        urls = database_urls(args, work)
        if args.reuse is not None:
            log(f"== 1. Databases ({report['database']}): reusing a --keep run's, migrate only")
            with ThreadPoolExecutor(len(SCALES)) as pool:
                list(pool.map(lambda s: reuse_database(s, urls[s]), SCALES))
            report["reused_databases"] = {
                scale: urlsplit(url).path.lstrip("/") for scale, url in urls.items()
            }
        else:
            log(f"== 1. Databases ({report['database']}, seed {args.seed}) in {work}")
            with ThreadPoolExecutor(len(SCALES)) as pool:
                timings = dict(
                    zip(
                        SCALES,
                        pool.map(lambda s: build_database(s, urls[s], args.seed), SCALES),
                        strict=True,
                    )
                )
            for scale, seconds in timings.items():
                log(f"  {scale}: migrate + setup_roles + seed_demo in {seconds:.0f} s")
            report["build_seconds"] = {
                scale: round(seconds, 1) for scale, seconds in timings.items()
            }
        if len(args.pages) < len(PAGES):
            log(f"   measuring {len(args.pages)} of {len(PAGES)} pages (--pages) and the bare view")
        report["pages_measured"] = [page.name for page in args.pages]

        log("\n== 2. Query counts per page, small vs large (must be equal)")
        with ThreadPoolExecutor(len(SCALES)) as pool:
            counts = dict(
                zip(
                    SCALES,
                    pool.map(lambda s: count_queries(urls[s], s, args.pages), SCALES),
                    strict=True,
                )
            )
        rows, query_problems = compare_query_counts(counts, args.pages)
        print_query_table(rows)
        problems += query_problems
        report["query_counts"] = {"placeholders": counts["large"]["placeholders"], "pages": rows}

        if args.skip_load:
            log("\n== 3. Load: skipped (--skip-load)")
        else:
            log("\n== 3. Latency and throughput under load (large scale)")
            paths = {
                name: page["path"]
                for name, page in counts["large"]["pages"].items()
                if page["status"] == "ok"
            }
            report["load_average_before_load"] = [round(x, 2) for x in os.getloadavg()]
            log(
                "load average (1, 5, 15 min) before the load test: "
                + ", ".join(f"{x:.2f}" for x in report["load_average_before_load"])
                + f" on {os.cpu_count()} CPUs (other work on the machine skews the figures)"
            )
            load = load_test(args, urls["large"], paths, work)
            load_table, slow_pages = load_rows(load)
            print_load_table(load_table)
            slow += slow_pages
            failed = [f"{row['page']} {row['statuses']}" for row in load_table if row["errors"]]
            if failed:
                problems.append("HTTP errors under load: " + "; ".join(failed))
                for line in load["server"]["exceptions"]:
                    log(f"  server log: {line}")
                    problems.append(f"server log: {line}")
            report["load"] = {**load, "rows": load_table}

        if args.skip_import:
            log("\n== 4. Import: skipped (--skip-import)")
        else:
            log("\n== 4. Import pipeline vs plain bulk_create (bench/bench_import.py)")
            result = import_bench(args.database_url)
            print_import(result)
            if result.get("verdict") == "FAIL":
                slow.append(
                    f"import: ratio {result['ratio']}, peak {result['pipeline_peak_mb']} MB"
                )
            report["import"] = result
    except StepFailed as exc:
        problems.append(str(exc))
        log(f"\nA step could not run: {exc}")
    finally:
        if args.keep:
            log(f"\nKept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            if args.database_url and args.reuse is None:
                try:
                    for url in database_urls(args, work).values():
                        recreate_postgres_database(url, create=False)
                except Exception as exc:  # noqa: BLE001 - clean-up must not hide the results
                    log(f"could not drop the benchmark databases: {exc}")

    report["problems"] = problems
    report["slow"] = slow
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")

    log("\n== Summary")
    dashboard = next(
        (r for r in report.get("load", {}).get("rows", []) if r["page"] == "dashboard"), None
    )
    load_table = report.get("load", {}).get("rows", [])
    bare_row = next((r for r in load_table if r["page"] == BARE.name), None)
    if bare_row:
        log(
            f"  p95 over the bare view's p95 ({bare_row['p95_ms']} ms) at {args.concurrency} "
            "users, large scale, this run; milliseconds second:"
        )
        for row in load_table:
            if row is bare_row:
                continue
            ms_mark = "ok" if row.get("ms_within_target") else "over"
            log(
                f"    {row['page']:<22} {row.get('p95_over_bare')}x (target <= "
                f"{row['ratio_target']:g}x) {row['verdict']:<7} p95 {row['p95_ms']} ms "
                f"(< {row['target_p95_ms']} ms: {ms_mark})"
            )
    if dashboard:
        log(
            f"  dashboard p95 at {args.concurrency} users, large scale: {dashboard['p95_ms']} ms "
            f"(< 300 ms: {'ok' if dashboard.get('ms_within_target') else 'over'}), "
            f"{dashboard.get('p95_over_bare')}x the bare view: {dashboard['verdict']}"
        )
    for problem in problems:
        log(f"  PROBLEM: {problem}")
    for item in slow:
        log(f"  SLOW:    {item}")
    if not problems and not slow:
        log("  every measured figure is within its target")
    log(
        f"  results: {(RESULTS / 'latest.json').relative_to(ROOT)} "
        f"({report['total_seconds']:.0f} s in all)"
    )
    if problems or (slow and args.strict):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
