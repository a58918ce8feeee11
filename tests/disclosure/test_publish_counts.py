"""publish_counts on tables a person can check by hand."""

from decimal import Decimal

import pandas as pd
import pytest

from schools_platform.disclosure import (
    TOTAL,
    DisclosureInfeasible,
    DisclosurePolicy,
    combine_columns,
    methodology_note,
    publish_counts,
)

DEFAULT = DisclosurePolicy(suppress_up_to=7, round_to=5)
EXACT = DisclosurePolicy(suppress_up_to=7, round_to=1)


def column(values, name="people"):
    return pd.DataFrame({name: values}, index=[f"cat{i}" for i in range(len(values))])


def texts(table, name="people"):
    return [table.cell(row, name).text for row in table.row_labels] + [table.cell(TOTAL, name).text]


def test_small_count_is_c_and_the_next_smallest_goes_with_it():
    table = publish_counts(column([3, 20, 30, 0, 0]), policy=DEFAULT, column_totals=True)
    # 3 alone would be 53 - 20 - 30; hiding 20 (not 30, and not the total) stops that.
    assert texts(table) == ["c", "c", "30", "0", "0", "55"]


def test_exact_policy_shows_true_counts_and_still_protects():
    table = publish_counts(column([3, 20, 30, 0, 0]), policy=EXACT, column_totals=True)
    assert texts(table) == ["c", "c", "30", "0", "0", "53"]


def test_two_hidden_ones_are_not_left_to_add_up_to_two():
    # Hiding just the two 1s would show they sum to 2, so both must be 1.
    table = publish_counts(column([1, 1, 50, 60]), policy=EXACT, column_totals=True)
    shown = texts(table)
    assert shown[:2] == ["c", "c"]
    assert shown.count("c") >= 3


def test_rounding_is_half_up_and_totals_come_from_unrounded_counts():
    table = publish_counts(column([8, 12, 13, 8]), policy=DEFAULT, column_totals=True)
    # 8+12+13+8 = 41 -> 40, although the rounded cells add up to 45.
    assert texts(table) == ["10", "10", "15", "10", "40"]


def test_table_with_nothing_small_is_only_rounded():
    counts = pd.DataFrame({"a": [10, 0, 41], "b": [26, 99, 8]}, index=["x", "y", "z"])
    table = publish_counts(counts, policy=DEFAULT, row_totals=True, column_totals=True)
    assert [[c.text for c in row] for row in table.cells] == [
        ["10", "25"],
        ["0", "100"],
        ["40", "10"],
    ]
    assert [c.text for c in table.row_totals] == ["35", "100", "50"]
    assert table.grand_total.text == "185"
    assert table.needs_no_suppression


def test_two_way_table_hides_enough_in_rows_and_columns():
    counts = pd.DataFrame(
        {"white": [40, 3, 50], "black": [20, 25, 30], "asian": [35, 30, 45]},
        index=["Ashdown", "Brackenmoor", "Calder"],
    )
    table = publish_counts(counts, policy=EXACT, row_totals=True, column_totals=True)
    hidden = {(r, c) for r, c, cell in table.all_cells() if cell.is_suppressed}
    assert ("Brackenmoor", "white") in hidden
    # Its row and its column each need another hidden figure.
    assert any(r == "Brackenmoor" and c != "white" for r, c in hidden)
    assert any(c == "white" and r != "Brackenmoor" for r, c in hidden)
    # The totals survive: inner cells were cheaper to hide.
    assert not any(TOTAL in key for key in hidden)


def test_percentages_come_from_unrounded_counts_and_hide_with_their_cell():
    table = publish_counts(
        column([3, 20, 30, 0, 0]), policy=DEFAULT, column_totals=True, shares_within="column"
    )
    assert table.cell("cat0", "people").percent_text == "c"
    assert table.cell("cat1", "people").percent_text == "c"
    assert table.cell("cat2", "people").percent == Decimal("57")  # 30 / 53, not 30 / 55
    assert table.cell("cat3", "people").percent_text == "0%"
    assert table.cell(TOTAL, "people").percent_text == "100%"


def test_percentages_hidden_for_a_small_group_and_precise_for_a_large_one():
    small = publish_counts(
        column([10, 12]), policy=DEFAULT, column_totals=True, shares_within="column"
    )
    assert small.cell("cat0", "people").text == "10"
    assert small.cell("cat0", "people").percent_text == "u"
    large = publish_counts(
        column([1234, 2800]), policy=DEFAULT, column_totals=True, shares_within="column"
    )
    assert large.cell("cat0", "people").percent == Decimal("30.6")  # 1234 / 4034


