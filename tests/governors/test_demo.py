"""The demo boards meet every rule they would meet through the services."""

import datetime
import random
from types import SimpleNamespace

import pytest

from governors import demo
from governors.choices import BoardKind, Category
from governors.models import Board, BoardRole, BoardSchool, Term
from governors.selectors import vacancies_by_board
from schools_platform.registry import demo as registry

TODAY = datetime.date(2026, 11, 1)


@pytest.fixture
def seeded(db):
    _authorities, schools = registry.seed_registry(rng=random.Random(7), scale="small")
    open_schools = [s for s in schools if s.closed_on is None]
    counts = demo.seed_boards(rng=random.Random(7), schools=open_schools, today=TODAY)
    return open_schools, counts


def test_every_open_school_has_one_board_and_a_federation_and_trusts_exist(seeded):
    schools, counts = seeded
    assert BoardSchool.objects.filter(left_on__isnull=True).count() == len(schools)
    assert Board.objects.filter(kind=BoardKind.TRUST_BOARD).exists()
    assert any(
        len(b.memberships.all()) == 2
        for b in Board.objects.filter(kind=BoardKind.MAINTAINED).prefetch_related("memberships")
    )
    assert counts["terms"] > 3 * counts["serving"] > 0


def test_demo_terms_pass_full_clean(seeded):
    terms = list(Term.objects.select_related("board", "governor").order_by("pk"))
    for term in terms[::10]:  # a tenth of them: full_clean costs several queries each
        term.full_clean()
    # And for all of them, the two rules across rows, checked in memory.
    by_person: dict = {}
    for term in terms:
        by_person.setdefault((term.board_id, term.governor_id), []).append(term)
    for held in by_person.values():
        held.sort(key=lambda t: t.starts_on)
        for before, after in zip(held, held[1:], strict=False):
            assert before.last_day is not None and before.last_day < after.starts_on


def test_history_has_resignations_reappointments_vacancies_and_chairs(seeded):
    assert Term.objects.filter(end_reason="resigned").exists()
    assert Term.objects.filter(previous_term__isnull=False).exists()
    make_ups = vacancies_by_board(list(Board.objects.all()), day=TODAY)
    assert any(m.vacant for m in make_ups) and not all(m.vacant for m in make_ups)
    assert not any(p.refuses for m in make_ups for p in m.problems)
    assert all(line.over == 0 for m in make_ups for line in m.lines)
    assert BoardRole.objects.filter(role="chair").count() >= len(make_ups) // 2
    assert Term.objects.filter(category=Category.HEADTEACHER, ends_on__isnull=True).exists()


def test_seed_runs_once(db):
    from schools_platform.core.models import User

    User.objects.create_superuser("admin", password="x-demo-Password-1")
    _a, schools = registry.seed_registry(rng=random.Random(1), scale="small")
    context = SimpleNamespace(
        rng=random.Random(1),
        scale="small",
        open_schools=[s for s in schools if s.closed_on is None],
        logins=[],
        password="x-demo-Password-1",
    )
    assert demo.seed(context)
    assert ("govclerk", "Clerk to the governors") in context.logins
    assert demo.seed(context) is None


def test_demo_meetings_declarations_and_an_absence_flag(seeded):
    from governors.models import Attendance, Declaration, Meeting
    from governors.selectors import board_page_data

    assert Meeting.objects.exists() and Declaration.objects.exists()
    for row in Attendance.objects.select_related("meeting", "term")[::25]:
        row.clean()
    flagged = [b for b in Board.objects.all() if board_page_data(b, day=TODAY)["absence_flags"]]
    assert flagged


def test_checks_and_training_give_the_lists_something_to_show(seeded):
    from governors.selectors import checks_due

    kinds = {i.kind for i in checks_due(list(Board.objects.all()), day=TODAY)}
    assert {"dbs_missing", "dbs_renewal", "s128_missing", "training"} <= kinds
