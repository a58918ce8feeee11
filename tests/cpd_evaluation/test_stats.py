"""The statistics on cases worked by hand."""

import math

import pytest

from cpd.evaluation.stats import paired_change, relative_likelihood


def test_paired_change_interval_worked_by_hand():
    # Differences 1, 2, 0, 1, 1: mean 1; deviations 0, 1, -1, 0, 0 so s² = 2/4 = 0.5;
    # standard error √(0.5/5) = 0.316228; t(0.975, 4) = 2.776445 (printed t tables);
    # half-width 2.776445 × 0.316228 = 0.877989.
    change = paired_change([1, 2, 0, 1, 1])
    assert change.estimate == pytest.approx(1.0)
    assert change.low == pytest.approx(1 - 0.877989, abs=1e-5)
    assert change.high == pytest.approx(1 + 0.877989, abs=1e-5)
    assert change.text(signed=True) == "+1.00 (+0.12 to +1.88)"


def test_paired_change_needs_two_pairs():
    assert paired_change([]) is None
    assert paired_change([2]) is None


def test_no_spread_gives_a_point_interval():
    change = paired_change([1, 1, 1])
    assert (change.low, change.estimate, change.high) == (1, 1, 1)


def test_relative_likelihood_the_christie_example():
    # Reference §2.1: 46.99% of White and 14.65% of BME shortlisted candidates appointed.
    rl = relative_likelihood(4699, 10000, 1465, 10000)
    assert rl.estimate == pytest.approx(3.21, abs=0.005)


def test_relative_likelihood_interval_worked_by_hand():
    # 30 of 100 against 15 of 100: RL 2; se = √(1/30 − 1/100 + 1/15 − 1/100) = √0.08 = 0.282843;
    # z = 1.959964, so exp(ln 2 ± 0.554362) = 1.1487 to 3.4822.
    rl = relative_likelihood(30, 100, 15, 100)
    assert rl.estimate == pytest.approx(2.0)
    assert rl.low == pytest.approx(2 * math.exp(-0.554362), abs=1e-4)
    assert rl.high == pytest.approx(2 * math.exp(0.554362), abs=1e-4)


def test_relative_likelihood_not_calculable_with_a_zero():
    assert relative_likelihood(0, 50, 10, 50) is None
    assert relative_likelihood(10, 50, 0, 50) is None
