"""What a published figure is: a rounded count or a GSS symbol, never the true count.

Templates, exports and the API render PublishedCell and nothing else, so the unrounded value
cannot reach them by accident: it is simply not stored here.
"""

from dataclasses import dataclass
from decimal import Decimal

# Government Statistical Service symbols (reference §3.1, DfE/EES usage).
SUPPRESSED = "c"
ROUNDS_TO_ZERO = "k"
LOW_RELIABILITY = "u"
UNAVAILABLE = "x"
NOT_APPLICABLE = "z"

SYMBOLS = {
    SUPPRESSED: "confidential: suppressed to protect people's identities",
    ROUNDS_TO_ZERO: "rounds to 0 but is not 0",
    LOW_RELIABILITY: "percentage not shown: fewer people than the minimum for a reliable share",
    UNAVAILABLE: "unavailable: no data, or withheld for another reason",
    NOT_APPLICABLE: "not applicable",
}


@dataclass(frozen=True, slots=True)
class PublishedCell:
    """One published figure: `count` is already rounded; `symbol` stands in when it is not shown.

    `percent` is computed from unrounded data, then rounded to the decimals the policy allows;
    `percent_symbol` says why it is missing.
    """

    count: int | None = None
    symbol: str = ""
    percent: Decimal | None = None
    percent_symbol: str = ""

    def __post_init__(self):
        if (self.count is None) == (not self.symbol):
            raise ValueError("a published cell holds either a count or a symbol")

    @classmethod
    def suppressed(cls) -> "PublishedCell":
        return cls(symbol=SUPPRESSED, percent_symbol=SUPPRESSED)

    @classmethod
    def unavailable(cls) -> "PublishedCell":
        return cls(symbol=UNAVAILABLE, percent_symbol=UNAVAILABLE)

    @property
    def is_suppressed(self) -> bool:
        return self.symbol == SUPPRESSED

    @property
    def is_shown(self) -> bool:
        return self.count is not None

    @property
    def value(self) -> int | str:
        """For exports and JSON: an int, or the symbol as text."""
        return self.count if self.count is not None else self.symbol

    @property
    def text(self) -> str:
        return f"{self.count:,}" if self.count is not None else self.symbol

    @property
    def percent_value(self) -> float | str:
        if self.percent is not None:
            return float(self.percent)
        return self.percent_symbol or NOT_APPLICABLE

    @property
    def percent_text(self) -> str:
        if self.percent is not None:
            return f"{self.percent}%"
        return self.percent_symbol or NOT_APPLICABLE

    def __str__(self) -> str:
        return self.text
