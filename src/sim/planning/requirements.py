"""Agents each site needs per hour of the week in its own local time: the first guess of the search.

The week is cut into quarter-hours of UTC (fine enough for Mumbai's +5:30 and Kathmandu's +5:45). Each
quarter-hour's expected mentions go to the cheapest frontline site whose people may work then (cost per
agent-hour over the conversations an agent holds and the time not lost to shrinkage), and Erlang C on that
load, for the strictest goal, gives the agents it takes. A site's need in a local hour is the largest need of
the quarter-hours it covers in it. Sites use the UTC offset at the scenario's start: the rota is local, so a
daylight-saving change inside the run moves it as it moves the people, and the simulation judges the result.

Teams that handle only some kinds (`kinds`) and back-office teams keep their rota; the planner staffs the
frontline teams that take every kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from sim.erlang import UnreachableTargetError, agents_for_reply_level, required_agents
from sim.planning.goals import Goal, PlanningError
from sim.scenarios import Scenario
from sim.scenarios.operations import Team

BIN_MINUTES = 15
WEEK_MINUTES = 7 * 1440
BINS = WEEK_MINUTES // BIN_MINUTES
HOURS = 168
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Site:
    """A frontline team the planner staffs, with what decides where it works."""

    index: int
    """Position in `staffing.teams`."""
    team: Team
    offset: int
    """Local time minus UTC at the scenario's start, in minutes."""
    hourly_cost: float
    workable: NDArray[np.bool_]
    """Local hours of the week (Monday 00h first) in which the team may be rostered."""

    @property
    def name(self) -> str:
        """The team's name."""
        return self.team.name

    @property
    def slot_cost(self) -> float:
        """Cost of an hour of one conversation slot actually worked: what 'cheaper' compares."""
        return self.hourly_cost / (self.team.concurrency * (1.0 - self.team.shrinkage))

    def local_hour(self, bins: NDArray[np.int64]) -> NDArray[np.int64]:
        """The site's local hour of the week of each UTC quarter-hour."""
        return ((bins * BIN_MINUTES + self.offset) % WEEK_MINUTES) // 60


def planned_sites(scenario: Scenario) -> tuple[Site, ...]:
    """The frontline teams that take every kind, cheapest per slot first.

    Raises:
        PlanningError: when no such team exists or coverage is not 24x7.
    """
    assert scenario.staffing is not None
    if scenario.policies.coverage.mode != "24x7":
        raise PlanningError(
            f"policies.coverage.mode: is '{scenario.policies.coverage.mode}'; the planner rosters the hours "
            "each team may work (`workable`) under 24x7 coverage, so set the mode to 24x7 and state each "
            "team's workable hours instead"
        )
    sites = [
        Site(i, team, _offset(team.timezone, scenario), _cost(scenario, team), workable_hours(team))
        for i, team in enumerate(scenario.staffing.teams)
        if team.role == "frontline" and team.kinds is None
    ]
    if not sites:
        raise PlanningError(
            "staffing.teams: no frontline team takes every kind (a team with `role: frontline` and no "
            "`kinds` list), so there is no team to plan"
        )
    return tuple(sorted(sites, key=lambda s: s.slot_cost))


def _offset(zone: str, scenario: Scenario) -> int:
    offset = scenario.meta.start.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return round(offset.total_seconds() / 60)


def _cost(scenario: Scenario, team: Team) -> float:
    return scenario.costs.agent_hour if team.hourly_cost is None else team.hourly_cost


def workable_hours(team: Team) -> NDArray[np.bool_]:
    """Local hours of the week wholly inside the team's workable window (every hour without one)."""
    if team.workable is None:
        return np.ones(HOURS, dtype=bool)
    start, end = team.workable.start, team.workable.end
    length = end - start if end > start else end + 1440 - start
    minute = np.arange(24) * 60.0
    after_start = (minute - start) % 1440
    day = (after_start + 60 <= length) | (length >= 1440)
    return np.tile(day, 7)


