"""Statistical disclosure control: the one path every aggregate of people takes to a reader.

Pure functions over pandas tables, no models. Public API:

    publish_counts(counts, *, policy=None, row_totals=False, column_totals=False,
                   shares_within=None, published_elsewhere=(), suppressed_elsewhere=())
        -> PublishedTable
    DisclosurePolicy (default(), for_authorities(...)), PublishedCell, PublishedTable, TOTAL,
    combine_columns, methodology_note, symbol_key, DisclosureInfeasible
"""

from .cells import SYMBOLS, PublishedCell
from .control import DisclosureInfeasible, publish_counts
from .methodology import methodology_note, symbol_key
from .policy import DisclosurePolicy
from .table import TOTAL, PublishedTable, combine_columns

__all__ = [
    "SYMBOLS",
    "TOTAL",
    "DisclosureInfeasible",
    "DisclosurePolicy",
    "PublishedCell",
    "PublishedTable",
    "combine_columns",
    "methodology_note",
    "publish_counts",
    "symbol_key",
]
