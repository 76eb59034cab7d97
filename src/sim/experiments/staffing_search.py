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

import numpy as np

from sim.erlang import required_agents
from sim.experiments.executors import Executor
from sim.experiments.replications import Replicated, replicate
from sim.randomness import run_randomness
from sim.scenarios import KINDS, Scenario, with_values
from sim.scenarios.operations import Team
from sim.stats import Estimate

HOURS_PER_WEEK = 168
PLAN_TEAM = "planned"


@dataclass(frozen=True)
class ServiceTarget:
    """'90% within 60m' for one kind (or all)."""

    share: float
    within: float
    kind: str = "all"

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
    return ServiceTarget(share, parse_duration(match[2]), kind)


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

    @property
    def agent_hours(self) -> int:
        """Agent-hours per week."""
        return sum(self.agents)


def expected_load(scenario: Scenario, replications: int) -> np.ndarray:
    """Mentions the desk will see per UTC hour of the week, averaged over weeks and replications."""
    from sim.traffic import generate_mentions

    offset = scenario.meta.start.weekday() * 24 + scenario.meta.start.hour
    counts = np.zeros(HOURS_PER_WEEK)
    listening = scenario.policies.listening
    seen_untagged = listening.coverage if listening.enabled else 0.0
    for replication in range(replications):
        stream = generate_mentions(scenario, run_randomness(scenario.meta.seed, replication))
        weight = np.where(stream.tagged, 1.0, seen_untagged)
        hour = ((stream.time // 60).astype(np.int64) + offset) % HOURS_PER_WEEK
        counts += np.bincount(hour, weights=weight, minlength=HOURS_PER_WEEK)
    weeks = scenario.meta.duration / (HOURS_PER_WEEK * 60)
    # Each hour of the week occurs `weeks` times in the run (partial weeks count pro rata).
    return counts / max(replications * weeks, 1e-9)


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
    """Agents per hour from Erlang C on each hour's load, for the pooled team's concurrency and shrinkage."""
    template = _frontline(scenario)
    work = mean_work(scenario, template)
    plan = []
    for arrivals in load:
        if arrivals <= 1e-9:
            plan.append(0)
            continue
        servers = required_agents(arrivals, work, target.within, target.share).agents
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


def search_plan(
    scenario: Scenario,
    target: ServiceTarget,
    replications: int,
    executor: Executor,
    max_rounds: int = 8,
    on_round: Callable[[int, Estimate], None] | None = None,
) -> StaffingPlan:
    """Erlang first guess, then add agents to the hours of the day that miss until the target is met."""
    load = expected_load(scenario, min(replications, 3))
    erlang = erlang_plan(scenario, target, load)
    agents = list(erlang)
    results: Replicated | None = None
    achieved = Estimate(math.nan, math.nan, 0)
    for round_number in range(1, max_rounds + 1):
        planned = with_plan(scenario, tuple(agents))
        results = replicate({"plan": planned}, replications, executor)
        achieved = results.estimate("plan", target.metric)
        if on_round:
            on_round(round_number, achieved)
        if achieved.mean >= target.share:
            return StaffingPlan(tuple(agents), erlang, achieved, round_number, True, planned)
        missing = _hours_missing(results, target)
        if not missing:
            missing = [h for h in range(24) if load[h::24].sum() > 0]
        for hour_of_day in missing:
            for week_hour in range(hour_of_day, HOURS_PER_WEEK, 24):  # the plan's hours are UTC clock hours
                if load[week_hour] > 0 or agents[week_hour] > 0:
                    agents[week_hour] += 1
    planned = with_plan(scenario, tuple(agents))
    return StaffingPlan(tuple(agents), erlang, achieved, max_rounds, False, planned)


def _hours_missing(results: Replicated, target: ServiceTarget) -> list[int]:
    """UTC hours of the day whose mentions miss the target's share (per-hour figures cover every kind)."""
    missing = []
    for hour in range(24):
        level = results.estimate("plan", f"hour.{hour:02d}.service_level")
        if level.n and level.mean < target.share:
            missing.append(hour)
    return missing
