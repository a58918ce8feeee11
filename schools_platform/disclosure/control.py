"""publish_counts: the one function every aggregate of people passes through before it is shown.

Rules (reference: security-and-performance.md §3, governors.md §2.6; methodology.py says them in
plain English):

1. Primary suppression: a count from 1 to the threshold (default 7) is shown as `c`, and so is
   one whose rounded value would fall in that range (possible only with unusual policies such
   as threshold 6, rounding to 5: 7 would show as 5). 0 is shown as 0.
2. Rounding: every other count, totals included, is rounded to the nearest multiple of
   round_to (default 5). Totals are summed from unrounded counts, then rounded or suppressed.
3. Group disclosure: in a group (a line along `shares_within`) of fewer than
   min_percentage_base people where everyone is in one category, the whole line is `c`,
   zeros included, because the zeros alone would say what everyone in the group is.
4. Percentages are computed from unrounded counts and shown only when the cell is shown and
   its denominator is a shown total of at least min_percentage_base people.
5. Secondary suppression, so that no suppressed figure can be worked out from the others.

Secondary suppression, and why it is enough
-------------------------------------------
Write the table with its margins as an (R+1) x (C+1) array X, the last row and column being
the totals. Every row and every column of X satisfies "cells add up to the total". Give the
margin cells a minus sign (and the grand total a plus sign): then every row and column of the
signed array adds up to 0. A reader who knows the published cells and wants a hidden one
("unknown": suppressed, or a total that is not published) can only use these equations and
what they know about the ranges of the unknowns.

Take the bipartite graph whose nodes are the R+1 rows and C+1 columns and whose edges are the
unknown cells. Adding +1, -1, +1, ... to the unknowns around a cycle of that graph keeps every
row and column sum unchanged, so it is invisible to the reader. Conversely every change of the
unknowns that keeps all sums is a sum of such cycles (the cycle space of the graph is the
null space of its incidence matrix). Hence:

* an unknown cell is fixed by the equations alone exactly when it lies on no cycle (it is a
  bridge of the graph);
* a reader also knows every count is a whole number of at least 0, and, since zeros are
  suppressed only when a whole small group is withheld (or, last resort, to protect such a
  group), we assume they know a suppressed non-zero count is at least 1. The equations'
  matrix is a network (totally unimodular) matrix, so the values a hidden cell can take form
  a range of whole numbers, and it has more than one possible value exactly when some single cycle
  through it can be shifted by 1 without pushing any cell below its lower bound (a conformal
  cycle of any feasible change). Orient a cycle so that cells going +1 (in signed terms) point
  row -> column and cells going -1 point column -> row: shifting is possible exactly when the
  cycle is a directed cycle using only "allowed" arcs, where increasing a count is always
  allowed and decreasing one needs it to be above its lower bound.

So for every cell that must stay hidden (every unknown small count, and every cell hidden by
the group-disclosure rule or because another table hides it) we look for a directed cycle of
allowed arcs through it among the unknown cells; when there is none we add the cheapest set of
published cells that closes one (Dijkstra, cost = the counts we would hide, totals last) and
suppress them. Suppressing more cells only adds unknowns, so a cycle found stays a cycle: one
pass protects every cell. A cycle always exists when totals may be suppressed: a cell, its row
total, the grand total and its column total can all go up by 1 together.

This is checked assuming the reader knows every published figure exactly (as with
round_to=1); rounding to 5 then adds its own uncertainty on top. Percentages, and anything
else worked out only from published cells (gaps, ratios), tell a reader nothing beyond those
exact values, so they cannot undo the protection either. Tables published separately
from the same data (a council and the whole authority) are linked by sums too: rounding is
what protects those links (NHS Digital's reason for its 1-7 and nearest-5 rule), and
`published_elsewhere` / `suppressed_elsewhere` make a table agree with another one it shares
totals with, e.g. a table of schools whose column totals are the authority's published line.
"""

import heapq
from collections import deque
from collections.abc import Hashable, Iterable
from typing import Literal

import numpy as np
import pandas as pd

from .cells import (
    LOW_RELIABILITY,
    NOT_APPLICABLE,
    ROUNDS_TO_ZERO,
    SUPPRESSED,
    PublishedCell,
)
from .policy import DisclosurePolicy
from .table import TOTAL, PublishedTable


class DisclosureInfeasible(Exception):
    """The table cannot be published consistently with figures already published elsewhere."""


