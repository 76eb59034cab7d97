"""Per-practice proficiency over a trainee's history, weighted towards recent drills.

A trainee who once struggled with deflection and has answered well for the last five drills is proficient
now; an average over all attempts would keep holding the old drills against them. Each drill's weight halves
every `HALF_LIFE` drills back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HALF_LIFE = 3.0
"""Drills after which an attempt counts half as much."""

LEVELS: tuple[tuple[float, str], ...] = (
    (90.0, "excellent"),
    (75.0, "proficient"),
    (50.0, "developing"),
    (0.0, "needs work"),
)


@dataclass(frozen=True)
class Proficiency:
    """How well a trainee follows one practice."""

    practice: str
    score: float
    """0-100, recency-weighted."""
    level: str
    drills: int
    """Drills that exercised the practice."""
    latest: float
    """Score in the most recent drill that exercised it."""


def proficiency(history: Sequence[Mapping[str, tuple[float, float]]]) -> list[Proficiency]:
    """Proficiency per practice from each drill's (met weight, applicable weight) tallies, oldest first."""
    practices = sorted({p for tallies in history for p in tallies})
    result = []
    for practice in practices:
        attempts = [
            (len(history) - 1 - i, tallies[practice][0] / tallies[practice][1])
            for i, tallies in enumerate(history)
            if practice in tallies and tallies[practice][1] > 0
        ]
        if not attempts:
            continue
        weights = [0.5 ** (age / HALF_LIFE) for age, _ in attempts]
        value = 100.0 * sum(w * s for w, (_, s) in zip(weights, attempts, strict=True)) / sum(weights)
        level = next(name for floor, name in LEVELS if value >= floor)
        result.append(
            Proficiency(practice, round(value, 1), level, len(attempts), round(100.0 * attempts[-1][1], 1))
        )
    return result
