"""Sampling primitives: Poisson arrival times for a piecewise-constant rate, and categorical marks.

Arrival times are exact, sorted and vectorised: the number of events is Poisson with the total intensity, and
the events are the order statistics of uniforms on the cumulative-intensity axis (built from normalised
exponential spacings, so no sort is needed), mapped back to time by inverting the piecewise-linear cumulative
intensity with `np.interp`. No event is lost to binning, however short a piece of the rate is.

Each primitive comes in two steps, the draws and the arithmetic on them, so that a caller can make all its
draws first, in their fixed order, and learn how many events there are before it places any.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class PoissonDraws:
    """The random part of a Poisson process with a piecewise-constant rate: its count and spacings."""

    edges: NDArray[np.float64]
    """Times where the rate may change."""
    cumulative: NDArray[np.float64]
    """Cumulative intensity at each edge (0 at the first)."""
    spacings: NDArray[np.float64]
    """`count + 1` standard exponentials whose partial sums place the events; empty when there are none."""

    @property
    def count(self) -> int:
        """Number of events."""
        return max(len(self.spacings) - 1, 0)

    def times(self) -> NDArray[np.float64]:
        """The sorted event times.

        Given the count, the points are uniform order statistics: partial sums of count + 1 exponentials,
        scaled so that the last (unused) sum lands on the total intensity.
        """
        if self.count == 0:
            return np.empty(0, dtype=np.float64)
        points = np.cumsum(self.spacings)
        points *= self.cumulative[-1] / points[-1]
        return np.interp(points[:-1], self.cumulative, self.edges)


def draw_poisson(
    edges: NDArray[np.float64], rate: NDArray[np.float64], rng: np.random.Generator
) -> PoissonDraws:
    """The draws of a Poisson process whose rate is `rate[i]` between `edges[i]` and `edges[i+1]`."""
    cumulative = np.concatenate(([0.0], np.cumsum(rate * np.diff(edges))))
    total = float(cumulative[-1])
    count = int(rng.poisson(total)) if total > 0 else 0
    spacings = rng.standard_exponential(count + 1) if count else np.empty(0, dtype=np.float64)
    return PoissonDraws(edges=edges, cumulative=cumulative, spacings=spacings)


def categorical(probabilities: NDArray[np.float64], count: int, rng: np.random.Generator) -> NDArray[np.int8]:
    """`count` draws of category indices with the given probabilities (which sum to 1)."""
    return categories(probabilities, rng.random(count))


def categories(probabilities: NDArray[np.float64], uniform: NDArray[np.float64]) -> NDArray[np.int8]:
    """The category index of each uniform draw in [0, 1) (inversion of the cumulative probabilities).

    One comparison pass per category boundary: with a handful of categories this is several times faster
    than `searchsorted` or `Generator.choice` on millions of draws.
    """
    bounds = np.cumsum(probabilities[:-1]) / probabilities.sum()
    drawn = np.zeros(len(uniform), dtype=np.int8)
    for bound in bounds:
        drawn += uniform >= bound
    return drawn
