"""The generated mention stream: one entry per post addressed to (or about) the brand, as numpy arrays.

Columns rather than objects because a year of a global brand is millions of mentions: arrays keep generation
vectorised and memory small, and the engine reads them without building a Python object per post. Reshares
are not mentions the care team answers; they live in the stream's `cascades`, aligned so that root `i` of the
cascades is mention `i`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, get_args

import numpy as np
from numpy.typing import NDArray

from sim.scenarios.base import CHANNELS, KINDS, Network

if TYPE_CHECKING:
    from sim.cascade import Cascades

NETWORKS: tuple[Network, ...] = get_args(Network)


@dataclass(frozen=True)
class MentionStream:
    """Root mentions of one run, sorted by time."""

    time: NDArray[np.float64]
    """Minutes since the scenario's start (UTC)."""
    region: NDArray[np.int16]
    """Index into `scenario.regions`."""
    kind: NDArray[np.int8]
    """Index into `KINDS`."""
    channel: NDArray[np.int8]
    """Index into `CHANNELS`."""
    network: NDArray[np.int8]
    """Index into `NETWORKS`."""
    tagged: NDArray[np.bool_]
    """Whether the post tags the brand's handle (untagged ones are found only by listening)."""
    followers: NDArray[np.int64]
    """The author's followers."""
    viral_event: NDArray[np.int16]
    """Index into `scenario.viral.events` for scripted viral complaints, else -1."""
    cascades: Cascades | None = None
    """Reshare cascades, root `i` being mention `i`; None when cascades are off."""

    def __len__(self) -> int:
        return int(self.time.shape[0])

    def kind_names(self) -> list[str]:
        """Kind of each mention as text (for output, not for hot loops)."""
        return [KINDS[k] for k in self.kind]

    def channel_names(self) -> list[str]:
        """Channel of each mention as text."""
        return [CHANNELS[c] for c in self.channel]
