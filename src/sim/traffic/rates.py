"""Arrival rates: each region's mentions per minute as a piecewise-constant function of the run's UTC minutes.

lambda_r(t) = V_r * weekly[d] / mean(weekly) * share_d(h) / 60 * trend_r(t) * surge multipliers, where h and d
are the local hour and local day of the week at UTC minute t, share_d is that day's curve (its own curve in
`day_curves`, else the weekday or weekend curve) and trend_r the region's compounding weekly growth around
the run's middle (mean 1 over the run). The pieces break at every local hour (found through
the region's `ZoneClock`, so 09:00 stays 09:00 local across daylight saving and half-hour zones work), at
every offset change and at every surge edge: a burst shorter than an hour keeps its exact length.

Daylight-saving rule: every UTC instant takes the rate of the local hour its clock shows. On the
spring-forward day the skipped local hour has no traffic (the day has 23 hours and loses that hour's share);
on the fall-back day the repeated local hour happens twice at its full rate (the day has 25 hours and gains
that hour's share). People post by their clocks, and this keeps every other hour of both days exactly as on
any other day.

Surges that name kinds change the mix while they last, so kinds are grouped by the surges that cover them:
each group gets its own rate (the sum of its kinds' shares times its surges) and draws its kinds from its own
shares. Without kind-specific surges there is one group per region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.curves import hourly_shares
from sim.scenarios import KINDS, Scenario
from sim.scenarios.world import Region, Surge
from sim.traffic.clock import ZoneClock, local_hour, local_weekday

WEEK_MINUTES = 7 * 1440.0


@dataclass(frozen=True)
class RateBlock:
    """Mentions of one region and one group of kinds that share their surges."""

    region: int
    """Index into `scenario.regions`."""
    kinds: NDArray[np.int8]
    """Kinds of this group (indices into `KINDS`)."""
    kind_shares: NDArray[np.float64]
    """Probability of each of `kinds` among this group's mentions."""
    edges: NDArray[np.float64]
    """Run minutes where the rate may change, from 0 to the run's duration."""
    rate: NDArray[np.float64]
    """Mentions per minute between consecutive edges."""


def region_clocks(scenario: Scenario) -> list[ZoneClock]:
    """The local clock of every region over the run."""
    meta = scenario.meta
    return [ZoneClock.for_run(r.timezone, meta.start, meta.duration) for r in scenario.regions]


def rate_blocks(scenario: Scenario, clocks: list[ZoneClock]) -> list[RateBlock]:
    """Every region's rate, split into groups of kinds that share their surges."""
    duration = scenario.meta.duration
    volumes = scenario.region_volumes()
    weekly = np.asarray(scenario.traffic.weekly, dtype=np.float64)
    day_factor = weekly / weekly.mean()
    blocks = []
    for index, (region, clock) in enumerate(zip(scenario.regions, clocks, strict=True)):
        surges = [s for s in scenario.traffic.surges if s.regions is None or region.name in s.regions]
        edges = _edges(clock, surges, duration)
        middles = (edges[:-1] + edges[1:]) / 2
        base = (
            volumes[region.name]
            / 60.0
            * _daily_profile(region, day_factor, clock.local_epoch(middles))
            * trend_factor(region.trend_per_week, middles, duration)
        )
        for group, kinds in _kind_groups(scenario, surges).items():
            shares = np.asarray([scenario.traffic.mix.get(KINDS[k], 0.0) for k in kinds])
            multiplier = np.ones_like(middles)
            for surge_index in group:
                multiplier *= _surge_factor(surges[surge_index], middles)
            blocks.append(
                RateBlock(
                    region=index,
                    kinds=np.asarray(kinds, dtype=np.int8),
                    kind_shares=shares / shares.sum(),
                    edges=edges,
                    rate=base * shares.sum() * multiplier,
                )
            )
    return blocks


def _edges(clock: ZoneClock, surges: list[Surge], duration: float) -> NDArray[np.float64]:
    surge_edges = np.asarray([t for s in surges for t in (s.start, s.start + s.duration)], dtype=np.float64)
    edges = np.concatenate(([0.0, duration], clock.hour_edges(duration), surge_edges))
    return np.unique(np.clip(edges, 0.0, duration))


def _daily_profile(
    region: Region, day_factor: NDArray[np.float64], local_epoch: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Share of an average day's volume per hour at each local time: weekly factor times hourly share."""
    weekday = local_weekday(local_epoch)
    curves = np.stack([hourly_shares(*region.curve_on(day)) for day in range(7)])
    return day_factor[weekday] * curves[weekday, local_hour(local_epoch)]


def trend_factor(trend_per_week: float, minutes: NDArray[np.float64], duration: float) -> NDArray[np.float64]:
    """(1 + trend) ** (weeks from the run's middle), divided by its mean over the run (so the run's mean day
    keeps its volume): the growth `Region.trend_per_week` describes."""
    if trend_per_week == 0:
        return np.ones_like(minutes)
    rate = math.log1p(trend_per_week) / WEEK_MINUTES
    half = rate * duration / 2
    return np.exp(rate * (minutes - duration / 2)) * half / math.sinh(half)


def _kind_groups(scenario: Scenario, surges: list[Surge]) -> dict[tuple[int, ...], list[int]]:
    """Kinds with a share above 0, keyed by the surges (indices into `surges`) that raise them."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for k, kind in enumerate(KINDS):
        if scenario.traffic.mix.get(kind, 0.0) > 0:
            covering = tuple(i for i, s in enumerate(surges) if s.kinds is None or kind in s.kinds)
            groups.setdefault(covering, []).append(k)
    return groups


def _surge_factor(surge: Surge, middles: NDArray[np.float64]) -> NDArray[np.float64]:
    active = (middles >= surge.start) & (middles < surge.start + surge.duration)
    return np.where(active, surge.multiplier, 1.0)
