"""Boards, instruments and terms through the services: every rule, every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from governors import services
from governors.choices import AppointingBody, BoardKind, BoardRoleKind, Category, EndReason
from governors.models import BoardRole, BoardSchool, Term, TermCorrection
from governors.selectors import make_up
from schools_platform.core.models import AuditEvent
from tests.factories import make_school

from .conftest import ELIGIBLE, STANDARD_SEATS, START, appoint, make_board

D = datetime.date


def messages(error: ValidationError) -> str:
    return " ".join(m for ms in error.message_dict.values() for m in ms)


# --- boards --------------------------------------------------------------------------------


def test_creating_a_board_is_audited_and_needs_an_officer(officer, leader_a, school_a):
    with pytest.raises(PermissionDenied):
        services.create_board(
            actor=leader_a, name="X", kind=BoardKind.MAINTAINED, schools=[school_a], joined_on=START
        )
    board = make_board(officer, [school_a])
    assert AuditEvent.objects.filter(
        verb="governors.board.created", target_id=str(board.pk)
    ).exists()
    assert AuditEvent.objects.filter(verb="governors.instrument.added").count() == 1


def test_a_school_has_one_board_at_a_time_and_history_is_kept(officer, school_a):
    first = make_board(officer, [school_a])
    school_c = make_school(school_a.authority)
    federation = services.create_board(
        actor=officer,
        name="Alder and Cedar Federation",
        kind=BoardKind.MAINTAINED,
        schools=[school_a, school_c],
        joined_on=D(2025, 1, 1),
    )
    memberships = list(BoardSchool.objects.filter(school=school_a).order_by("joined_on"))
    assert [(m.board, m.left_on) for m in memberships] == [
        (first, D(2024, 12, 31)),
        (federation, None),
    ]
    # The database itself refuses a second current board.
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSchool.objects.create(board=first, school=school_a, joined_on=D(2025, 2, 1))


def test_a_school_cannot_move_board_before_it_joined_the_current_one(officer, school_a):
    make_board(officer, [school_a])
    with pytest.raises(ValidationError) as error:
        services.create_board(
            actor=officer,
            name="Y",
            kind=BoardKind.MAINTAINED,
            schools=[school_a],
            joined_on=D(2020, 1, 1),
        )
    assert "can only move to another board after" in messages(error.value)


def test_memberships_and_terms_are_never_deleted(officer, board_a):
    term = appoint(officer, board_a, Category.PARENT)
    with pytest.raises(ValidationError):
        term.delete()
    with pytest.raises(ValidationError):
        Term.objects.all().delete()
    with pytest.raises(ValidationError):
        BoardSchool.objects.all().delete()
    with pytest.raises(Exception):  # noqa: B017 - PROTECT: the governor cannot go either
        term.governor.delete()
    assert Term.objects.count() == 1


# --- instruments ---------------------------------------------------------------------------


def test_three_parent_seats_out_of_six_is_refused_naming_reg_13(officer, board_a):
    with pytest.raises(ValidationError) as error:
        services.add_instrument_version(
            actor=officer,
            board=board_a,
            effective_from=D(2025, 9, 1),
            seats={
                Category.PARENT: (3, 4),
                Category.HEADTEACHER: (1, None),
                Category.STAFF: (1, 4),
                Category.LOCAL_AUTHORITY: (1, 4),
            },
        )
    assert "at least 7 governors; this has 6" in messages(error.value)
    assert "reg 13" in messages(error.value)
    assert board_a.instruments.count() == 1  # nothing half-written


def test_instrument_versions_are_dated_and_one_per_day(officer, board_a):
    bigger = {**STANDARD_SEATS, Category.CO_OPTED: (4, 4)}
    services.add_instrument_version(
        actor=officer, board=board_a, effective_from=D(2025, 9, 1), seats=bigger
    )
    assert make_up(board_a, day=D(2025, 1, 1)).seats == 9
    assert make_up(board_a, day=D(2025, 9, 1)).seats == 10
    with pytest.raises(ValidationError) as error:
        services.add_instrument_version(
            actor=officer, board=board_a, effective_from=D(2025, 9, 1), seats=bigger
        )
    assert "already has a version from that date" in messages(error.value)


def test_a_school_leader_may_edit_their_boards_instrument_but_not_another(
    officer, leader_a, board_a, board_b
):
    services.add_instrument_version(
        actor=leader_a, board=board_a, effective_from=D(2025, 9, 1), seats=STANDARD_SEATS
    )
    with pytest.raises(PermissionDenied):
        services.add_instrument_version(
            actor=leader_a, board=board_b, effective_from=D(2025, 9, 1), seats=STANDARD_SEATS
        )


# --- terms ---------------------------------------------------------------------------------


def test_appointing_fills_a_vacancy_at_once_and_ending_reopens_it(officer, board_a):
    day = D(2025, 1, 1)
    assert make_up(board_a, day=day).vacant == 9
    term = appoint(officer, board_a, Category.PARENT)
    parents = next(
        line for line in make_up(board_a, day=day).lines if line.category == Category.PARENT
    )
    assert (len(parents.serving), parents.vacant) == (1, 2)
    services.end_term(actor=officer, term=term, ended_on=D(2025, 3, 31), reason=EndReason.RESIGNED)
    after = make_up(board_a, day=D(2025, 4, 1))
    parents = next(line for line in after.lines if line.category == Category.PARENT)
    assert parents.vacant == 3
    assert D(2025, 4, 1) in parents.vacant_since
    assert after.vacant == 9


def test_term_longer_than_the_category_allows_is_refused(officer, board_a):
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.PARENT, ends_on=D(2028, 9, 2))
    assert "at most 4 years" in messages(error.value) and "01/09/2028" in messages(error.value)
    appoint(officer, board_a, Category.PARENT, ends_on=D(2028, 9, 1))


def test_shorter_term_lengths_from_the_instrument_apply(officer, school_a):
    board = make_board(officer, [school_a], seats={**STANDARD_SEATS, Category.CO_OPTED: (3, 2)})
    with pytest.raises(ValidationError) as error:
        appoint(officer, board, Category.CO_OPTED, years=3)
    assert "at most 2 years" in messages(error.value)


def test_end_date_required_unless_ex_officio(officer, board_a):
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.PARENT, ends_on=None)
    assert "only ex officio governors have none" in messages(error.value)
    head = appoint(officer, board_a, Category.HEADTEACHER)
    assert head.ends_on is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.filter(pk=head.pk).update(appointing_body=AppointingBody.APPOINTED_BY_BOARD)


def test_no_seat_left_is_refused(officer, board_a):
    appoint(officer, board_a, Category.LOCAL_AUTHORITY)
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.LOCAL_AUTHORITY, first="Bo")
    assert (
        "No local authority seat is vacant on 01/09/2024: the instrument has 1 and 1 are serving"
        in messages(error.value)
    )


def test_no_overlapping_terms_for_one_person_on_one_board(officer, board_a):
    term = appoint(officer, board_a, Category.PARENT)
    with pytest.raises(ValidationError) as error:
        appoint(
            officer, board_a, Category.CO_OPTED, governor=term.governor, starts_on=D(2025, 1, 1)
        )
    assert "Schedule 4 para 3" in messages(error.value)


def test_reappointment_is_a_new_term_and_a_term_is_never_extended(officer, board_a):
    term = appoint(officer, board_a, Category.PARENT, years=1)  # ends 31/08/2025
    with pytest.raises(ValidationError) as error:
        services.end_term(
            actor=officer, term=term, ended_on=D(2025, 12, 31), reason=EndReason.TERM_EXPIRED
        )
    assert "never extended" in messages(error.value)
    again = appoint(
        officer,
        board_a,
        Category.PARENT,
        governor=term.governor,
        starts_on=D(2025, 9, 1),
        previous_term=term,
    )
    assert again.pk != term.pk and again.previous_term == term
    assert Term.objects.filter(governor=term.governor).count() == 2


def test_maintained_categories_need_their_appointing_body(officer, board_a):
    with pytest.raises(ValidationError) as error:
        appoint(
            officer,
            board_a,
            Category.LOCAL_AUTHORITY,
            appointing_body=AppointingBody.APPOINTED_BY_BOARD,
        )
    assert "Nominated by LA and appointed by GB" in messages(error.value)


@pytest.mark.parametrize(
    ("answers", "category", "paragraph"),
    [
        ({"aged_18_or_over": False}, Category.CO_OPTED, "Schedule 4 para 2"),
        ({"registered_pupil": True}, Category.CO_OPTED, "Schedule 4 para 1"),
        ({"la_elected_member": True}, Category.PARENT, "Schedule 4 para 5"),
        ({"paid_over_500_hours": True}, Category.PARENT, "Schedule 4 para 5"),
        ({"other_disqualification": True}, Category.CO_OPTED, "Schedule 4"),
    ],
)
def test_an_ineligible_appointment_is_refused_naming_the_paragraph(
    officer, board_a, answers, category, paragraph
):
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, category, eligibility={**ELIGIBLE, **answers})
    assert paragraph in messages(error.value)
    assert not Term.objects.exists()


def test_eligibility_answers_are_kept_with_the_term(officer, board_a):
    term = appoint(officer, board_a, Category.PARENT)
    assert term.eligibility["aged_18_or_over"] is True
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.PARENT, first="X", eligibility={})
    assert "Answer “Is the person aged 18 or over?”" in messages(error.value)


def test_staff_and_la_rules(officer, board_a):
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.STAFF, is_school_staff=False)
    assert "paid staff" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.LOCAL_AUTHORITY, is_school_staff=True)
    assert "reg 8" in messages(error.value)


def test_co_opted_staff_count_towards_one_third(officer, board_a):
    appoint(officer, board_a, Category.HEADTEACHER, first="H")
    appoint(officer, board_a, Category.STAFF, first="S")
    appoint(officer, board_a, Category.CO_OPTED, first="C1", is_school_staff=True)  # 3 of 9
    with pytest.raises(ValidationError) as error:
        appoint(officer, board_a, Category.CO_OPTED, first="C2", is_school_staff=True)
    assert "4 of 9 is more" in messages(error.value)
    appoint(officer, board_a, Category.CO_OPTED, first="C3", is_school_staff=False)


def test_a_correction_needs_a_reason_and_is_audited_with_old_and_new(officer, board_a):
    term = appoint(officer, board_a, Category.PARENT)
    with pytest.raises(ValidationError):
        services.correct_term(actor=officer, term=term, reason=" ", starts_on=D(2024, 9, 2))
    services.correct_term(
        actor=officer, term=term, reason="Typed the wrong day", starts_on=D(2024, 9, 2)
    )
    correction = TermCorrection.objects.get(term=term)
    assert correction.changes == {"starts_on": ["2024-09-01", "2024-09-02"]}
    event = AuditEvent.objects.get(verb="governors.term.corrected")
    assert event.details["changes"] == {"starts_on": ["2024-09-01", "2024-09-02"]}


def test_one_chair_at_a_time_and_it_ends_with_the_term(officer, board_a):
    first = appoint(officer, board_a, Category.PARENT, first="A")
    second = appoint(officer, board_a, Category.CO_OPTED, first="B")
    services.set_board_role(
        actor=officer, term=first, role=BoardRoleKind.CHAIR, starts_on=D(2024, 9, 10)
    )
    services.set_board_role(
        actor=officer, term=second, role=BoardRoleKind.CHAIR, starts_on=D(2025, 9, 10)
    )
    chairs = list(
        BoardRole.objects.filter(board=board_a, role=BoardRoleKind.CHAIR).order_by("starts_on")
    )
    assert [(c.term, c.ends_on) for c in chairs] == [(first, D(2025, 9, 9)), (second, None)]
    # The database refuses a second open chair.
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardRole.objects.create(
            board=board_a, term=first, role=BoardRoleKind.CHAIR, starts_on=D(2026, 1, 1)
        )
    services.end_term(
        actor=officer, term=second, ended_on=D(2026, 1, 31), reason=EndReason.RESIGNED
    )
    assert BoardRole.objects.get(term=second).ends_on == D(2026, 1, 31)


def test_another_schools_leader_cannot_appoint_or_end(officer, leader_b, board_a):
    with pytest.raises(PermissionDenied):
        appoint(leader_b, board_a, Category.PARENT)
    term = appoint(officer, board_a, Category.PARENT)
    with pytest.raises(PermissionDenied):
        services.end_term(
            actor=leader_b, term=term, ended_on=D(2025, 1, 1), reason=EndReason.RESIGNED
        )
