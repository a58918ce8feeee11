"""The disclosure-control policy: how small a count is suppressed and how counts are rounded.

Defaults come from settings (DISCLOSURE_SUPPRESS_UP_TO, DISCLOSURE_ROUND_TO); an authority may
tighten them (Authority.suppress_up_to / round_to). Rationale and sources:
shared/reference/security-and-performance.md §3.2 and governors.md §2.6.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.conf import settings

# Percentages need a denominator of at least this many people (reference §3.2 rule 4: "such as
# 30"); below it one person moves a share by more than 3 points, and a group that small is
# where "everyone in it is X" would identify people (the group-disclosure guard uses it too).
MIN_PERCENTAGE_BASE = 30
# NHS rule: one decimal place only when the denominator is at least 4,000 (reference §3.1).
ONE_DECIMAL_BASE = 4000


@dataclass(frozen=True)
class DisclosurePolicy:
    suppress_up_to: int = 7
    round_to: int = 5
    min_percentage_base: int = MIN_PERCENTAGE_BASE

    def __post_init__(self):
        if self.suppress_up_to < 0:
            raise ValueError("suppress_up_to must be 0 or more")
        if self.round_to < 1:
            raise ValueError("round_to must be 1 or more (1 means no rounding)")
        if self.min_percentage_base < 1:
            raise ValueError("min_percentage_base must be 1 or more")

    @classmethod
    def default(cls) -> "DisclosurePolicy":
        return cls(
            suppress_up_to=settings.DISCLOSURE_SUPPRESS_UP_TO,
            round_to=settings.DISCLOSURE_ROUND_TO,
            min_percentage_base=getattr(
                settings, "DISCLOSURE_MIN_PERCENTAGE_BASE", MIN_PERCENTAGE_BASE
            ),
        )

    @classmethod
    def for_authorities(cls, authorities: Iterable) -> "DisclosurePolicy":
        """The strictest of the platform default and every authority's override.

        A table covering several councils must satisfy each council's own rule, so the highest
        threshold and the coarsest rounding win. `authorities` may be Authority objects or dicts
        with suppress_up_to / round_to keys (as values() gives them).
        """
        policy = cls.default()
        threshold, rounding = policy.suppress_up_to, policy.round_to
        for authority in authorities:
            get = authority.get if isinstance(authority, dict) else authority.__dict__.get
            threshold = max(threshold, get("suppress_up_to") or 0)
            rounding = max(rounding, get("round_to") or 0)
        return cls(
            suppress_up_to=threshold,
            round_to=rounding,
            min_percentage_base=policy.min_percentage_base,
        )

    def is_small(self, count: int) -> bool:
        """Must be suppressed: 1 to the threshold, or a count that would be shown as one."""
        return bool(self.is_small_array(np.asarray(count)))

    def is_small_array(self, counts: np.ndarray) -> np.ndarray:
        rounded = (2 * counts + self.round_to) // (2 * self.round_to) * self.round_to
        threshold = self.suppress_up_to
        return (counts >= 1) & ((counts <= threshold) | ((rounded >= 1) & (rounded <= threshold)))

    def round_count(self, count: int) -> int:
        """Round half up to a multiple of round_to, in integers (no float error)."""
        step = self.round_to
        return (2 * count + step) // (2 * step) * step

    def percent(self, count: int, base: int) -> Decimal:
        places = Decimal("0.1") if base >= ONE_DECIMAL_BASE else Decimal("1")
        return (Decimal(100 * count) / Decimal(base)).quantize(places, rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict:
        return {
            "suppress_up_to": self.suppress_up_to,
            "round_to": self.round_to,
            "min_percentage_base": self.min_percentage_base,
        }
