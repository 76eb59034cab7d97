"""Handle times: drawn vectorised from the `service` generator, never one numpy call per conversation turn.

First turns are drawn up front as one column per distinct handle-time table (teams sharing a table share the
column: a mention is handled by one team only). Later turns and back-office work happen for a minority of
mentions at times the queue decides, so they come from small pre-drawn chunks per (team, kind).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from sim.scenarios import KINDS
from sim.scenarios.operations import HandleTime, Team

CHUNK = 1024
"""Draws per refill of a (team, kind) chunk."""

HandleTable = tuple[HandleTime, ...]
"""A team's handle time for each kind, in `KINDS` order."""


def handle_table(team: Team) -> HandleTable:
    """The team's handle time per kind, in `KINDS` order, each mean stretched by the team's concurrency
    slowdown (`Team.handle_time_factor`): what a conversation takes while the agent holds its others."""
    factor = team.handle_time_factor
    specs = (team.handle_time_for(kind) for kind in KINDS)
    if factor == 1.0:
        return tuple(specs)
    return tuple(spec.model_copy(update={"mean": spec.mean * factor}) for spec in specs)


def draw_handle_times(spec: HandleTime, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """`size` handle times in minutes from the spec: exponential, lognormal, gamma (mean and cv) or fixed."""
    mean, cv = spec.mean, spec.cv
    if _is_fixed(spec):
        return np.full(size, mean)
    if spec.dist == "exponential":
        return rng.exponential(mean, size)
    if spec.dist == "lognormal":
        mu, sigma = _lognormal(mean, cv)
        return rng.lognormal(mu, sigma, size)
    shape, scale = _gamma(mean, cv)
    return rng.gamma(shape, scale, size)


def handle_time_cdf(spec: HandleTime, minutes: float) -> float:
    """P(a handle time drawn by `draw_handle_times` is at most `minutes`)."""
    from scipy import stats

    if _is_fixed(spec):
        return 1.0 if minutes >= spec.mean else 0.0
    if spec.dist == "exponential":
        return float(stats.expon.cdf(minutes, scale=spec.mean))
    if spec.dist == "lognormal":
        mu, sigma = _lognormal(spec.mean, spec.cv)
        return float(stats.lognorm.cdf(minutes, s=sigma, scale=math.exp(mu)))
    shape, scale = _gamma(spec.mean, spec.cv)
    return float(stats.gamma.cdf(minutes, a=shape, scale=scale))


def _is_fixed(spec: HandleTime) -> bool:
    return spec.dist == "fixed" or (spec.dist != "exponential" and spec.cv == 0)


def _lognormal(mean: float, cv: float) -> tuple[float, float]:
    """(mu, sigma) of the normal under a lognormal with this mean and coefficient of variation."""
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def _gamma(mean: float, cv: float) -> tuple[float, float]:
    """(shape, scale) of a gamma with this mean and coefficient of variation."""
    shape = 1.0 / (cv * cv)
    return shape, mean / shape


def draw_by_kind(table: HandleTable, kind: NDArray[np.int8], rng: np.random.Generator) -> NDArray[np.float64]:
    """One handle time per mention, each from its kind's distribution."""
    out = np.empty(len(kind), dtype=np.float64)
    for index, spec in enumerate(table):
        where = np.flatnonzero(kind == index)
        if len(where):
            out[where] = draw_handle_times(spec, len(where), rng)
    return out


class ChunkedDraws:
    """Handle times for one team, per kind, served one at a time from pre-drawn chunks."""

    def __init__(self, table: HandleTable, rng: np.random.Generator) -> None:
        self._table = table
        self._rng = rng
        self._chunks: list[list[float]] = [[] for _ in KINDS]

    def next(self, kind: int) -> float:
        """The next handle time of this kind."""
        chunk = self._chunks[kind]
        if not chunk:
            chunk.extend(draw_handle_times(self._table[kind], CHUNK, self._rng)[::-1].tolist())
        return chunk.pop()


class UnitExponentials:
    """Standard exponential variates served one at a time from pre-drawn chunks (reply delays)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._chunk: list[float] = []

    def next(self) -> float:
        """The next Exp(1) variate."""
        if not self._chunk:
            self._chunk = self._rng.exponential(1.0, CHUNK).tolist()
        return self._chunk.pop()