def publish_counts(
    counts: pd.DataFrame,
    *,
    policy: DisclosurePolicy | None = None,
    row_totals: bool = False,
    column_totals: bool = False,
    shares_within: Literal["column", "row"] | None = None,
    published_elsewhere: Iterable[tuple[Hashable, Hashable]] = (),
    suppressed_elsewhere: Iterable[tuple[Hashable, Hashable]] = (),
) -> PublishedTable:
    """Apply disclosure control to a table of counts of people and return what may be shown.

    counts: rows x columns of whole numbers >= 0 (no totals: they are computed here from the
        unrounded counts).
    row_totals / column_totals: publish a total for each row / column (and the grand total
        when both).
    shares_within: "column" when each column is a group of people and cells are shares of
        its total (percentages; group-disclosure rule per column), "row" likewise per row.
    published_elsewhere / suppressed_elsewhere: (row, column) keys, TOTAL naming a margin,
        of figures another published table already shows or hides. Those shown are never
        suppressed here; those hidden are hidden here too and protected like small counts.
        Raises DisclosureInfeasible if that cannot be done.
    """
    policy = policy or DisclosurePolicy.default()
    frame = _validated(counts)
    if shares_within == "column" and not column_totals:
        raise ValueError("shares_within='column' needs column_totals=True (the denominators)")
    if shares_within == "row" and not row_totals:
        raise ValueError("shares_within='row' needs row_totals=True (the denominators)")
    if shares_within not in (None, "column", "row"):
        raise ValueError("shares_within must be 'column', 'row' or None")

    rows, cols = frame.shape
    x = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    x[:rows, :cols] = frame.to_numpy(dtype=np.int64)
    x[:rows, cols] = x[:rows, :cols].sum(axis=1)
    x[rows, :cols] = x[:rows, :cols].sum(axis=0)
    x[rows, cols] = x[:rows, :cols].sum()

    displayed = np.zeros_like(x, dtype=bool)
    displayed[:rows, :cols] = True
    if row_totals:
        displayed[:rows, cols] = True
    if column_totals:
        displayed[rows, :cols] = True
    if row_totals and column_totals:
        displayed[rows, cols] = True

    row_index = {label: i for i, label in enumerate(frame.index)} | {TOTAL: rows}
    col_index = {label: j for j, label in enumerate(frame.columns)} | {TOTAL: cols}

    def positions(keys, what):
        mask = np.zeros_like(displayed)
        for row, col in keys:
            try:
                i, j = row_index[row], col_index[col]
            except KeyError:
                raise ValueError(f"{what}: no cell ({row!r}, {col!r}) in this table") from None
            if not displayed[i, j]:
                raise ValueError(f"{what}: ({row!r}, {col!r}) is not published in this table")
            mask[i, j] = True
        return mask

    locked = positions(published_elsewhere, "published_elsewhere")
    forced = positions(suppressed_elsewhere, "suppressed_elsewhere")

    small = policy.is_small_array(x)
    suppressed = displayed & small
    if (locked & suppressed).any():
        raise ValueError("a figure published elsewhere is a small count here: policies differ")
    suppressed |= forced
    must_protect = suppressed.copy()

    for line in _single_category_small_groups(x, displayed, shares_within, policy):
        if (locked & line).any():
            raise DisclosureInfeasible("a small group published elsewhere must be withheld")
        suppressed |= line
        must_protect |= line

    # Totals that are not published are unknowns too; a small one must not be derivable.
    must_protect |= ~displayed & small
    _secondary_suppression(x, displayed, suppressed, locked, must_protect)

    return _assemble(
        frame, x, displayed, suppressed, policy, shares_within, row_totals, column_totals
    )


def _validated(counts) -> pd.DataFrame:
    if not isinstance(counts, pd.DataFrame):
        raise TypeError("publish_counts takes a pandas DataFrame of counts")
    if counts.index.has_duplicates or counts.columns.has_duplicates:
        raise ValueError("row and column labels must be unique")
    if TOTAL in counts.index or TOTAL in counts.columns:
        raise ValueError(f"{TOTAL!r} is reserved for totals")
    if counts.size:
        values = counts.to_numpy()
        if counts.isna().to_numpy().any():
            raise ValueError("counts may not be missing (NaN); use 0 for none")
        try:
            as_int = values.astype(np.int64)
        except (TypeError, ValueError):
            raise ValueError("counts must be whole numbers") from None
        if not np.array_equal(as_int, values.astype(float)):
            raise ValueError("counts must be whole numbers")
        if (as_int < 0).any():
            raise ValueError("counts cannot be negative")
    return counts


