"""The smallest weekly staffing plan that meets a service target in simulation.

Erlang C gives a first answer per hour of the week from that hour's expected load, as if each hour were an
endless steady state. Real desks are not: evening peaks spill into the night, a closed desk opens to a
backlog, cascades bring bursts, agents hold several conversations. So the Erlang plan is then simulated, and
hours of the day whose mentions miss the target get an agent more, round after round, until the target is
met with the replications' mean (or the round limit says otherwise).

The plan pools the frontline into one team rostered by UTC hour of the week (168 values), which drops into
a scenario as `staffing.teams` entry with an `hourly` rota.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from sim.erlang import UnreachableTargetError, agents_for_reply_level, required_agents
from sim.experiments.executors import Executor
from sim.experiments.replications import Replicated, replicate
from sim.scenarios import KINDS, Scenario, with_values
from sim.scenarios.operations import TargetKind, Team
from sim.stats import Estimate

HOURS_PER_WEEK = 168
PLAN_TEAM = "planned"


@dataclass(frozen=True)
class ServiceTarget:
    """'90% within 60m' for one kind (or all)."""

    share: float
    within: float
    kind: TargetKind = "all"

    @property
    def metric(self) -> str:
        """The figure that measures it."""
        return f"{'all' if self.kind == 'all' else 'kind.' + self.kind}.service_level"


_TARGET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*(?:within|in)\s+(.+?)\s*$", re.IGNORECASE)


def parse_target(text: str, kind: str = "all") -> ServiceTarget:
    """Parse '90% within 60m' (or '80% in 20s')."""
    from sim.scenarios.units import parse_duration

    match = _TARGET.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a target (expected like '90% within 60m')")
    share = float(match[1]) / 100
    if not 0 < share < 1:
        raise ValueError(f"'{match[1]}%' is not a reachable share (expected above 0% and below 100%)")
    if kind != "all" and kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}' (expected one of: all, {', '.join(KINDS)})")
    return ServiceTarget(share, parse_duration(match[2]), cast(TargetKind, kind))


def with_goal(scenario: Scenario, target: ServiceTarget) -> Scenario:
    """The scenario measured against the goal: it replaces the kind's target (all targets, for 'all')."""
    kept = [
        t.model_dump(mode="json") for t in scenario.targets if target.kind != "all" and t.kind != target.kind
    ]
    goal = {"kind": target.kind, "within": f"{target.within:g}m", "share": target.share}
    return with_values(scenario, {"targets": [*kept, goal]}, "staffing goal")


@dataclass(frozen=True)
class StaffingPlan:
    """Agents per UTC hour of the week (Monday 00h first) and how the plan did in simulation."""

    agents: tuple[int, ...]
    erlang: tuple[int, ...]
    """The first guess from Erlang C, for comparison."""
    achieved: Estimate
    rounds: int
    met: bool
    scenario: Scenario
    """The scenario with the plan in place of its frontline teams."""
    note: str = ""
    """Why the search stopped short of the target."""

    @property
    def agent_hours(self) -> int:
        """Agent-hours per week."""
        return sum(self.agents)


def expected_load(scenario: Scenario) -> np.ndarray:
    """Mentions the desk will see per UTC hour of the week: the traffic model's rates, not a sample of them.

    Integrates every region's arrival rate over each UTC hour and averages over the times each hour of the
    week occurs in the run; untagged posts count only as far as listening finds them. Cascades and
    follow-ups are left to the simulation rounds.
    """
    from sim.traffic.rates import rate_blocks, region_clocks

    hours = math.ceil(scenario.meta.duration / 60)
    bounds = np.minimum(np.arange(hours + 1) * 60.0, scenario.meta.duration)
    per_hour = np.zeros(hours)
    for block in rate_blocks(scenario, region_clocks(scenario)):
        cumulative = np.concatenate(([0.0], np.cumsum(block.rate * np.diff(block.edges))))
        per_hour += np.diff(np.interp(bounds, block.edges, cumulative))
    traffic, listening = scenario.traffic, scenario.policies.listening
    untagged = traffic.untagged_share * traffic.channels.get("public_post", 0.0)
    found = listening.coverage if listening.enabled else 0.0
    per_hour *= 1.0 - untagged * (1.0 - found)
    offset = scenario.meta.start.weekday() * 24 + scenario.meta.start.hour
    week_hour = (np.arange(hours) + offset) % HOURS_PER_WEEK
    # A 4-day run sees some hours of the week once and others never.
    occurrences = np.bincount(week_hour, minlength=HOURS_PER_WEEK)
    totals = np.bincount(week_hour, weights=per_hour, minlength=HOURS_PER_WEEK)
    return np.divide(totals, occurrences, out=np.zeros(HOURS_PER_WEEK), where=occurrences > 0)


