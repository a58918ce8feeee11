"""The reader-attack used by the property tests must itself catch a leaky table."""

import numpy as np
import pandas as pd

from .auditor import extended, has_other_value, linearly_determined


def test_auditor_recovers_a_lone_suppressed_cell_from_its_total():
    x = extended(pd.DataFrame([[3, 20, 30]]))
    unknown = np.zeros_like(x, dtype=bool)
    unknown[0, 0] = True  # only the 3 hidden; row total and others shown
    unknown[1, :] = True  # column totals not published
    assert (0, 0) in linearly_determined(x, unknown)


def test_auditor_sees_two_ones_that_add_up_to_two():
    """The naive 'two suppressions per row' rule: 1 and 1 hidden, total shown -> both 1."""
    x = extended(pd.DataFrame([[1, 1, 50]]))
    unknown = np.zeros_like(x, dtype=bool)
    unknown[0, 0] = unknown[0, 1] = True
    unknown[1, :] = True
    lower = np.where(unknown & (x >= 1), 1, 0)
    lower[1, :] = 0
    assert (0, 0) not in linearly_determined(x, unknown)
    assert not has_other_value(x, unknown, lower, (0, 0))


def test_auditor_catches_a_bridge_between_two_protected_blocks():
    """Every row and column holds 0 or at least 2 hidden cells, yet one is derivable: the
    cell (0, 2) is the only link between two hidden 2x2 blocks (a bridge), so adding block
    A's row sums and subtracting its column sums gives it exactly."""
    counts = pd.DataFrame(
        [
            [3, 4, 2, 50],
            [5, 6, 40, 60],
            [70, 80, 4, 5],
            [90, 99, 6, 3],
        ]
    )
    x = extended(counts)
    unknown = np.zeros_like(x, dtype=bool)
    for cell in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)]:
        unknown[cell] = True
    assert all(unknown[i, :4].sum() in (0, 2, 3) for i in range(4))
    assert all(unknown[:4, j].sum() in (0, 2, 3) for j in range(4))
    assert (0, 2) in linearly_determined(x, unknown)
    assert (0, 0) not in linearly_determined(x, unknown)