def _single_category_small_groups(x, displayed, shares_within, policy):
    """Lines (groups) under the percentage base where one category holds everyone."""
    if shares_within is None:
        return
    # Work on columns; a row-wise table is the same question asked of the transpose.
    grid, shown = (x, displayed) if shares_within == "column" else (x.T, displayed.T)
    last = grid.shape[0] - 1
    for j in range(grid.shape[1] - 1):
        total = grid[last, j]
        one_category = np.count_nonzero(grid[:last, j]) == 1
        if shown[last, j] and 0 < total < policy.min_percentage_base and one_category:
            line = np.zeros_like(shown)
            line[:, j] = True
            line &= shown
            yield line if shares_within == "column" else line.T


def _secondary_suppression(x, displayed, suppressed, locked, must_protect) -> None:
    """Suppress further published cells until every must_protect cell has a shiftable cycle.

    Mutates `suppressed`. See the module docstring for the argument.
    """
    n_rows, n_cols = x.shape
    rows, cols = n_rows - 1, n_cols - 1
    unknown = ~displayed | suppressed
    # Lower bounds a reader can rely on: a suppressed (or to-be-suppressed) count is >= 1,
    # except a zero withheld by the group rule; an unpublished total is >= 0.
    lower = np.where(displayed & (x >= 1), 1, 0)
    can_decrease = x >= lower + 1
    interior = np.zeros_like(displayed)
    interior[:rows, :cols] = True
    corner = np.zeros_like(displayed)
    corner[rows, cols] = True
    sign = np.where(interior | corner, 1, -1)
    # Arcs: row i -> column j moves the signed cell by +1, i.e. the count by `sign`;
    # column j -> row i moves the count by -sign. Decreasing needs room above the bound.
    forward_ok = (sign == 1) | can_decrease
    backward_ok = (sign == -1) | can_decrease
    candidate = displayed & ~suppressed & ~locked
    # Cost of hiding a figure: its count, so small ones go first; a total only when no set
    # of inner cells will do; a zero last of all (readers may then no longer assume that a
    # `c` is at least 1, and zeros are needed only when a whole group was withheld).
    big = int(x[:rows, :cols].sum()) + 1
    cost = x + np.where(interior, 0, big) + np.where(x == 0, 2 * big, 0)

    def neighbours(node, skip, allow_candidates):
        """(next node, cell, cost) for arcs leaving a row node (< n_rows) or column node."""
        if node < n_rows:
            i = node
            for j in range(n_cols):
                if (i, j) == skip or not forward_ok[i, j]:
                    continue
                if unknown[i, j]:
                    yield n_rows + j, (i, j), 0
                elif allow_candidates and candidate[i, j]:
                    yield n_rows + j, (i, j), int(cost[i, j])
        else:
            j = node - n_rows
            for i in range(n_rows):
                if (i, j) == skip or not backward_ok[i, j]:
                    continue
                if unknown[i, j]:
                    yield i, (i, j), 0
                elif allow_candidates and candidate[i, j]:
                    yield i, (i, j), int(cost[i, j])

    def arcs_of(i, j):
        """(start, target) of the paths that would close a cycle through cell (i, j)."""
        if forward_ok[i, j]:
            yield n_rows + j, i
        if backward_ok[i, j]:
            yield i, n_rows + j

    # The arcs among unknown cells alone, as plain lists per node (what ``neighbours`` yields
    # with ``allow_candidates=False``), kept up to date as cells are suppressed below.
    unknown_arcs: list[list[tuple[int, tuple[int, int]]]] = [[] for _ in range(n_rows + n_cols)]
    # Per start node, what ``_reached_from`` found for the current unknown arcs.
    reached: dict[int, dict[int, list[int]]] = {}

    def add_unknown_arcs(i, j):
        reached.clear()
        if forward_ok[i, j]:
            unknown_arcs[i].append((n_rows + j, (i, j)))
        if backward_ok[i, j]:
            unknown_arcs[n_rows + j].append((i, (i, j)))

    for i, j in zip(*np.nonzero(unknown), strict=True):
        add_unknown_arcs(int(i), int(j))

    def has_cycle(i, j) -> bool:
        """Whether a path of unknown arcs closes a cycle through cell (i, j) without using
        the cell again. Such a path leaves ``start`` by a first arc other than the cell's own
        one (which would go straight to ``target``), and, taken from the last time it leaves
        ``start``, never comes back to it: so it exists exactly when ``target`` is reached,
        without passing through ``start``, from a node one arc from ``start`` other than
        ``target`` itself. ``_reached_from(start)`` answers that for every target at once."""
        for start, target in arcs_of(i, j):
            origins = reached.get(start)
            if origins is None:
                origins = reached[start] = _reached_from(unknown_arcs, start)
            if any(origin != target for origin in origins.get(target, ())):
                return True
        return False

    def cheapest_closure(i, j):
        best = None
        for start, target in arcs_of(i, j):
            dist = {start: 0}
            back = {}
            heap = [(0, start)]
            while heap:
                d, node = heapq.heappop(heap)
                if d > dist.get(node, d):
                    continue
                if node == target:
                    break
                for nxt, cell, c in neighbours(node, (i, j), True):
                    nd = d + c
                    if nd < dist.get(nxt, nd + 1):
                        dist[nxt] = nd
                        back[nxt] = (node, cell)
                        heapq.heappush(heap, (nd, nxt))
            if target in dist and (best is None or dist[target] < best[0]):
                path, node = [], target
                while node != start:
                    node, cell = back[node]
                    path.append(cell)
                best = (dist[target], path)
        return None if best is None else best[1]

    order = sorted(zip(*np.nonzero(must_protect), strict=True), key=lambda ij: (x[ij], ij))
    for i, j in order:
        i, j = int(i), int(j)
        if has_cycle(i, j):
            continue
        path = cheapest_closure(i, j)
        if path is None:
            raise DisclosureInfeasible(
                "no way to protect a suppressed figure without hiding one published elsewhere"
            )
        for cell in path:
            if not unknown[cell]:
                suppressed[cell] = True
                unknown[cell] = True
                candidate[cell] = False
                add_unknown_arcs(*cell)


