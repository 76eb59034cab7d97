"""The root mention stream of one replication: regional Poisson traffic plus scripted viral complaints.

Draw order is fixed so that a seed and a replication give the same stream in any process: arrival times and
kinds block by block (region, then kind group), then channels, networks and tagging, all from the `arrivals`
generator; followers from `marks`; cascades from `cascades`. Every warm-up mention is kept: the engine decides
what the figures count.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np

from sim.mentions import MentionStream
from sim.randomness import RunRandomness
from sim.scenarios import KINDS, Scenario
from sim.traffic import marks
from sim.traffic.arrivals import categorical, poisson_times
from sim.traffic.cascades import attach_cascades
from sim.traffic.rates import rate_blocks, region_clocks

COMPLAINT = KINDS.index("complaint")


def generate_mentions(scenario: Scenario, randomness: RunRandomness) -> MentionStream:
    """All root mentions of the run, sorted by time, with their reshare cascades when `viral.enabled`."""
    stream = _sorted([_regular(scenario, randomness), _scripted(scenario)])
    if scenario.viral.enabled:
        stream = attach_cascades(stream, scenario, randomness.cascades)
    return stream


def _regular(scenario: Scenario, randomness: RunRandomness) -> MentionStream:
    """Mentions drawn from the regional rates (not yet in time order across regions)."""
    rng = randomness.arrivals
    times, regions, kinds = [], [], []
    for block in rate_blocks(scenario, region_clocks(scenario)):
        block_times = poisson_times(block.edges, block.rate, rng)
        times.append(block_times)
        regions.append(np.full(len(block_times), block.region, dtype=np.int16))
        kinds.append(block.kinds[categorical(block.kind_shares, len(block_times), rng)])
    count = sum(len(t) for t in times)
    channel = marks.channels(scenario.traffic, count, rng)
    return MentionStream(
        time=np.concatenate(times),
        region=np.concatenate(regions),
        kind=np.concatenate(kinds),
        channel=channel,
        network=marks.networks(scenario.traffic, count, rng),
        tagged=marks.tagged(scenario.traffic, channel, rng),
        followers=marks.followers(scenario.traffic.followers, count, randomness.marks),
        viral_event=np.full(count, -1, dtype=np.int16),
    )


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
