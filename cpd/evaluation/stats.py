"""The statistics of the impact report, as plain functions over numbers.

- ``paired_change``: the mean of paired differences (after − before, per person) with a
  t-interval: mean ± t(1 − α/2, n − 1) · s / √n, s the sample standard deviation of the
  differences. This is the analysis of a pre/post design (reference policies-and-cpd.md
  §3.3: the SSWR 2023 study used t-tests on paired waves). The t quantile is scipy's.
- ``relative_likelihood``: the WRES ratio of two proportions, (a / n1) ÷ (c / n2)
  (reference §2.1, The Christie's 46.99 ÷ 14.65 = 3.21), with the usual 95% interval on the
  log scale (Katz et al. 1978): exp(ln RL ± z · √(1/a − 1/n1 + 1/c − 1/n2)).
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from scipy import stats as scipy_stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float

    def text(self, places: int = 2, signed: bool = False) -> str:
        sign = "+" if signed else ""
        return (
            f"{self.estimate:{sign}.{places}f} "
            f"({self.low:{sign}.{places}f} to {self.high:{sign}.{places}f})"
        )


def paired_change(differences, confidence: float = CONFIDENCE) -> Interval | None:
    """The mean change and its interval; None for fewer than two pairs (no spread)."""
    values = [float(d) for d in differences]
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean_interval(n, mean, math.sqrt(variance), confidence)


def mean_interval(n: int, mean: float, sd: float, confidence: float = CONFIDENCE) -> Interval:
    """The t-interval from a summary: n pairs, their mean and sample standard deviation."""
    half = _t_quantile(1 - (1 - confidence) / 2, n - 1) * sd / math.sqrt(n)
    return Interval(float(mean), float(mean - half), float(mean + half))


@lru_cache(maxsize=4096)
def _t_quantile(p: float, df: int) -> float:
    # scipy's quantile costs about 2 ms a call; a report asks for the same few many times.
    return float(scipy_stats.t.ppf(p, df))


@lru_cache(maxsize=16)
def _z_quantile(p: float) -> float:
    # The same quantile for every line of a report; scipy's costs about a millisecond a call.
    return float(scipy_stats.norm.ppf(p))


def relative_likelihood(
    a: int, n1: int, c: int, n2: int, confidence: float = CONFIDENCE
) -> Interval | None:
    """Likelihood of group 1 (a of n1) over group 2 (c of n2). None when either proportion
    is 0 or undefined (the ratio or its log interval would be infinite)."""
    if min(a, c) <= 0 or n1 <= 0 or n2 <= 0:
        return None
    rl = (a / n1) / (c / n2)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    z = _z_quantile(1 - (1 - confidence) / 2)
    return Interval(rl, math.exp(math.log(rl) - z * se), math.exp(math.log(rl) + z * se))
