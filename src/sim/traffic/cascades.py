"""Reshare cascades of the root mentions: the scenario's `viral` section mapped onto `sim.cascade`.

Every root gets a cascade (most stay at size 1): its branching factor is the Beta draw times the kind's
`viral.kind_factor` (a kind left out spreads at factor 1), and a scripted viral post spreads with its own
`branching` as a fixed n*. A private message is seen by the brand alone, so nobody reshares it. Reshares
stop at `viral.horizon` after their root and at the end of the run.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sim.cascade import CascadeParams, grow
from sim.mentions import MentionStream
from sim.scenarios import CHANNELS, KINDS, Scenario


def attach_cascades(stream: MentionStream, scenario: Scenario, rng: np.random.Generator) -> MentionStream:
    """The stream with the reshare cascades of all its roots, drawn with `rng` (the `cascades` stream)."""
    viral = scenario.viral
    factors = np.asarray([viral.kind_factor.get(kind, 1.0) for kind in KINDS])
    private = stream.channel == CHANNELS.index("private_message")
    scripted = stream.viral_event >= 0
    fixed = np.full(len(stream), np.nan)
    fixed[scripted] = [viral.events[i].branching for i in stream.viral_event[scripted]]
    cascades = grow(
        stream.time,
        stream.followers,
        CascadeParams.of(viral),
        rng,
        branching_multiplier=np.where(private, 0.0, factors[stream.kind]),
        branching=fixed if scripted.any() else None,
        end_time=scenario.meta.duration,
    )
    return replace(stream, cascades=cascades)
