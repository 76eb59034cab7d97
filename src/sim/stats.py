"""Confidence intervals for replicated simulation figures, without SciPy.

Managers compare policies on figures averaged over independent replications; each figure is reported as a mean
with a 95% Student-t interval. Differences between variants are paired by replication: every variant of a
replication sees the same arrivals (common random numbers), so the paired difference is far less noisy than
the two means are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist


def t_quantile(p: float, df: int) -> float:
    """Quantile `p` of Student's t with `df` degrees of freedom.

    Exact for 1 and 2 degrees of freedom; from 3 on, the Cornish-Fisher expansion of Abramowitz & Stegun
    26.7.5, within 0.01 of the exact value at 3 and closer as `df` grows (ample for reporting intervals).
    """
    if df < 1:
        raise ValueError("a t quantile needs at least 1 degree of freedom")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True)
class Estimate:
    """A mean over replications with the half-width of its confidence interval."""

    mean: float
    half_width: float
    n: int

    @property
    def low(self) -> float:
        """Lower end of the interval."""
        return self.mean - self.half_width

    @property
    def high(self) -> float:
        """Upper end of the interval."""
        return self.mean + self.half_width

    def excludes_zero(self) -> bool:
        """Whether the interval tells the value apart from zero (for differences: a real effect)."""
        return self.low > 0 or self.high < 0

    def to_dict(self) -> dict[str, float | int]:
        """JSON-ready form."""
        return {"mean": self.mean, "low": self.low, "high": self.high, "n": self.n}


def estimate(values: Sequence[float], level: float = 0.95) -> Estimate:
    """Mean and t-interval of replicated values; NaNs (a figure with nothing to measure) are left out."""
    finite = [v for v in values if not math.isnan(v)]
    n = len(finite)
    if n == 0:
        return Estimate(math.nan, math.nan, 0)
    unbounded = {v for v in finite if math.isinf(v)}
    if unbounded:
        # A figure some replications never reached (a p90 beyond every reply): the mean is that limit when
        # they agree on it, and the interval is a point only when every replication is there.
        mean = unbounded.pop() if len(unbounded) == 1 else math.nan
        return Estimate(mean, 0.0 if all(math.isinf(v) for v in finite) else math.inf, n)
    mean = math.fsum(finite) / n
    if n == 1:
        return Estimate(mean, math.inf, 1)
    variance = math.fsum((v - mean) ** 2 for v in finite) / (n - 1)
    half = t_quantile(0.5 + level / 2, n - 1) * math.sqrt(variance / n)
    return Estimate(mean, half, n)


def paired_difference(variant: Sequence[float], baseline: Sequence[float], level: float = 0.95) -> Estimate:
    """Interval of `variant - baseline`, paired by replication (common random numbers)."""
    if len(variant) != len(baseline):
        raise ValueError("paired values need the same replications")
    return estimate([v - b for v, b in zip(variant, baseline, strict=True)], level)