def expected_load(scenario: Scenario) -> NDArray[np.float64]:
    """Mentions the desk will see per UTC quarter-hour of the week (Monday 00:00 first): the traffic
    model's rates, averaged over the times each quarter-hour occurs in the run.

    Untagged posts count only as far as listening finds them; cascades and follow-ups are left to the
    simulation.
    """
    from sim.traffic.rates import rate_blocks, region_clocks

    duration = scenario.meta.duration
    count = math.ceil(duration / BIN_MINUTES)
    bounds = np.minimum(np.arange(count + 1) * float(BIN_MINUTES), duration)
    per_bin = np.zeros(count)
    for block in rate_blocks(scenario, region_clocks(scenario)):
        cumulative = np.concatenate(([0.0], np.cumsum(block.rate * np.diff(block.edges))))
        per_bin += np.diff(np.interp(bounds, block.edges, cumulative))
    traffic, listening = scenario.traffic, scenario.policies.listening
    untagged = traffic.untagged_share * traffic.channels.get("public_post", 0.0)
    found = listening.coverage if listening.enabled else 0.0
    per_bin *= 1.0 - untagged * (1.0 - found)
    week_bin = (np.arange(count) + start_bin(scenario)) % BINS
    occurrences = np.bincount(week_bin, minlength=BINS)
    totals = np.bincount(week_bin, weights=per_bin, minlength=BINS)
    return np.divide(totals, occurrences, out=np.zeros(BINS), where=occurrences > 0)


def start_bin(scenario: Scenario) -> int:
    """UTC quarter-hour of the week in which the scenario starts."""
    start = scenario.meta.start
    return (start.weekday() * 1440 + start.hour * 60 + start.minute) // BIN_MINUTES


def assign_sites(sites: tuple[Site, ...], load: NDArray[np.float64]) -> NDArray[np.int64]:
    """For each UTC quarter-hour, the position in `sites` of the cheapest site that may work it.

    Raises:
        PlanningError: when customers post in a quarter-hour no site may work.
    """
    bins = np.arange(BINS)
    allowed = np.stack([site.workable[site.local_hour(bins)] for site in sites])  # cheapest first
    uncovered = (load > 0) & ~allowed.any(axis=0)
    if uncovered.any():
        first = int(np.flatnonzero(uncovered)[0]) * BIN_MINUTES
        when = f"{DAY_NAMES[first // 1440]} {first % 1440 // 60:02d}:{first % 60:02d} UTC"
        names = ", ".join(f"staffing.teams.{s.name}.workable" for s in sites)
        raise PlanningError(
            f"{names}: customers post at {when} (and {int(uncovered.sum()) - 1} more quarter-hours a week) "
            "but no frontline team may work then; widen a team's workable hours"
        )
    return np.argmax(allowed, axis=0).astype(np.int64)


def mean_work(scenario: Scenario, team: Team) -> float:
    """Expected agent minutes per mention: first turn plus expected later turns, mixed over kinds, at the
    team's concurrency (its slowdown included)."""
    threads, spam = scenario.policies.threads, scenario.policies.spam
    total = 0.0
    for kind, share in scenario.traffic.mix.items():
        first = team.handle_time_for(kind).mean * team.handle_time_factor
        if kind == "spam":
            first = spam.detection * spam.glance + (1 - spam.detection) * first
        follow = threads.follow_up.get(kind, 0.0)
        later_turns = sum(follow**turn for turn in range(1, threads.max_turns))
        total += share * first * (1 + later_turns * threads.turn_factor)
    return total


@lru_cache(maxsize=4096)
def _servers(per_hour: float, work: float, within: float, share: float) -> int:
    """Erlang C servers whose waiting plus handling meets the goal; where handling alone is too slow for
    it, the fewest that keep waiting rare (the simulation says the rest)."""
    try:
        return agents_for_reply_level(per_hour, work, within, share)
    except UnreachableTargetError:
        return required_agents(per_hour, work, 0.0, share, measure="picked_up").agents


def agents_needed(site: Site, per_hour: float, work: float, goals: tuple[Goal, ...]) -> int:
    """Rostered agents of the site for a steady load of `per_hour` mentions, for the strictest goal."""
    if per_hour <= 1e-9:
        return 0
    rounded = round(per_hour, 1)
    servers = max(_servers(rounded, work, g.within, g.share) for g in goals)
    on_duty = math.ceil(servers / site.team.concurrency)
    return math.ceil(on_duty / (1.0 - site.team.shrinkage) - 1e-9)


def first_guess(
    scenario: Scenario, sites: tuple[Site, ...], goals: tuple[Goal, ...], load: NDArray[np.float64],
    owner: NDArray[np.int64],
) -> dict[str, NDArray[np.int64]]:  # fmt: skip
    """Erlang C agents per local hour of the week for every site, from the quarter-hours it owns."""
    bins = np.arange(BINS)
    need: dict[str, NDArray[np.int64]] = {}
    for position, site in enumerate(sites):
        work = mean_work(scenario, site.team)
        per_bin = np.asarray(
            [agents_needed(site, load[b] * 60 / BIN_MINUTES, work, goals) if owner[b] == position else 0
             for b in bins]
        )  # fmt: skip
        hours = np.zeros(HOURS, dtype=np.int64)
        np.maximum.at(hours, site.local_hour(bins), per_bin)
        need[site.name] = hours
    return need