def mean_work(scenario: Scenario, team: Team) -> float:
    """Expected agent minutes per mention: first turn plus expected later turns, mixed over kinds."""
    mix = scenario.traffic.mix
    threads = scenario.policies.threads
    spam = scenario.policies.spam
    total = 0.0
    for kind, share in mix.items():
        first = team.handle_time_for(kind).mean
        if kind == "spam":
            first = spam.detection * spam.glance + (1 - spam.detection) * first
        p = threads.follow_up.get(kind, 0.0)
        later_turns = sum(p**turn for turn in range(1, threads.max_turns))
        total += share * first * (1 + later_turns * threads.turn_factor)
    return total


def erlang_plan(scenario: Scenario, target: ServiceTarget, load: np.ndarray) -> tuple[int, ...]:
    """Agents per hour from Erlang C on each hour's load, for the pooled team's concurrency and shrinkage.

    The target counts until the reply is posted, so each hour takes the fewest agents whose waiting plus
    handling meets it (`sim.erlang.agents_for_reply_level`). Where handling alone is too slow for the
    target, no staffing meets it; the guess then keeps waiting rare and the simulation says the rest.
    """
    template = _frontline(scenario)
    work = mean_work(scenario, template)
    plan = []
    for arrivals in load:
        if arrivals <= 1e-9:
            plan.append(0)
            continue
        try:
            servers = agents_for_reply_level(arrivals, work, target.within, target.share)
        except UnreachableTargetError:
            servers = required_agents(arrivals, work, 0.0, target.share, measure="picked_up").agents
        agents = math.ceil(servers / template.concurrency)
        plan.append(math.ceil(agents / (1 - template.shrinkage) - 1e-9))
    return tuple(plan)


def _frontline(scenario: Scenario) -> Team:
    assert scenario.staffing is not None
    return next(t for t in scenario.staffing.teams if t.role == "frontline")


def with_plan(scenario: Scenario, agents: tuple[int, ...]) -> Scenario:
    """The scenario with its frontline teams replaced by one team rostered by `agents` per UTC hour."""
    assert scenario.staffing is not None
    template = _frontline(scenario)
    planned = template.model_dump(mode="json", exclude_none=True) | {
        "name": PLAN_TEAM,
        "timezone": "UTC",
        "shifts": [],
        "hourly": list(agents),
    }
    others = [
        t.model_dump(mode="json", exclude_none=True) for t in scenario.staffing.teams if t.role != "frontline"
    ]
    changes = {"staffing.teams": [planned, *others], "policies.coverage.mode": "24x7"}
    return with_values(scenario, changes, "staffing plan")


STALL = 0.002
"""A round that lifts the figure by less than this (0.2 points) shows more agents no longer help."""


def search_plan(
    scenario: Scenario,
    target: ServiceTarget,
    replications: int,
    executor: Executor,
    max_rounds: int = 8,
    on_round: Callable[[int, Estimate], None] | None = None,
) -> StaffingPlan:
    """Erlang first guess, then add agents to the hours of the day that miss until the target is met.

    Stops early when a round of extra agents does not move the figure: then handling time, not waiting, is
    what misses the target (a reply that takes 3 minutes to write is never posted within 2).
    """
    scenario = with_goal(scenario, target)
    load = expected_load(scenario)
    erlang = erlang_plan(scenario, target, load)
    agents = erlang
    previous = -math.inf
    for round_number in range(1, max_rounds + 1):
        planned = with_plan(scenario, agents)
        results = replicate({"plan": planned}, replications, executor)
        achieved = results.estimate("plan", target.metric)
        if on_round:
            on_round(round_number, achieved)
        if achieved.mean >= target.share:
            return StaffingPlan(agents, erlang, achieved, round_number, True, planned)
        if achieved.mean - previous < STALL or round_number == max_rounds:
            stalled = achieved.mean - previous < STALL
            note = (
                "more agents no longer raise it: handling alone takes longer than the target for too many "
                "mentions, so loosen the target or shorten the handling"
                if stalled
                else f"still short after {max_rounds} rounds: allow more with --rounds"
            )
            return StaffingPlan(agents, erlang, achieved, round_number, False, planned, note)
        previous = achieved.mean
        agents = _more_agents(agents, _hours_missing(results, target), load)
    raise AssertionError("unreachable: the last round always returns")


def _more_agents(agents: tuple[int, ...], missing: list[int], load: np.ndarray) -> tuple[int, ...]:
    """One agent more in every hour of the week whose hour of the day missed (every busy hour if none did)."""
    hours = missing or [h for h in range(24) if load[h::24].sum() > 0]
    more = list(agents)
    for hour_of_day in hours:
        for week_hour in range(hour_of_day, HOURS_PER_WEEK, 24):  # the plan's hours are UTC clock hours
            if load[week_hour] > 0 or more[week_hour] > 0:
                more[week_hour] += 1
    return tuple(more)


def _hours_missing(results: Replicated, target: ServiceTarget) -> list[int]:
    """UTC hours of the day whose mentions miss the target's share (per-hour figures cover every kind)."""
    missing = []
    for hour in range(24):
        level = results.estimate("plan", f"hour.{hour:02d}.service_level")
        if level.n and level.mean < target.share:
            missing.append(hour)
    return missing
