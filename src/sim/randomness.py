"""One source of randomness per run, split into independent streams by purpose.

Every draw in a run comes from generators derived from the scenario seed and the replication number
(`numpy.random.SeedSequence`), never from global state or from the worker that happens to run it: the same
seed and replication give the same result in any process, on any executor. Each purpose has its own stream,
so adding draws to one part (say, author names) never shifts the draws of another (arrival times); and
variants of a scenario share the streams of a replication (common random numbers), which keeps differences
between variants sharp.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_PURPOSES = ("arrivals", "marks", "cascades", "authors", "service", "customers")


@dataclass(frozen=True)
class RunRandomness:
    """Independent generators for one replication of one scenario."""

    arrivals: np.random.Generator
    """Arrival counts and times, kinds, channels, tagging."""
    marks: np.random.Generator
    """Authors' follower counts."""
    cascades: np.random.Generator
    """Reshare cascades."""
    authors: np.random.Generator
    """Names, handles and texts (also seeds Faker instances)."""
    service: np.random.Generator
    """Handling times and agents' breaks."""
    customers: np.random.Generator
    """Patience, follow-ups, escalations, listening and spam detection."""


def run_randomness(seed: int, replication: int = 0) -> RunRandomness:
    """The generators of replication `replication` of a scenario seeded with `seed`."""
    root = np.random.SeedSequence(entropy=seed, spawn_key=(replication,))
    children = root.spawn(len(_PURPOSES))
    return RunRandomness(*(np.random.default_rng(child) for child in children))
