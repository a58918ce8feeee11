"""A member who governs (or governed) the school in the governors register is disqualified for
it (SI 2012/9 Sch para 4(1)(b)), whether or not they declared it."""

import datetime as dt

from admissions import checker, facts
from governors import selectors as governors_selectors
from governors.choices import Category
from tests.governors.conftest import appoint, make_board

from .conftest import make_block


def _rules(block, pool, clerk):
    proposal = facts.proposal_for(
        block, member_ids=[p.pk for p in pool[:3]], chair_id=pool[0].pk, clerk=clerk
    )
    return [(b.rule, b.message) for b in checker.check_roster(proposal)]


def test_governor_found_by_email_is_disqualified_for_that_school_only(
    officer, school_a, school_b, pool, appeals_clerk
):
    cy = pool[2]
    cy.email = "Cy.Lay@example.org"
    cy.save()
    board = make_board(officer, [school_a])
    appoint(
        officer,
        board,
        Category.CO_OPTED,
        person={"first_name": "Cy", "last_name": "Lay", "email": "cy.lay@example.org"},
    )
    rules = _rules(make_block(school_a, "GA"), pool, appeals_clerk)
    assert (
        "governor",
        f"Cy Lay: is or was a governor of {school_a.name} (from the governors register).",
    ) in rules
    # Not a governor of school B: nothing about governance there.
    assert not [
        r for r in _rules(make_block(school_b, "GB"), pool, appeals_clerk) if r[0] == "governor"
    ]


def test_governor_found_by_account_and_former_governor_still_barred(
    officer, school_a, pool, appeals_clerk, panel_user
):
    board = make_board(officer, [school_a])
    appoint(
        officer,
        board,
        Category.CO_OPTED,
        first="Ada",
        last="Chair",
        starts_on=dt.date(2024, 9, 1),
        ends_on=dt.date(2025, 8, 31),
    )
    term = board.terms.get()
    term.governor.user = panel_user  # Ada's account
    term.governor.save()
    rules = _rules(make_block(school_a, "GC"), pool, appeals_clerk)
    assert [r for r in rules if r[0] == "governor" and r[1].startswith("Ada Chair")]


def test_declared_and_registered_governorship_is_one_breach(officer, school_a, pool, appeals_clerk):
    from admissions import models as m

    ben = pool[1]
    ben.email = "ben@example.org"
    ben.save()
    m.Declaration.objects.create(member=ben, kind="governor", school=school_a)
    board = make_board(officer, [school_a])
    appoint(
        officer,
        board,
        Category.CO_OPTED,
        person={"first_name": "Ben", "last_name": "T", "email": "ben@example.org"},
    )
    rules = _rules(make_block(school_a, "GD"), pool, appeals_clerk)
    assert len([r for r in rules if r[0] == "governor"]) == 1


def test_register_selector_ignores_a_term_before_the_school_joined(officer, school_a):
    board = make_board(officer, [school_a])
    appoint(
        officer,
        board,
        Category.CO_OPTED,
        person={"first_name": "Old", "last_name": "Term", "email": "old@example.org"},
        starts_on=dt.date(2024, 9, 1),
        ends_on=dt.date(2025, 8, 31),
    )
    assert len(governors_selectors.schools_governed_by(emails=["OLD@example.org"])) == 1
    # The school joined the board only after that term ended: not its governor.
    board.memberships.update(joined_on=dt.date(2026, 1, 1))
    assert governors_selectors.schools_governed_by(emails=["old@example.org"]) == []
    assert governors_selectors.schools_governed_by() == []
