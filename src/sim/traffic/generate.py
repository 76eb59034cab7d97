"""The root mention stream of one replication: regional Poisson traffic plus scripted viral complaints.

Draw order is fixed so that a seed and a replication give the same stream in any process: arrival times and
kinds block by block (region, then kind group), then channels, networks and tagging, all from the `arrivals`
generator; followers from `marks`; cascades from `cascades`. Every warm-up mention is kept: the engine decides
what the figures count.

Cascades come from their own generator, so a caller may grow them apart from the roots (`root_mentions`,
then `attach_cascades` with `randomness.cascades`) and get the same stream as `generate_mentions` gives.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.mentions import MentionStream
from sim.randomness import RunRandomness
from sim.scenarios import KINDS, Scenario
from sim.traffic import marks
from sim.traffic.arrivals import PoissonDraws, categories, draw_poisson
from sim.traffic.cascades import attach_cascades
from sim.traffic.rates import RateBlock, rate_blocks, region_clocks
from sim.traffic.recorded import recorded_mentions

COMPLAINT = KINDS.index("complaint")


@dataclass(frozen=True)
class _BlockDraws:
    """The draws of one rate block: its arrivals and a uniform per arrival for its kind."""

    block: RateBlock
    arrivals: PoissonDraws
    kind_uniform: NDArray[np.float64]


def generate_mentions(scenario: Scenario, randomness: RunRandomness) -> MentionStream:
    """All root mentions of the run, sorted by time, with their reshare cascades when `grows_cascades`."""
    roots = root_mentions(scenario, randomness)
    return attach_cascades(roots, scenario, randomness.cascades) if grows_cascades(scenario) else roots


def root_mentions(scenario: Scenario, randomness: RunRandomness) -> MentionStream:
    """All root mentions of the run sorted by time, without cascades: drawn from the regional rates plus the
    scripted viral complaints (`randomness.arrivals` and `randomness.marks`), or the recorded ones when the
    scenario names a `traffic.source`."""
    if scenario.traffic.source is not None:
        return recorded_mentions(scenario)
    drawn = _draw_blocks(scenario, randomness.arrivals)
    return _sorted([*_regular(scenario, drawn, randomness), _scripted(scenario)])


def grows_cascades(scenario: Scenario) -> bool:
    """Whether the run's root mentions get reshare cascades: with `viral.enabled`, unless they are recorded
    posts (a history holds the posts a desk saw, not the reshares of each)."""
    return scenario.viral.enabled and scenario.traffic.source is None


def _draw_blocks(scenario: Scenario, rng: np.random.Generator) -> list[_BlockDraws]:
    """Arrivals and kind uniforms of every rate block, in the fixed order (the arithmetic comes later)."""
    drawn = []
    for block in rate_blocks(scenario, region_clocks(scenario)):
        arrivals = draw_poisson(block.edges, block.rate, rng)
        drawn.append(_BlockDraws(block, arrivals, rng.random(arrivals.count)))
    return drawn


def _regular(scenario: Scenario, drawn: list[_BlockDraws], randomness: RunRandomness) -> list[MentionStream]:
    """Mentions drawn from the regional rates, one part per rate block (each in time order).

    The marks are drawn for all blocks at once and handed out as views, so `_sorted` copies every column once.
    """
    rng = randomness.arrivals
    sizes = [d.arrivals.count for d in drawn]
    count = sum(sizes)
    channel = marks.channels(scenario.traffic, count, rng)
    network = marks.networks(scenario.traffic, count, rng)
    tagged = marks.tagged(scenario.traffic, channel, rng)
    followers = marks.followers(scenario.traffic.followers, count, randomness.marks)
    parts = []
    for d, end in zip(drawn, np.cumsum(sizes), strict=True):
        mine = slice(end - d.arrivals.count, end)
        parts.append(
            MentionStream(
                time=d.arrivals.times(),
                region=np.full(d.arrivals.count, d.block.region, dtype=np.int16),
                kind=d.block.kinds[categories(d.block.kind_shares, d.kind_uniform)],
                channel=channel[mine],
                network=network[mine],
                tagged=tagged[mine],
                followers=followers[mine],
                viral_event=np.full(d.arrivals.count, -1, dtype=np.int16),
            )
        )
    return parts


def _scripted(scenario: Scenario) -> MentionStream:
    """The scenario's scripted viral complaints that fall inside the run: tagged public posts.

    They go on the network with the largest share; events outside [0, duration) do not happen.
    """
    names = [r.name for r in scenario.regions]
    chosen = [(i, e) for i, e in enumerate(scenario.viral.events) if 0 <= e.at < scenario.meta.duration]
    count = len(chosen)
    return MentionStream(
        time=np.asarray([e.at for _, e in chosen], dtype=np.float64),
        region=np.asarray([names.index(e.region) if e.region else 0 for _, e in chosen], dtype=np.int16),
        kind=np.full(count, COMPLAINT, dtype=np.int8),
        channel=np.full(count, marks.PUBLIC_POST, dtype=np.int8),
        network=np.full(count, marks.main_network(scenario.traffic), dtype=np.int8),
        tagged=np.ones(count, dtype=bool),
        followers=np.asarray([e.followers for _, e in chosen], dtype=np.int64),
        viral_event=np.asarray([i for i, _ in chosen], dtype=np.int16),
    )


def _sorted(parts: list[MentionStream]) -> MentionStream:
    """The parts as one stream in time order (a stable sort, which merges the sorted runs quickly)."""
    time = np.concatenate([p.time for p in parts])
    order = np.argsort(time, kind="stable")
    columns: dict[str, Any] = {
        f.name: np.concatenate([getattr(p, f.name) for p in parts])[order]
        for f in fields(MentionStream)
        if f.name != "cascades"
    }
    return MentionStream(**columns)
