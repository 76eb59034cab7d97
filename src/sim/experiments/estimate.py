"""What a run will cost before it starts: mentions, records, memory and time, from the scenario alone.

A valid scenario can still ask for more than a machine holds (240 million mentions a day, a 100-year horizon,
ten million agents, a supercritical cascade with a vast audience cap); without an estimate the run allocates
until it dies with MemoryError minutes later. The estimate here is arithmetic on the scenario's own figures,
so it costs microseconds and runs before anything is drawn. It is an upper-side estimate: surges are counted
as if they hit every region and kind, and a cascade is counted at its mean size (or at its audience cap when
it is supercritical). The per-mention and per-agent costs were measured on the bundled scenarios.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from sim.cascade import CascadeParams, expected_size
from sim.scenarios import Scenario

PEAK_BYTES_PER_MENTION = 400
"""Peak memory of one replication per mention (measured: 360 B, global_airline, 30,000 a day, 28 days)."""
RECORD_BYTES_PER_MENTION = 120
"""Memory of one mention's record kept after its replication (the record arrays: 110 B measured)."""
BYTES_PER_AGENT = 4096
"""Memory of one agent's SimPy process and roster (assumed; a few Python objects and its shift list)."""
CPU_SECONDS_PER_MENTION = 6e-6
"""CPU time per mention (measured: 5.4 µs for global_airline at 30,000 a day, on the development machine)."""
MEMORY_SHARE = 0.75
"""Share of the machine's available memory a run may plan to use; the rest is for the system."""
ASSUMED_MEMORY_BYTES = 4 * 2**30
"""Memory assumed available when the system does not say (4 GiB)."""
MAX_OFFERED_ERLANGS = 100_000.0
"""The largest offered load `erlang` sizes (assumed: the largest care desks staff a few thousand agents)."""
MAX_SWEEP_POINTS = 10_000
"""The most combinations a sweep may run (assumed; a million points would build a million scenarios)."""


@dataclass(frozen=True)
class RunEstimate:
    """The expected size of running a scenario: per replication, and for all replications together."""

    mentions: float
    """Mentions per replication, reshares included."""
    agents: int
    """Agents on the roster (the sum over teams and shifts)."""
    replications: int
    """Replications kept in memory together."""
    peak_bytes: float
    """Peak memory: one replication running plus the records of the others kept."""
    cpu_seconds: float
    """CPU time of all replications."""

    def describe(self) -> str:
        """One line a person can read: the figures and what they mean."""
        return (
            f"about {_count(self.mentions)} mentions per replication x {self.replications}, "
            f"{_count(self.agents)} agents: about {_bytes(self.peak_bytes)} of memory and "
            f"{_duration(self.cpu_seconds)} of CPU"
        )


def estimate_run(scenario: Scenario, replications: int = 1) -> RunEstimate:
    """The expected mentions, memory and time of `replications` runs of `scenario`."""
    mentions = _organic_mentions(scenario) * (1 + _reshares_per_post(scenario)) + _scripted_mentions(scenario)
    agents = _agents(scenario)
    kept = max(replications - 1, 0) * mentions * RECORD_BYTES_PER_MENTION
    peak = mentions * PEAK_BYTES_PER_MENTION + agents * BYTES_PER_AGENT + kept
    return RunEstimate(
        mentions, agents, replications, peak, mentions * replications * CPU_SECONDS_PER_MENTION
    )


def run_refusal(scenario: Scenario, replications: int = 1, available: float | None = None) -> str | None:
    """Why these runs cannot fit this machine, naming the knobs to turn; None when they fit."""
    figures = estimate_run(scenario, replications)
    budget = MEMORY_SHARE * (available_memory() if available is None else available)
    if figures.peak_bytes <= budget:
        return None
    return (
        f"this run would not fit in memory: {figures.describe()}, and this machine has about "
        f"{_bytes(budget)} to give. Lower traffic.volume_per_day (or the regions' volume_per_day), "
        "meta.duration, the agents of staffing.teams, viral.audience_cap or --replications"
    )


def erlang_refusal(arrivals_per_hour: float, handle_minutes: float) -> str | None:
    """Why `erlang` cannot size this load (not finite, or beyond any care desk); None when it can."""
    load = arrivals_per_hour * handle_minutes / 60
    if not math.isfinite(arrivals_per_hour) or not math.isfinite(load):
        return "--arrivals-per-hour and --aht must be finite numbers"
    if load > MAX_OFFERED_ERLANGS:
        return (
            f"{arrivals_per_hour:g} arrivals an hour of {handle_minutes:g} minutes each offer {load:.3g} "
            f"Erlangs of work (at most {MAX_OFFERED_ERLANGS:,.0f} are sized: "
            "lower --arrivals-per-hour or --aht)"
        )
    return None


def available_memory() -> float:
    """The memory this machine has free for a run, in bytes (MemAvailable on Linux)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return float(ASSUMED_MEMORY_BYTES)


def _organic_mentions(scenario: Scenario) -> float:
    """Drawn mentions: the mean daily volume over the period, with every surge's extra traffic added."""
    duration = scenario.meta.duration
    per_day = scenario.traffic.volume_per_day or 0.0
    if any(region.volume_per_day is not None for region in scenario.regions):
        per_day = sum(region.volume_per_day or 0.0 for region in scenario.regions)
    surges = scenario.traffic.surges
    extra = sum((s.multiplier - 1) * min(s.duration, duration) for s in surges if s.multiplier > 1)
    return per_day * (duration + extra) / 1440


def _reshares_per_post(scenario: Scenario) -> float:
    """Mean reshares per drawn post: n/(1-n) for a subcritical mean branching n, the audience cap above it."""
    viral = scenario.viral
    if not viral.enabled:
        return 0.0
    mean_branching = viral.branching_a / (viral.branching_a + viral.branching_b)
    branching = mean_branching * max(viral.kind_factor.values(), default=1.0)
    cap = viral.audience_cap
    if branching >= 1:
        return float(cap) if cap is not None else viral.max_branching / (1 - viral.max_branching)
    return min(branching / (1 - branching), cap if cap is not None else math.inf)


def _scripted_mentions(scenario: Scenario) -> float:
    """Scripted viral complaints at their mean cascade size, or at the audience cap when supercritical."""
    viral = scenario.viral
    if not viral.events:
        return 0.0
    sizes = expected_size(
        [event.followers for event in viral.events],
        [event.branching for event in viral.events],
        CascadeParams.of(viral),
    )
    cap = viral.audience_cap if viral.audience_cap is not None else math.inf
    return float(sum(min(float(size), cap + 1) for size in sizes))


def _agents(scenario: Scenario) -> int:
    staffing = scenario.staffing
    if staffing is None:
        return 0
    shifts = sum(shift.agents for team in staffing.teams for shift in team.shifts)
    hourly = sum(max(team.hourly, default=0) for team in staffing.teams if team.hourly is not None)
    return shifts + round(hourly)


def _count(value: float) -> str:
    for size, unit in ((1e9, " billion"), (1e6, " million"), (1e3, " thousand")):
        if value >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:.0f}"


def _bytes(value: float) -> str:
    for size, unit in ((2**40, "TiB"), (2**30, "GiB"), (2**20, "MiB")):
        if value >= size:
            return f"{value / size:.3g} {unit}"
    return f"{value / 2**10:.0f} KiB"


def _duration(seconds: float) -> str:
    for size, unit in ((86400 * 365, "years"), (86400, "days"), (3600, "hours"), (60, "minutes")):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.2g} seconds"
