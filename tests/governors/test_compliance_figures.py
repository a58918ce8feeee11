"""The compliance dashboard's figures on a generated dataset equal those worked out the plain
way (model instances, one board at a time), so reading tuples changed no figure."""

import datetime
import random

import pytest

from governors import demo
from governors.choices import CONSENTED_STATUSES, EX_OFFICIO_BODIES, CheckKind, TrainingKind
from governors.models import Attendance, Board, SafeguardingCheck, TrainingRecord
from governors.selectors import compliance, make_up, months_before, vacancies_by_board
from schools_platform.registry import demo as registry

TODAY = datetime.date(2026, 11, 1)


def plain_absence(terms, day):
    flags = []
    since = months_before(day, 18)
    for term in terms:
        if term.appointing_body in EX_OFFICIO_BODIES or not term.is_serving_on(day):
            continue
        run_start = None
        rows = Attendance.objects.filter(
            term=term, meeting__held_on__gte=since, meeting__held_on__lte=day
        ).select_related("meeting")
        for row in sorted(rows, key=lambda r: (r.meeting.held_on, r.pk)):
            if row.status in CONSENTED_STATUSES:
                run_start = None
            elif run_start is None:
                run_start = row.meeting.held_on
        if run_start is not None and run_start <= months_before(day, 5):
            level = "flag" if run_start <= months_before(day, 6) else "warning"
            flags.append((term.pk, run_start, level))
    return sorted(flags)


def plain_checks(governor_id):
    latest = {}
    checks = SafeguardingCheck.objects.filter(governor_id=governor_id)
    for check in checks.order_by("checked_on", "pk"):
        latest[check.kind] = check
    training = (
        TrainingRecord.objects.filter(governor_id=governor_id, kind=TrainingKind.SAFEGUARDING)
        .order_by("completed_on", "pk")
        .last()
    )
    return latest.get(CheckKind.ENHANCED_DBS), latest.get(CheckKind.SECTION_128), training


@pytest.mark.django_db
def test_figures_match_the_plain_working_on_demo_data():
    _authorities, schools = registry.seed_registry(rng=random.Random(11), scale="small")
    open_schools = [s for s in schools if s.closed_on is None]
    demo.seed_boards(rng=random.Random(11), schools=open_schools, today=TODAY)
    figures = compliance(day=TODAY)

    serving = [t for r in figures["rows"] for line in r["make_up"].lines for t in line.serving]
    got = sorted((f.term.pk, f.since, f.level) for f in figures["absence_flags"])
    assert got == plain_absence(serving, TODAY)
    assert got  # the demo has absences to flag

    counted = [t for t in serving if t.category != "associate"]
    no_dbs, no_s128, training_due = set(), set(), set()
    for term in counted:
        dbs, s128, training = plain_checks(term.governor_id)
        if dbs is None:
            no_dbs.add(term.pk)
        if s128 is None:
            no_s128.add(term.pk)
        if training is None or (training.expires_on and training.expires_on < TODAY):
            training_due.add(term.pk)
    assert {t.pk for t in figures["no_dbs"]} == no_dbs
    assert {t.pk for t in figures["no_s128"]} == no_s128
    assert {t.pk for t in figures["training_due"]} == training_due
    assert len(figures["no_dbs"]) < len(counted)


def summary(m):
    lines = [(x.category, x.seats, [t.pk for t in x.serving], x.vacant_since) for x in m.lines]
    return (m.board.pk, m.instrument and m.instrument.pk, lines, [t.pk for t in m.ending_soon])


@pytest.mark.django_db
def test_vacancies_by_board_match_each_board_worked_out_from_all_its_terms():
    _authorities, schools = registry.seed_registry(rng=random.Random(5), scale="small")
    open_schools = [s for s in schools if s.closed_on is None]
    demo.seed_boards(rng=random.Random(5), schools=open_schools, today=TODAY)
    boards = list(Board.objects.order_by("pk"))
    for day in (TODAY, TODAY - datetime.timedelta(days=400), TODAY + datetime.timedelta(days=90)):
        together = [summary(m) for m in vacancies_by_board(boards, day=day)]
        assert together == [summary(make_up(b, day=day)) for b in boards]
        # Read as tuples (the board list, the card, the API): the same figures and order.
        assert [summary(m) for m in vacancies_by_board(boards, day=day, people=False)] == together
        assert any(line[3] for s in together for line in s[2])  # some seats are vacant
