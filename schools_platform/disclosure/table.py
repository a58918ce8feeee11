"""A published table: labels and PublishedCells only (no true counts), ready to render."""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace

from .cells import PublishedCell
from .policy import DisclosurePolicy

# The label of a totals row or column, in keys such as (TOTAL, "white").
TOTAL = "total"


@dataclass(frozen=True)
class PublishedTable:
    row_labels: tuple[Hashable, ...]
    column_labels: tuple[Hashable, ...]
    cells: tuple[tuple[PublishedCell, ...], ...]
    policy: DisclosurePolicy
    row_totals: tuple[PublishedCell, ...] | None = None
    column_totals: tuple[PublishedCell, ...] | None = None
    grand_total: PublishedCell | None = None

    def _row_index(self, row) -> int:
        return self.row_labels.index(row)

    def _column_index(self, column) -> int:
        return self.column_labels.index(column)

    def cell(self, row, column) -> PublishedCell:
        """Any cell, with TOTAL naming a totals row or column."""
        if row == TOTAL and column == TOTAL:
            return self.grand_total or PublishedCell.unavailable()
        if row == TOTAL:
            if self.column_totals is None:
                return PublishedCell.unavailable()
            return self.column_totals[self._column_index(column)]
        if column == TOTAL:
            if self.row_totals is None:
                return PublishedCell.unavailable()
            return self.row_totals[self._row_index(row)]
        return self.cells[self._row_index(row)][self._column_index(column)]

    def column(self, column) -> dict:
        return {row: self.cell(row, column) for row in self.row_labels}

    def row(self, row) -> dict:
        return {column: self.cell(row, column) for column in self.column_labels}

    def all_cells(self):
        """(row, column, cell) for every published figure, totals included."""
        for i, row in enumerate(self.row_labels):
            for j, column in enumerate(self.column_labels):
                yield row, column, self.cells[i][j]
        if self.row_totals is not None:
            for row, cell in zip(self.row_labels, self.row_totals, strict=True):
                yield row, TOTAL, cell
        if self.column_totals is not None:
            for column, cell in zip(self.column_labels, self.column_totals, strict=True):
                yield TOTAL, column, cell
        if self.grand_total is not None:
            yield TOTAL, TOTAL, self.grand_total

    @property
    def suppressed_count(self) -> int:
        return sum(1 for _r, _c, cell in self.all_cells() if cell.is_suppressed)

    @property
    def needs_no_suppression(self) -> bool:
        return self.suppressed_count == 0

    def transpose(self) -> "PublishedTable":
        return PublishedTable(
            row_labels=self.column_labels,
            column_labels=self.row_labels,
            cells=tuple(zip(*self.cells, strict=True)) if self.cells else (),
            policy=self.policy,
            row_totals=self.column_totals,
            column_totals=self.row_totals,
            grand_total=self.grand_total,
        )

    def without_percentages(self) -> "PublishedTable":
        def strip(cell):
            return replace(cell, percent=None, percent_symbol="")

        return PublishedTable(
            row_labels=self.row_labels,
            column_labels=self.column_labels,
            cells=tuple(tuple(strip(c) for c in row) for row in self.cells),
            policy=self.policy,
            row_totals=None if self.row_totals is None else tuple(map(strip, self.row_totals)),
            column_totals=None
            if self.column_totals is None
            else tuple(map(strip, self.column_totals)),
            grand_total=None if self.grand_total is None else strip(self.grand_total),
        )

    def records(self, *, row_name="row", column_name="column") -> list[dict]:
        """Long format for CSV, XLSX and JSON: one dict per published figure."""
        return [
            {
                row_name: row,
                column_name: column,
                "count": cell.value,
                "percent": cell.percent_value
                if (cell.percent is not None or cell.percent_symbol)
                else None,
            }
            for row, column, cell in self.all_cells()
        ]


def combine_columns(lines: Mapping[Hashable, PublishedTable]) -> PublishedTable:
    """Side by side, tables that were each published as one column (with its total).

    Each column keeps exactly the cells its own publication gave it, so a figure reads the
    same wherever it appears (a page, its trend, an export): no figure is published twice
    with different suppression.
    """
    if not lines:
        raise ValueError("nothing to combine")
    tables = list(lines.values())
    first = tables[0]
    for table in tables:
        if len(table.column_labels) != 1 or table.row_labels != first.row_labels:
            raise ValueError("combine_columns needs one-column tables with the same rows")
        if table.policy != first.policy:
            raise ValueError("combine_columns needs tables published under the same policy")
    has_totals = all(t.column_totals is not None for t in tables)
    return PublishedTable(
        row_labels=first.row_labels,
        column_labels=tuple(lines.keys()),
        cells=tuple(tuple(t.cells[i][0] for t in tables) for i in range(len(first.row_labels))),
        policy=first.policy,
        column_totals=tuple(t.column_totals[0] for t in tables) if has_totals else None,
    )
