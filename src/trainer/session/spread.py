"""Live reach of a drill's complaints: reshare cascades that a good public reply damps and silence feeds.

A scripted mention with `spread` carries a cascade drawn when the session starts, so its draws never depend
on what the trainee does; a customer's public complaint about being ignored or fobbed off grows a cascade of
its own when it is posted, with the branching boosted by `policies.replies.silence_boost`. A public reply
that answers (not a deflection) thins every later reshare to `policies.replies.keep_reshares`, the same rule
the engine applies after a run. Without `viral.enabled` a post reaches its author's followers and no one
else.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from sim.cascade import CascadeParams, Cascades, grow, thin_after_reply
from sim.scenarios import Scenario
from sim.scenarios.base import Kind


@dataclass
class _Root:
    """A spreading post, its kept reshares held as a running total (rebuilt when a reply damps it)."""

    posted: float
    cascade: Cascades
    damped_at: float = np.inf
    _times: list[float] | None = None
    _running: list[float] | None = None

    def damp(self, at: float) -> None:
        self.damped_at = at
        self._times = self._running = None

    def reshare_reach(self, at: float, keep_prob: float) -> float:
        """Followers of the kept reshares posted by `at`: a binary search, since the app asks every tick.

        Plain lists and `bisect`: a call per spreading post per tick, where NumPy's per-call overhead
        outweighed the search itself.
        """
        if self._times is None or self._running is None:
            keep = thin_after_reply(self.cascade, self.damped_at, keep_prob)
            keep[self.cascade.parent < 0] = False  # the author's own followers count elsewhere
            order = np.argsort(self.cascade.time[keep], kind="stable")
            self._times = self.cascade.time[keep][order].tolist()
            self._running = np.cumsum(self.cascade.followers[keep][order], dtype=np.float64).tolist()
        count = bisect.bisect_right(self._times, at)
        return self._running[count - 1] if count else 0.0


class Spread:
    """The cascades of one drill, by the mention whose conversation they belong to."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator, end: float) -> None:
        viral = scenario.viral
        self._params = CascadeParams.of(viral) if viral.enabled else None
        self._kind_factor = viral.kind_factor
        self._keep = scenario.policies.replies.keep_reshares
        self._boost = scenario.policies.replies.silence_boost
        self._rng = rng
        self._end = end
        self._roots: dict[str, list[_Root]] = {}

    def post(self, owner: str, at: float, followers: int, kind: Kind, branching: float | None = None) -> None:
        """A spreading post: a scripted viral complaint (`branching` fixed) or a customer's public
        complaint about their treatment (branching drawn for the kind, boosted)."""
        if self._params is None:
            return
        multiplier = 1.0 if branching is not None else self._kind_factor.get(kind, 1.0) * self._boost
        cascade = grow(
            [at],
            [followers],
            self._params,
            self._rng,
            branching_multiplier=multiplier,
            branching=None if branching is None else [branching],
            end_time=self._end,
        )
        self._roots.setdefault(owner, []).append(_Root(at, cascade))

    def damp(self, owner: str, at: float) -> None:
        """A good public reply at `at`: every later reshare of the owner's posts so far is thinned."""
        for root in self._roots.get(owner, []):
            if root.posted <= at and root.damped_at == np.inf:
                root.damp(at)

    def reshare_reach(self, owner: str, at: float) -> int:
        """People reached through reshares of the owner's posts by `at` (the authors' own followers aside)."""
        roots = self._roots.get(owner)
        if not roots:  # most posts never spread: the app asks for each of them every tick
            return 0
        total = 0.0
        for root in roots:
            if root.posted <= at:
                total += root.reshare_reach(at, self._keep)
        return round(total)
