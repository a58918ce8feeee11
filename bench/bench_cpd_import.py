"""Benchmark: the 60,000-row CPD enrolment import through the pipeline against bulk_create.

    .venv/bin/python bench/bench_cpd_import.py                       # temporary SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_cpd_import.py   # a throwaway test_<db>

Two councils with 30,000 staff each (numbered from 1 at each, as each employer numbers its own
staff), one phase, Halton with 30,000 places and Wirral 1,000 short; the file alternates the
councils row by row, as a Windows-1252 CSV (the programme's title has an en dash), like
tests/cpd/test_bulk_imports.py. Each measurement runs in a fresh child process so its peak
resident memory (ru_maxrss) is its own; each child starts with no enrolments.
(a) pipeline: upload + dry run (in the background, Celery eager) + confirm + the import;
(b) bulk_create: parse the same CSV, look the people, programme and phase up, give each row
    its status by the places (enrolled, then waiting), one bulk_create in a transaction.
Targets (issue 11): pipeline <= 3x bulk_create time, peak memory < 500 MB.
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
ROWS = 60_000
TITLE = "Race equality training 2026–2029"
COUNCILS = ("Halton Council", "Wirral Council")
SHORT = 1000  # Wirral's places short of its staff: its last 1,000 rows wait
TIME_TARGET = 3.0
MEMORY_TARGET_MB = 500


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")
    import django

    django.setup()


def enrolment_csv() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Organisation", "Employee number", "Programme", "Phase"])
    for i in range(ROWS):
        writer.writerow([COUNCILS[i % 2], str(i // 2 + 1), TITLE, "Phase 1"])
    return buffer.getvalue().encode("cp1252")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_staff():
    django_setup()
    import datetime

    from django.utils import timezone

    from cpd.models import Allocation, Learner, Organisation, Phase, Programme

    today = timezone.localdate()
    programme = Programme.objects.create(
        title=TITLE,
        slug="bench-race-equality",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=1000),
    )
    phase = Phase.objects.create(
        programme=programme,
        name="Phase 1",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    half = ROWS // 2
    for name, places in zip(COUNCILS, (half, half - SHORT), strict=True):
        org = Organisation.objects.create(name=name, kind="council")
        Allocation.objects.create(phase=phase, organisation=org, places=places)
        Learner.objects.bulk_create(
            [
                Learner(organisation=org, employee_number=str(n), name=f"Person {n}")
                for n in range(1, half + 1)
            ],
            batch_size=2000,
        )


def child(scenario: str) -> dict:
    django_setup()
    from django.db import transaction

    from cpd.models import Allocation, Enrolment, EnrolmentStatus, Learner, Phase, Programme
    from schools_platform.imports import services
    from schools_platform.imports.models import ImportJob

    Enrolment.objects.all().delete()
    content = enrolment_csv()
    rss_before = peak_rss_mb()
    figures = {"scenario": scenario, "rss_before_mb": round(rss_before, 1)}
    start = time.perf_counter()
    cpu_start = time.process_time()
    if scenario == "pipeline":
        job = services.upload(
            actor=None, importer_name="cpd-enrolments", filename="enrolments.csv", content=content
        )
        job.refresh_from_db()  # a large file is checked by a task after the upload commits
        checked = time.perf_counter()
        assert job.status == ImportJob.Status.DRY_RUN_OK, (job.status, job.row_errors[:3])
        services.confirm(actor=None, job=job)  # eager Celery: runs the import after commit
        job.refresh_from_db()
        assert job.status == ImportJob.Status.SUCCEEDED, (job.status, job.error_summary)
        figures["dry_run_seconds"] = round(checked - start, 3)
        figures["commit_seconds"] = round(time.perf_counter() - checked, 3)
    else:
        learners = {
            (org, number): (pk, org_id)
            for pk, org_id, org, number in Learner.objects.values_list(
                "pk", "organisation_id", "organisation__name", "employee_number"
            )
        }
        programmes = dict(Programme.objects.values_list("title", "pk"))
        phases = {
            (p, n): pk for pk, p, n in Phase.objects.values_list("pk", "programme_id", "name")
        }
        places = {
            (phase, org): n
            for phase, org, n in Allocation.objects.values_list(
                "phase_id", "organisation_id", "places"
            )
        }
        taken: dict[tuple[int, int], int] = {}
        reader = csv.reader(io.StringIO(content.decode("cp1252")))
        next(reader)
        rows = []
        for org, number, title, phase_name in reader:
            learner_id, org_id = learners[(org, number)]
            programme_id = programmes[title]
            phase_id = phases[(programme_id, phase_name)]
            key = (phase_id, org_id)
            taken[key] = taken.get(key, 0) + 1
            status = (
                EnrolmentStatus.ENROLLED if taken[key] <= places[key] else EnrolmentStatus.WAITING
            )
            rows.append(
                Enrolment(
                    learner_id=learner_id,
                    programme_id=programme_id,
                    phase_id=phase_id,
                    organisation_id=org_id,
                    status=status,
                )
            )
        with transaction.atomic():
            Enrolment.objects.bulk_create(rows, batch_size=2000)
    figures["seconds"] = round(time.perf_counter() - start, 3)
    figures["cpu_seconds"] = round(time.process_time() - cpu_start, 3)
    figures["rows"] = Enrolment.objects.count()
    figures["waiting"] = Enrolment.objects.filter(status=EnrolmentStatus.WAITING).count()
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return figures


def prepare_database():
    """Environment for the children, a clean-up function and the database's kind."""
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
        folder = tempfile.TemporaryDirectory(prefix="bench-cpd-import-")
        env["DATABASE_URL"] = f"sqlite:///{folder.name}/bench.sqlite3"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        cleanup = folder.cleanup
        kind = "sqlite"
    subprocess.run([sys.executable, __file__, "--make-staff"], cwd=ROOT, env=env, check=True)
    return env, cleanup, kind


