"""Response-time percentiles count the posts nobody answered: a desk cannot look faster by leaving them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.metrics import _quantile_with_misses


@given(
    answered=st.lists(st.floats(0, 1e4, allow_nan=False), max_size=40),
    unanswered=st.integers(0, 40),
    q=st.sampled_from([0.5, 0.9]),
)
def test_percentile_is_numpys_with_the_unanswered_as_infinitely_late(
    answered: list[float], unanswered: int, q: float
) -> None:
    ordered = np.sort(np.asarray(answered, dtype=float))
    needing = len(answered) + unanswered
    value = _quantile_with_misses(ordered, needing, q)
    if needing == 0:
        assert math.isnan(value)
        return
    padded = np.concatenate((ordered, np.full(unanswered, np.inf)))
    if unanswered == 0:
        assert value == pytest.approx(float(np.quantile(padded, q)), rel=1e-12)  # numpy's linear method
        return
    position = q * (needing - 1)
    low = int(position)
    if position == low:
        assert value == padded[low]
    else:  # interpolating towards an unanswered post never arrives
        high = padded[low + 1]
        expected = math.inf if math.isinf(high) else padded[low] + (high - padded[low]) * (position - low)
        assert value == pytest.approx(expected, rel=1e-12)


def test_p90_is_not_reached_once_a_tenth_go_unanswered() -> None:
    assert math.isfinite(_quantile_with_misses(np.arange(1.0, 92.0), 100, 0.9))  # 91 of 100 answered
    eighty_nine = np.arange(1.0, 90.0)
    assert _quantile_with_misses(eighty_nine, 100, 0.9) == math.inf
    assert _quantile_with_misses(eighty_nine, 100, 0.5) == 50.5