def test_a_small_group_all_in_one_category_is_withheld_zeros_and_all():
    table = publish_counts(
        column([0, 12, 0]), policy=DEFAULT, column_totals=True, shares_within="column"
    )
    assert texts(table) == ["c", "c", "c", "c"]


def test_a_large_group_all_in_one_category_is_shown():
    table = publish_counts(
        column([0, 40, 0]), policy=DEFAULT, column_totals=True, shares_within="column"
    )
    assert texts(table) == ["0", "40", "0", "40"]


def test_threshold_and_rounding_are_configurable():
    policy = DisclosurePolicy(suppress_up_to=3, round_to=1)
    # 2 and 3 hide each other (sum 5, each could be 1 to 4); 4 is above this threshold.
    table = publish_counts(column([4, 2, 3, 20]), policy=policy, column_totals=True)
    assert texts(table) == ["4", "c", "c", "20", "29"]


def test_figures_published_elsewhere_are_kept_and_hidden_ones_stay_hidden():
    counts = pd.DataFrame(
        {"white": [20, 25], "black": [3, 30], "asian": [10, 12]}, index=["Alder", "Birch"]
    )
    # The authority-wide line shows white 45 and the total 100, and hides black and asian.
    table = publish_counts(
        counts,
        policy=EXACT,
        row_totals=True,
        column_totals=True,
        published_elsewhere=[(TOTAL, "white"), (TOTAL, TOTAL)],
        suppressed_elsewhere=[(TOTAL, "black"), (TOTAL, "asian")],
    )
    assert table.cell(TOTAL, "white").text == "45"
    assert table.grand_total.text == "100"
    assert table.cell(TOTAL, "black").is_suppressed
    assert table.cell(TOTAL, "asian").is_suppressed
    assert table.cell("Alder", "black").is_suppressed


def test_protection_that_would_need_a_figure_shown_elsewhere_is_refused():
    # 3 = 43 - 40 once the column total, the other row total and the grand total are fixed.
    with pytest.raises(DisclosureInfeasible):
        publish_counts(
            column([3, 40]),
            policy=EXACT,
            column_totals=True,
            row_totals=True,
            published_elsewhere=[("cat1", TOTAL), (TOTAL, "people"), (TOTAL, TOTAL)],
        )


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        (column([1.5, 2]), "whole numbers"),
        (column([-1, 2]), "negative"),
        (column([None, 2]), "missing"),
        (pd.DataFrame({"a": [1, 2]}, index=["x", "x"]), "unique"),
        (pd.DataFrame({TOTAL: [1]}), "reserved"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(counts, message):
    with pytest.raises(ValueError, match=message):
        publish_counts(counts, policy=DEFAULT)


def test_shares_need_their_totals():
    with pytest.raises(ValueError, match="column_totals"):
        publish_counts(column([10]), policy=DEFAULT, shares_within="column")


def test_no_true_count_is_kept_on_the_published_cell():
    table = publish_counts(column([3, 23]), policy=DEFAULT, column_totals=True)
    cell = table.cell("cat1", "people")
    assert cell.is_suppressed and cell.count is None
    assert set(cell.__slots__) == {"count", "symbol", "percent", "percent_symbol"}


def test_combined_columns_keep_each_columns_own_publication():
    a = publish_counts(column([3, 20, 30], "a"), policy=DEFAULT, column_totals=True)
    b = publish_counts(column([40, 20, 30], "b"), policy=DEFAULT, column_totals=True)
    both = combine_columns({"a": a, "b": b})
    assert [both.cell(r, "a").text for r in both.row_labels] == ["c", "c", "30"]
    assert [both.cell(r, "b").text for r in both.row_labels] == ["40", "20", "30"]
    assert both.cell(TOTAL, "b").text == "90"
    assert both.transpose().cell("a", "cat2").text == "30"


def test_methodology_note_states_the_policy_in_use():
    note = " ".join(methodology_note(DisclosurePolicy(suppress_up_to=9, round_to=10)))
    assert "from 1 to 9" in note and "nearest 10" in note
    exact = " ".join(methodology_note(EXACT))
    assert "no rounding" in exact
