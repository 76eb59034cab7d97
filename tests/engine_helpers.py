"""Engine test helpers: hand-made mention streams and small scenarios built in code.

The engine takes any `MentionStream`; homogeneous Poisson streams keep the tests independent of the traffic
generator and make the stationary case exactly the M/M/c (or M/M/c+M) queue of the Erlang formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.mentions import MentionStream
from sim.scenarios import KINDS, Scenario


def poisson_stream(
    per_hour: float,
    duration: float,
    rng: np.random.Generator,
    kinds: Sequence[str] = ("question",),
    untagged_share: float = 0.0,
    regions: int = 1,
) -> MentionStream:
    """Poisson arrivals at `per_hour` over `duration` minutes, kinds and regions uniform over those given."""
    count = rng.poisson(per_hour * duration / 60.0)
    time = np.sort(rng.uniform(0.0, duration, count))
    kind_codes = np.array([KINDS.index(k) for k in kinds], dtype=np.int8)
    return MentionStream(
        time=time,
        region=rng.integers(0, regions, count).astype(np.int16),
        kind=kind_codes[rng.integers(0, len(kind_codes), count)],
        channel=np.zeros(count, dtype=np.int8),
        network=np.zeros(count, dtype=np.int8),
        tagged=rng.random(count) >= untagged_share,
        followers=np.round(rng.lognormal(3.0, 1.2, count)).astype(np.int64),
        viral_event=np.full(count, -1, dtype=np.int16),
    )


def scenario(
    teams: list[dict[str, Any]],
    duration: str = "7d",
    start: str = "2026-03-02T00:00:00Z",
    policies: dict[str, Any] | None = None,
    targets: list[dict[str, Any]] | None = None,
    warmup: str = "0m",
    regions: Sequence[tuple[str, str]] = (("everywhere", "UTC"),),
    viral: bool = False,
) -> Scenario:
    """A validated scenario around the given teams (traffic comes from a hand-made stream)."""
    shares = 1.0 / len(regions)
    return Scenario.model_validate(
        {
            "meta": {"id": "t", "title": "t", "start": start, "duration": duration, "warmup": warmup},
            "brand": {"name": "T"},
            "regions": [{"name": n, "timezone": z, "share": shares} for n, z in regions],
            "traffic": {"volume_per_day": 100},
            "viral": {"enabled": viral},
            "staffing": {"teams": teams},
            "policies": policies or {},
            "targets": targets or [],
        }
    )


def stream_of(
    times: Sequence[float],
    kinds: Sequence[str],
    tagged: Sequence[bool] | None = None,
    followers: Sequence[int] | None = None,
) -> MentionStream:
    """A stream of exactly these mentions (times in minutes, in order)."""
    count = len(times)
    return MentionStream(
        time=np.asarray(times, dtype=np.float64),
        region=np.zeros(count, dtype=np.int16),
        kind=np.array([KINDS.index(k) for k in kinds], dtype=np.int8),
        channel=np.zeros(count, dtype=np.int8),
        network=np.zeros(count, dtype=np.int8),
        tagged=np.ones(count, dtype=bool) if tagged is None else np.asarray(tagged, dtype=bool),
        followers=np.full(count, 10, dtype=np.int64) if followers is None else np.asarray(followers),
        viral_event=np.full(count, -1, dtype=np.int16),
    )


def fixed(minutes: float) -> dict[str, Any]:
    """A handle-time table giving every kind exactly `minutes`."""
    return {"default": {"dist": "fixed", "mean": f"{minutes}m"}}


QUIET: dict[str, Any] = {
    "patience": {"mean": {}},
    "escalation": {"share": {}},
    "threads": {"follow_up": {}},
}
"""Policies with no abandonment, escalation or replies, to change one thing at a time."""