def _reached_from(arcs, start) -> dict[int, list[int]]:
    """For every node reached from a node one arc from ``start`` (a "first" node) along
    ``arcs`` without passing through ``start``: up to two of the first nodes it is reached
    from. Each node passes on every first node it keeps and keeps at most two, so a node
    reached from two or more first nodes keeps two of them (if it kept one only, everything
    before it on a path would hold that one only, back to the path's own first node), and a
    node reached from one keeps that one: enough to tell whether a node is reached from a
    first node other than itself. Each node is queued at most twice."""
    kept: dict[int, list[int]] = {}
    queue = deque()
    for first, _cell in arcs[start]:
        kept[first] = [first]
        queue.append((first, first))
    while queue:
        node, first = queue.popleft()
        for nxt, _cell in arcs[node]:
            if nxt == start:
                continue
            got = kept.setdefault(nxt, [])
            if len(got) < 2 and first not in got:
                got.append(first)
                queue.append((nxt, first))
    return kept


def _assemble(
    frame, x, displayed, suppressed, policy, shares_within, row_totals, column_totals
) -> PublishedTable:
    rows, cols = frame.shape

    def denominator(i, j):
        if shares_within == "column":
            return rows, j
        if shares_within == "row":
            return i, cols
        return None

    def published(i, j) -> PublishedCell:
        den = denominator(i, j)
        if suppressed[i, j]:
            return PublishedCell(symbol=SUPPRESSED, percent_symbol=SUPPRESSED if den else "")
        rounded = policy.round_count(int(x[i, j]))
        count, symbol = (None, ROUNDS_TO_ZERO) if rounded == 0 and x[i, j] > 0 else (rounded, "")
        percent, percent_symbol = None, ""
        if den is not None and displayed[den]:
            base = int(x[den])
            if suppressed[den]:
                percent_symbol = SUPPRESSED
            elif base == 0:
                percent_symbol = NOT_APPLICABLE
            elif base < policy.min_percentage_base:
                percent_symbol = LOW_RELIABILITY
            else:
                percent = policy.percent(int(x[i, j]), base)
                if percent == 0 and x[i, j] > 0:
                    percent, percent_symbol = None, ROUNDS_TO_ZERO
        return PublishedCell(
            count=count, symbol=symbol, percent=percent, percent_symbol=percent_symbol
        )

    cells = tuple(tuple(published(i, j) for j in range(cols)) for i in range(rows))
    return PublishedTable(
        row_labels=tuple(frame.index),
        column_labels=tuple(frame.columns),
        cells=cells,
        policy=policy,
        row_totals=tuple(published(i, cols) for i in range(rows)) if row_totals else None,
        column_totals=tuple(published(rows, j) for j in range(cols)) if column_totals else None,
        grand_total=published(rows, cols) if displayed[rows, cols] else None,
    )
