"""Each constitution rule refuses (or advises) with a message naming its regulation."""

import pytest

from governors.choices import BoardKind, Category, FoundationRule
from governors.constitution import check_constitution

P, H, S, LA, CO, F, PA, AS = (
    Category.PARENT,
    Category.HEADTEACHER,
    Category.STAFF,
    Category.LOCAL_AUTHORITY,
    Category.CO_OPTED,
    Category.FOUNDATION,
    Category.PARTNERSHIP,
    Category.ASSOCIATE,
)
VALID = {P: 2, H: 1, S: 1, LA: 1, CO: 2}


def problems(seats, *, kind=BoardKind.MAINTAINED, rule=FoundationRule.NONE, years=None, schools=1):
    term_years = {c: (None if c == H else 4) for c in seats}
    term_years.update(years or {})
    return check_constitution(
        kind=kind, foundation_rule=rule, seats=seats, term_years=term_years, school_count=schools
    )


def refusals(*args, **kwargs):
    return [str(p) for p in problems(*args, **kwargs) if p.refuses]


def test_the_smallest_valid_maintained_board_passes():
    assert problems(VALID) == []


def test_fewer_than_seven_governors_is_refused_naming_reg_13():
    (message,) = refusals({P: 2, H: 1, S: 1, LA: 1, CO: 1})
    assert "at least 7 governors; this has 6" in message
    assert "Regulations 2012, reg 13" in message


def test_associate_members_do_not_count_towards_the_seven():
    assert any("at least 7" in m for m in refusals({P: 2, H: 1, S: 1, LA: 1, CO: 1, AS: 3}))


def test_three_parents_out_of_six_is_refused_for_size_not_parents():
    found = refusals({P: 3, H: 1, S: 1, LA: 1})
    assert any("at least 7 governors; this has 6" in m for m in found)
    assert not any("parent governors" in m for m in found)


def test_fewer_than_two_parents_is_refused():
    (message,) = refusals({P: 1, H: 1, S: 1, LA: 1, CO: 3})
    assert "at least 2 parent governors; this has 1" in message and "reg 13" in message


@pytest.mark.parametrize("heads", [0, 2])
def test_a_single_school_board_has_exactly_one_headteacher_seat(heads):
    found = refusals({**VALID, H: heads, CO: 4})
    assert any(f"exactly 1 headteacher seat, not {heads}" in m for m in found)


def test_a_federation_may_have_a_headteacher_seat_per_school():
    assert refusals({**VALID, H: 2, CO: 5}, schools=2) == []
    assert any(
        "from 1 to 2 headteacher seats, not 3" in m
        for m in refusals({**VALID, H: 3, CO: 6}, schools=2)
    )


@pytest.mark.parametrize("category", [S, LA])
@pytest.mark.parametrize("count", [0, 2])
def test_exactly_one_staff_and_one_la_governor(category, count):
    found = refusals({**VALID, category: count, CO: 4})
    assert any(
        f"exactly 1 {Category(category).label.lower()} governor, not {count}" in m for m in found
    )


def test_head_and_staff_more_than_one_third_is_refused():
    # Two headteacher seats in a 2-school federation of 8: 3 of 8 is fine; of 7 with 3 heads not.
    assert refusals({P: 2, H: 2, S: 1, LA: 1, CO: 3}, schools=2) == []
    found = refusals({P: 2, H: 2, S: 1, LA: 1, CO: 1}, schools=2)
    assert any("no more than one third of the board: 3 of 7" in m for m in found)


def test_term_lengths_must_be_one_to_four_years_reg_18():
    found = refusals(VALID, years={P: 5})
    assert any("from 1 to 4 years, not 5" in m and "reg 18" in m for m in found)
    assert any(
        "Give the term of office for co-opted" in m for m in refusals(VALID, years={CO: None})
    )


def test_headteacher_has_no_term_length():
    assert any("ex officio" in m for m in refusals(VALID, years={H: 4}))


def test_foundation_seats_need_a_foundation():
    found = refusals({**VALID, F: 2})
    assert any(
        "Only a school with a foundation has foundation governors" in m and "reg 14" in m
        for m in found
    )


def test_partnership_governors_rules():
    rule = FoundationRule.FOUNDATION_WITHOUT_FOUNDATION
    assert refusals({**VALID, PA: 2}, rule=rule) == []
    assert any("at least 2 partnership" in m for m in refusals({**VALID, PA: 1}, rule=rule))
    # 4 of 11 partnership is more than a quarter.
    assert any("one quarter" in m for m in refusals({**VALID, CO: 3, PA: 4}, rule=rule))
    assert any("Partnership governors are only for" in m for m in refusals({**VALID, PA: 2}))


def test_foundation_with_a_foundation_rules():
    rule = FoundationRule.FOUNDATION_WITH_FOUNDATION
    assert refusals({**VALID, F: 2}, rule=rule) == []
    assert any("at least 2 foundation" in m for m in refusals({**VALID, F: 1}, rule=rule))
    # 6 of 13 is 46%: more than 45%.
    assert any("45%" in m for m in refusals({**VALID, F: 6}, rule=rule))


def test_qualifying_foundation_outnumbers_the_others_by_one_or_two():
    rule = FoundationRule.QUALIFYING_FOUNDATION
    assert refusals({**VALID, F: 8}, rule=rule) == []  # 8 against 7
    assert refusals({**VALID, F: 9}, rule=rule) == []  # 9 against 7
    assert any(
        "outnumber all the others by one or two" in m for m in refusals({**VALID, F: 7}, rule=rule)
    )
    assert any("outnumber" in m for m in refusals({**VALID, F: 10}, rule=rule))


def test_voluntary_aided_and_controlled_rules_only_advise():
    va = problems({**VALID, F: 3}, rule=FoundationRule.VOLUNTARY_AIDED)
    assert va and not any(p.refuses for p in va)
    assert "not verified" in va[0].source
    vc = problems({**VALID, F: 1}, rule=FoundationRule.VOLUNTARY_CONTROLLED)
    assert vc and not any(p.refuses for p in vc)


def test_trust_board_rules():
    assert any(
        "at least 3 trustees" in m for m in refusals({P: 1, CO: 1}, kind=BoardKind.TRUST_BOARD)
    )
    found = refusals({P: 2, H: 1, S: 1, CO: 1}, kind=BoardKind.TRUST_BOARD)
    assert any("Employees, including the principal" in m for m in found)
    advice = [p for p in problems({P: 1, CO: 5}, kind=BoardKind.TRUST_BOARD) if not p.refuses]
    assert any("parent trustees" in p.message for p in advice)


def test_local_governing_body_has_only_the_term_rule():
    assert refusals({P: 1, CO: 1}, kind=BoardKind.ACADEMY_LGB) == []
    assert refusals({P: 1}, kind=BoardKind.ACADEMY_LGB, years={P: 6})