def run_child(env, scenario) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", scenario],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["pipeline", "bulk_create"])
    parser.add_argument("--make-staff", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each")
    args = parser.parse_args()
    if args.make_staff:
        make_staff()
        return
    if args.child:
        print(json.dumps(child(args.child)))
        return
    load = os.getloadavg()
    env, cleanup, kind = prepare_database()
    try:
        runs = {"pipeline": [], "bulk_create": []}
        for _ in range(args.repeat):
            for scenario in runs:
                runs[scenario].append(run_child(env, scenario))
    finally:
        cleanup()
    pipeline = min(runs["pipeline"], key=lambda r: r["seconds"])
    bulk = min(runs["bulk_create"], key=lambda r: r["seconds"])
    assert pipeline["rows"] == bulk["rows"] == ROWS and pipeline["waiting"] == bulk["waiting"]
    ratio = pipeline["seconds"] / bulk["seconds"]
    print(f"CPD enrolment import, {ROWS:,} rows (2 councils, Windows-1252 CSV), {kind}")
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
    print(f"  load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    ok = ratio <= TIME_TARGET and pipeline["peak_rss_mb"] < MEMORY_TARGET_MB
    print(
        json.dumps(
            {
                "benchmark": "import_cpd_enrolments",
                "database": kind,
                "rows": ROWS,
                "waiting": pipeline["waiting"],
                "pipeline_seconds": pipeline["seconds"],
                "dry_run_seconds": pipeline["dry_run_seconds"],
                "commit_seconds": pipeline["commit_seconds"],
                "bulk_create_seconds": bulk["seconds"],
                "ratio": round(ratio, 2),
                "pipeline_peak_rss_mb": pipeline["peak_rss_mb"],
                "bulk_create_peak_rss_mb": bulk["peak_rss_mb"],
                "load_average": [round(x, 2) for x in load],
                "targets_met": ok,
            }
        )
    )


if __name__ == "__main__":
    main()
