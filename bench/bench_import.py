"""Benchmark: 21,000 pupil-census rows through the import pipeline against plain bulk_create.

    .venv/bin/python bench/bench_import.py                       # temporary SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_import.py   # a throwaway test_<db>

1,050 schools x 20 ethnicity categories. Each measurement runs in a fresh child process so its
peak resident memory (ru_maxrss) is its own; the child starts from an empty count table.
(a) pipeline: upload + dry run + confirm + the import (Celery eager), as an officer's journey;
(b) bulk_create: parse the same CSV, build the model instances, one bulk_create in a transaction.
Prints the figures, the ratio and one JSON line for the benchmark harness. Targets: pipeline
<= 3x bulk_create time, peak memory < 500 MB. The measuring harness (a throwaway database,
child processes, timing and peak memory, best of N, the printed comparison) is shared with
bench/bench_cpd_import.py.
"""

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SCHOOLS = 1050
YEAR = 2025
TIME_TARGET = 3.0
MEMORY_TARGET_MB = 500


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")
    import django

    django.setup()


def census_csv() -> bytes:
    from schools_platform.equality.choices import ETHNICITY_CHOICES

    codes = [code for code, _label in ETHNICITY_CHOICES][:20]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["URN", "Year", "Ethnicity", "Pupils"])
    for n in range(SCHOOLS):
        for i, code in enumerate(codes):
            writer.writerow([800000 + n, YEAR, code, (n * 7 + i * 13) % 250])
    return buffer.getvalue().encode("utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- the harness (bench/bench_cpd_import.py uses it too) ----------------------------------


def measured(scenario: str, work) -> dict:
    """``work(figures)`` timed in this process, with its CPU time and the process's peak RSS;
    ``work`` may add figures of its own (``pipeline_journey``'s split)."""
    figures = {"scenario": scenario, "rss_before_mb": round(peak_rss_mb(), 1)}
    start = time.perf_counter()
    cpu_start = time.process_time()
    work(figures)
    figures["seconds"] = round(time.perf_counter() - start, 3)
    figures["cpu_seconds"] = round(time.process_time() - cpu_start, 3)
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return figures


def pipeline_journey(figures: dict, *, importer_name: str, filename: str, content: bytes):
    """An officer's journey through the pipeline: upload and dry run (in the request, or in
    the background for a large file: Celery is eager), confirm, the import. Adds the split
    to ``figures`` and returns the finished job."""
    from schools_platform.imports import services
    from schools_platform.imports.models import ImportJob

    start = time.perf_counter()
    job = services.upload(
        actor=None, importer_name=importer_name, filename=filename, content=content
    )
    job.refresh_from_db()  # a large file is checked by a task after the upload commits
    checked = time.perf_counter()
    assert job.status == ImportJob.Status.DRY_RUN_OK, (job.status, job.row_errors[:3])
    services.confirm(actor=None, job=job)  # eager Celery: runs the import after commit
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.status, job.error_summary)
    figures["dry_run_seconds"] = round(checked - start, 3)
    figures["commit_seconds"] = round(time.perf_counter() - checked, 3)
    return job


