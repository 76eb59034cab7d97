"""Marks of root mentions besides time and kind: channel, network, tagging and the author's followers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from sim.mentions import NETWORKS
from sim.scenarios import CHANNELS
from sim.scenarios.world import AuthorFollowers, Traffic
from sim.traffic.arrivals import categorical

PUBLIC_POST = CHANNELS.index("public_post")
T = TypeVar("T", bound=str)


def channels(traffic: Traffic, count: int, rng: np.random.Generator) -> NDArray[np.int8]:
    """Channel of each mention (indices into `CHANNELS`)."""
    return categorical(_shares(traffic.channels, CHANNELS), count, rng)


def networks(traffic: Traffic, count: int, rng: np.random.Generator) -> NDArray[np.int8]:
    """Network of each mention (indices into `NETWORKS`); a Facebook private message stands for Messenger."""
    return categorical(_shares(traffic.networks, NETWORKS), count, rng)


def tagged(traffic: Traffic, channel: NDArray[np.int8], rng: np.random.Generator) -> NDArray[np.bool_]:
    """Whether each mention tags the brand.

    Only a post of the customer's own can leave the handle out; a comment under the brand's post or a private
    message reaches the brand's inbox anyway.
    """
    untagged = rng.random(len(channel)) < traffic.untagged_share
    return (channel != PUBLIC_POST) | ~untagged


def main_network(traffic: Traffic) -> int:
    """The network with the largest share (where a scripted viral complaint is posted)."""
    return NETWORKS.index(max(traffic.networks, key=lambda name: traffic.networks[name]))


def followers(model: AuthorFollowers, count: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """Authors' followers: a lognormal around `median`, mixed with power users around `power_user_median`.

    Both parts share `sigma`, so power users spread over two orders of magnitude as ordinary authors do.
    The arithmetic runs in place on the normal draws: millions of authors, one buffer.
    """
    power = rng.random(count) < model.power_user_share
    drawn = rng.standard_normal(count)
    drawn *= model.sigma
    np.exp(drawn, out=drawn)
    drawn *= np.where(power, model.power_user_median, model.median)
    return np.rint(drawn, out=drawn).astype(np.int64)


def _shares(mix: Mapping[T, float], names: tuple[T, ...]) -> NDArray[np.float64]:
    return np.asarray([mix.get(name, 0.0) for name in names], dtype=np.float64)
