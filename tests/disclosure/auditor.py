"""An independent reader-attack on a published table, for the tests.

It knows what a determined reader would: every published figure (exactly, as if there were no
rounding), that rows and columns add up to their totals, that counts are whole numbers of at
least 0 and that a suppressed count is at least 1 unless the whole group was withheld. It
then asks, by plain linear algebra and by exhaustive search, whether a hidden figure can take
only one value. It shares no code with schools_platform.disclosure.
"""

import numpy as np
import pandas as pd


def extended(counts: pd.DataFrame) -> np.ndarray:
    values = counts.to_numpy(dtype=np.int64)
    rows, cols = values.shape
    x = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    x[:rows, :cols] = values
    x[:rows, cols] = values.sum(axis=1)
    x[rows, :cols] = values.sum(axis=0)
    x[rows, cols] = values.sum()
    return x


def published_state(table, shape):
    """(displayed, suppressed) boolean arrays over the extended table."""
    n_rows, n_cols = shape
    rows, cols = n_rows - 1, n_cols - 1
    displayed = np.zeros(shape, dtype=bool)
    suppressed = np.zeros(shape, dtype=bool)
    for i in range(rows):
        for j in range(cols):
            displayed[i, j] = True
            suppressed[i, j] = table.cells[i][j].is_suppressed
    if table.row_totals is not None:
        for i, cell in enumerate(table.row_totals):
            displayed[i, cols], suppressed[i, cols] = True, cell.is_suppressed
    if table.column_totals is not None:
        for j, cell in enumerate(table.column_totals):
            displayed[rows, j], suppressed[rows, j] = True, cell.is_suppressed
    if table.grand_total is not None:
        displayed[rows, cols], suppressed[rows, cols] = True, table.grand_total.is_suppressed
    return displayed, suppressed


def _equations(shape):
    """Each row and column of the extended table: cells minus their total equal zero."""
    n_rows, n_cols = shape
    rows, cols = n_rows - 1, n_cols - 1
    equations = []
    for i in range(n_rows):
        equations.append([((i, j), 1) for j in range(cols)] + [((i, cols), -1)])
    for j in range(n_cols):
        equations.append([((i, j), 1) for i in range(rows)] + [((rows, j), -1)])
    return equations


def linearly_determined(x, unknown) -> set:
    """Hidden cells whose value follows from the published ones by the sums alone."""
    cells = [tuple(c) for c in np.argwhere(unknown)]
    if not cells:
        return set()
    position = {cell: k for k, cell in enumerate(cells)}
    rows = []
    for equation in _equations(x.shape):
        row = np.zeros(len(cells))
        for cell, coef in equation:
            if cell in position:
                row[position[cell]] = coef
        rows.append(row)
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    determined = set()
    for cell, k in position.items():
        unit = np.zeros(len(cells))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            determined.add(cell)
    return determined


def reader_lower_bounds(x, displayed, suppressed):
    """What a reader may assume: a suppressed count is >= 1 unless it is a withheld zero."""
    return np.where(displayed & suppressed & (x >= 1), 1, 0)


def has_other_value(x, unknown, lower, target) -> bool:
    """Is there a whole-number filling of the hidden cells, within bounds, that agrees with
    every published figure and gives `target` a different value?

    By total unimodularity a differing solution exists iff one exists within +-1 of the true
    values, so the search only tries shifts of -1, 0, +1 (restricting the search can only
    make it miss solutions, never invent one).
    """
    cells = [tuple(c) for c in np.argwhere(unknown)]
    domains = {cell: [d for d in (-1, 0, 1) if x[cell] + d >= lower[cell]] for cell in cells}
    equations = [
        [(cell, coef) for cell, coef in equation if cell in domains]
        for equation in _equations(x.shape)
    ]
    equations = [e for e in equations if e]

    def solve(assigned):
        changed = True
        while changed:
            changed = False
            for equation in equations:
                total = sum(coef * assigned[c] for c, coef in equation if c in assigned)
                free = [(c, coef) for c, coef in equation if c not in assigned]
                if not free:
                    if total != 0:
                        return False
                    continue
                low = total + sum(min(coef * d for d in domains[c]) for c, coef in free)
                high = total + sum(max(coef * d for d in domains[c]) for c, coef in free)
                if low > 0 or high < 0:
                    return False
                if len(free) == 1:
                    cell, coef = free[0]
                    need = -total * coef  # coef is +-1
                    if need not in domains[cell]:
                        return False
                    assigned[cell] = need
                    changed = True
        pending = [c for c in cells if c not in assigned]
        if not pending:
            return True
        cell = pending[0]
        for d in domains[cell]:
            trial = dict(assigned)
            trial[cell] = d
            if solve(trial):
                return True
        return False

    return any(solve({target: d}) for d in domains[target] if d != 0)
