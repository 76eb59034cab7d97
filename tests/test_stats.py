"""Confidence intervals: the t quantiles behind every 'mean ± half-width' a manager reads."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.report.rows import Row, minutes
from sim.stats import estimate, paired_difference, t_quantile

# Student t quantiles at 0.975 from published tables (six decimals).
T_975 = {
    1: 12.706205,
    2: 4.302653,
    3: 3.182446,
    4: 2.776445,
    5: 2.570582,
    9: 2.262157,
    29: 2.045230,
    120: 1.979930,
}


@pytest.mark.parametrize(("df", "expected"), sorted(T_975.items()))
def test_t_quantiles_match_tables(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=0.004)


def test_intervals_cover_the_true_mean_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(11)
    trials = 4000
    hits = 0
    for _ in range(trials):
        e = estimate(list(rng.normal(3.0, 2.0, 5)))
        hits += e.low <= 3.0 <= e.high
    # Binomial(4000, 0.95) has a standard deviation of 0.0034: four of them either side.
    assert abs(hits / trials - 0.95) < 4 * math.sqrt(0.95 * 0.05 / trials)


def test_nan_runs_are_left_out_and_single_runs_have_no_interval() -> None:
    e = estimate([1.0, math.nan, 3.0])
    assert (e.mean, e.n) == (2.0, 2)
    assert estimate([5.0]).half_width == math.inf
    assert estimate([]).n == 0


def test_paired_differences_are_sharper_than_the_means() -> None:
    rng = np.random.default_rng(3)
    common = rng.normal(100.0, 20.0, 10)
    base, variant = common + rng.normal(0, 1, 10), common + 5 + rng.normal(0, 1, 10)
    diff = paired_difference(list(variant), list(base))
    assert diff.excludes_zero()
    assert diff.half_width < estimate(list(base)).half_width / 5
    with pytest.raises(ValueError, match="same replications"):
        paired_difference([1.0], [1.0, 2.0])


def test_a_figure_some_replications_never_reached_is_unbounded_not_averaged() -> None:
    everywhere = estimate([math.inf, math.inf, math.inf])
    assert (everywhere.mean, everywhere.half_width) == (math.inf, 0.0)
    assert everywhere.excludes_zero()  # a p90 never reached is worse than any reached one
    somewhere = estimate([10.0, math.inf, 12.0])
    assert somewhere.mean == math.inf and somewhere.half_width == math.inf
    assert not somewhere.excludes_zero()


def test_a_percentile_neither_variant_reached_in_one_replication_gets_no_mark() -> None:
    """Both cells read 'not reached' (one replication never got its p90 in either variant); the other four
    pairs differ, but a mark between two cells that read the same would say what no cell shows."""

    inf = math.inf
    base, later = [inf, 50.0, 52.0, 51.0, 49.0], [inf, 61.0, 62.0, 60.0, 63.0]
    row = Row(
        "question: p90 first response", "p90", minutes,
        [estimate(base), estimate(later)], [None, paired_difference(later, base)], higher_is_better=False,
    )  # fmt: skip
    assert row.cell(0) == row.cell(1) == "not reached"
    assert row.mark(1) == "" and row.verdict(1) == "same"
    reached = Row(
        "question: p90 first response", "p90", minutes,
        [estimate(base[1:]), estimate(later[1:])], [None, paired_difference(later[1:], base[1:])],
        higher_is_better=False,
    )  # fmt: skip
    assert reached.mark(1) == "▲" and reached.verdict(1) == "worse"