def prepare_database(script: str, *setup_args: str) -> tuple[dict, callable, str]:
    """A throwaway database (SQLite, or test_<name> on PostgreSQL) migrated and filled by
    ``script setup_args...``: the children's environment, a clean-up function, its kind."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="schools_platform.settings.test")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        django_setup()
        from django.db import connection

        test_name = connection.creation.create_test_db(verbosity=0, serialize=False)
        parts = urlsplit(url)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + test_name))

        def cleanup():
            connection.creation.destroy_test_db(test_name, verbosity=0)

        kind = "postgresql"
    else:
        folder = tempfile.TemporaryDirectory(prefix="bench-import-")
        env["DATABASE_URL"] = f"sqlite:///{folder.name}/bench.sqlite3"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        cleanup = folder.cleanup
        kind = "sqlite"
    subprocess.run([sys.executable, script, *setup_args], cwd=ROOT, env=env, check=True)
    return env, cleanup, kind


def run_child(script: str, env: dict, *args: str) -> dict:
    """``script --child args...`` in a fresh process (its peak RSS is its own): its last
    line of output, as JSON."""
    out = subprocess.run(
        [sys.executable, script, "--child", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_of(script: str, env: dict, repeat: int, *args: str) -> tuple[dict, dict]:
    """The quickest of ``repeat`` runs of the pipeline and of bulk_create, taken in turn."""
    runs = {"pipeline": [], "bulk_create": []}
    for _ in range(repeat):
        for scenario, kept in runs.items():
            kept.append(run_child(script, env, scenario, *args))
    return tuple(min(kept, key=lambda r: r["seconds"]) for kept in runs.values())


def comparison(name: str, kind: str, rows: int, pipeline: dict, bulk: dict, **extra) -> dict:
    """Print the two measurements and their ratio against the targets; the JSON figures."""
    ratio = pipeline["seconds"] / bulk["seconds"]
    print(
        f"  pipeline     {pipeline['seconds']:7.2f} s  (dry run {pipeline['dry_run_seconds']:.2f} s"
        f" + confirm/import {pipeline['commit_seconds']:.2f} s)  peak RSS "
        f"{pipeline['peak_rss_mb']:.0f} MB (process start {pipeline['rss_before_mb']:.0f} MB)"
    )
    print(
        f"  bulk_create  {bulk['seconds']:7.2f} s  peak RSS {bulk['peak_rss_mb']:.0f} MB "
        f"(process start {bulk['rss_before_mb']:.0f} MB)"
    )
    print(f"  ratio        {ratio:7.2f}x  (target <= {TIME_TARGET:.0f}x)")
    return {
        "benchmark": name,
        "database": kind,
        "rows": rows,
        **extra,
        "pipeline_seconds": pipeline["seconds"],
        "dry_run_seconds": pipeline["dry_run_seconds"],
        "commit_seconds": pipeline["commit_seconds"],
        "bulk_create_seconds": bulk["seconds"],
        "ratio": round(ratio, 2),
        "pipeline_peak_rss_mb": pipeline["peak_rss_mb"],
        "bulk_create_peak_rss_mb": bulk["peak_rss_mb"],
        "targets_met": ratio <= TIME_TARGET and pipeline["peak_rss_mb"] < MEMORY_TARGET_MB,
    }


# --- the pupil census ---------------------------------------------------------------------


def child(scenario: str) -> dict:
    django_setup()
    from django.db import transaction

    from schools_platform.registry.models import School
    from schools_platform.representation.models import PupilEthnicityCount

    PupilEthnicityCount.objects.all().delete()
    content = census_csv()

    def bulk_create(figures):
        school_ids = dict(School.objects.values_list("urn", "id"))
        reader = csv.reader(io.StringIO(content.decode("utf-8")))
        next(reader)
        rows = [
            PupilEthnicityCount(
                school_id=school_ids[int(urn)], year=int(year), ethnicity=eth, pupils=int(pupils)
            )
            for urn, year, eth, pupils in reader
        ]
        with transaction.atomic():
            PupilEthnicityCount.objects.bulk_create(rows, batch_size=1000)

    def pipeline(figures):
        pipeline_journey(
            figures, importer_name="pupil-census", filename="census.csv", content=content
        )

    figures = measured(scenario, pipeline if scenario == "pipeline" else bulk_create)
    figures["rows"] = PupilEthnicityCount.objects.count()
    return figures


def make_schools():
    django_setup()
    from schools_platform.registry.models import Authority, School

    authority, _ = Authority.objects.get_or_create(la_code="999", defaults={"name": "Benchshire"})
    School.objects.bulk_create(
        [
            School(urn=800000 + n, name=f"Bench School {n}", authority=authority, phase="Primary")
            for n in range(SCHOOLS)
        ],
        batch_size=500,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["pipeline", "bulk_create"])
    parser.add_argument("--make-schools", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each")
    args = parser.parse_args()
    if args.make_schools:
        make_schools()
        return
    if args.child:
        print(json.dumps(child(args.child)))
        return
    load = os.getloadavg()
    env, cleanup, kind = prepare_database(__file__, "--make-schools")
    try:
        pipeline, bulk = best_of(__file__, env, args.repeat)
    finally:
        cleanup()
    rows = SCHOOLS * 20
    print(f"Pupil census import, {rows:,} rows ({SCHOOLS:,} schools x 20 categories), {kind}")
    figures = comparison("import_pupil_census", kind, rows, pipeline, bulk)
    print(f"  load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    figures["load_average"] = [round(x, 2) for x in load]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
