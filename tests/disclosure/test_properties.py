"""Property tests over random tables (hypothesis): the guarantees publish_counts makes."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schools_platform.disclosure import DisclosurePolicy, publish_counts

from .auditor import (
    extended,
    has_other_value,
    linearly_determined,
    published_state,
    reader_lower_bounds,
)

# A mix that makes every kind of cell common: zeros, small counts and larger ones.
cell_values = st.one_of(st.just(0), st.integers(1, 9), st.integers(8, 80))
policies = st.builds(
    DisclosurePolicy,
    suppress_up_to=st.integers(0, 10),
    round_to=st.sampled_from([1, 1, 3, 5, 10]),
    min_percentage_base=st.sampled_from([1, 10, 30]),
)


@st.composite
def count_tables(draw, values=cell_values, max_rows=5, max_cols=5):
    n_rows = draw(st.integers(1, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    data = draw(
        st.lists(
            st.lists(values, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows
        )
    )
    return pd.DataFrame(
        data, index=[f"r{i}" for i in range(n_rows)], columns=[f"k{j}" for j in range(n_cols)]
    )


@st.composite
def layouts(draw):
    row_totals = draw(st.booleans())
    column_totals = draw(st.booleans())
    options = [None] + (["column"] if column_totals else []) + (["row"] if row_totals else [])
    return {
        "row_totals": row_totals,
        "column_totals": column_totals,
        "shares_within": draw(st.sampled_from(options)),
    }


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def every_published_cell(table):
    return [cell for _row, _col, cell in table.all_cells()]


@SETTINGS
@given(counts=count_tables(), policy=policies, layout=layouts())
def test_no_published_count_is_a_small_count(counts, policy, layout):
    table = publish_counts(counts, policy=policy, **layout)
    for cell in every_published_cell(table):
        if cell.count is not None:
            assert not (1 <= cell.count <= policy.suppress_up_to)
            assert cell.count % policy.round_to == 0


@SETTINGS
@given(counts=count_tables(), policy=policies, layout=layouts())
def test_every_small_true_count_is_hidden(counts, policy, layout):
    x = extended(counts)
    table = publish_counts(counts, policy=policy, **layout)
    displayed, suppressed = published_state(table, x.shape)
    small = (x >= 1) & (x <= policy.suppress_up_to)
    assert not (displayed & small & ~suppressed).any()


@SETTINGS
@given(counts=count_tables(), policy=policies, layout=layouts())
def test_no_hidden_small_count_can_be_recovered_from_the_sums(counts, policy, layout):
    """(b) A reader knowing every published figure exactly (round_to=1, or a reader who
    somehow had the unrounded values) still cannot pin down any hidden small count, neither by
    linear algebra nor using that counts are whole numbers >= 0 and suppressed ones >= 1."""
    x = extended(counts)
    table = publish_counts(counts, policy=policy, **layout)
    displayed, suppressed = published_state(table, x.shape)
    unknown = ~displayed | suppressed
    lower = reader_lower_bounds(x, displayed, suppressed)
    sensitive = unknown & (
        ((x >= 1) & (x <= policy.suppress_up_to)) | (displayed & suppressed & (x == 0))
    )
    determined = linearly_determined(x, unknown)
    for cell in map(tuple, np.argwhere(sensitive)):
        assert cell not in determined, f"{cell} follows from the totals"
        assert has_other_value(x, unknown, lower, cell), f"{cell} is pinned by its bounds"


@SETTINGS
@given(
    # Above the threshold even after rounding (16 rounds to 15 or 20 > 10).
    counts=count_tables(values=st.one_of(st.just(0), st.integers(16, 200))),
    threshold=st.integers(0, 10),
    round_to=st.sampled_from([1, 5, 10]),
    row_totals=st.booleans(),
    column_totals=st.booleans(),
)
def test_a_table_needing_no_suppression_is_only_rounded(
    counts, threshold, round_to, row_totals, column_totals
):
    """(c) All counts 0 or above the threshold: nothing is suppressed, every figure (totals
    included) is just the rounded true value."""
    policy = DisclosurePolicy(suppress_up_to=threshold, round_to=round_to)
    x = extended(counts)
    table = publish_counts(
        counts, policy=policy, row_totals=row_totals, column_totals=column_totals
    )
    displayed, suppressed = published_state(table, x.shape)
    assert not suppressed.any()
    rows, cols = counts.shape
    for i in range(rows):
        for j in range(cols):
            true = x[i, j]
            assert table.cells[i][j].count == (2 * true + round_to) // (2 * round_to) * round_to
    if column_totals:
        assert [c.count for c in table.column_totals] == [
            policy.round_count(int(v)) for v in x[rows, :cols]
        ]
    if row_totals:
        assert [c.count for c in table.row_totals] == [
            policy.round_count(int(v)) for v in x[:rows, cols]
        ]


@SETTINGS
@given(counts=count_tables(), policy=policies, layout=layouts())
def test_percentages_never_come_with_a_hidden_cell_or_small_base(counts, policy, layout):
    x = extended(counts)
    table = publish_counts(counts, policy=policy, **layout)
    rows, cols = counts.shape
    for i in range(rows):
        for j in range(cols):
            cell = table.cells[i][j]
            if cell.percent is None:
                continue
            assert not cell.is_suppressed
            base = x[rows, j] if layout["shares_within"] == "column" else x[i, cols]
            assert base >= policy.min_percentage_base
            # From the unrounded counts, to the policy's decimals.
            assert abs(float(cell.percent) - 100 * x[i, j] / base) <= 0.5
