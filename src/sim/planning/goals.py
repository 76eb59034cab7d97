"""What a plan must meet: the scenario's service targets (or ones given on the command line), checked first.

A target on a kind the traffic never produces can never be measured, so it is refused before any
simulation instead of looping over rounds of empty figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from sim.scenarios import KINDS, Scenario, with_values
from sim.scenarios.operations import TargetKind
from sim.scenarios.units import format_duration, parse_duration


class PlanningError(ValueError):
    """Input the planner cannot work with; the message names the field and what binds."""


@dataclass(frozen=True)
class Goal:
    """'90% of complaints replied to within 60 minutes' (kind 'all' counts every kind together)."""

    kind: TargetKind
    within: float
    """Minutes from arrival to the first reply."""
    share: float

    @property
    def metric(self) -> str:
        """The run figure that measures it."""
        return f"{'all' if self.kind == 'all' else 'kind.' + self.kind}.service_level"

    @property
    def label(self) -> str:
        """How a manager reads it: '90% complaint within 1h'."""
        return f"{100 * self.share:g}% {self.kind} within {format_duration(self.within)}"


_TARGET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*(?:within|in)\s+(.+?)\s*$", re.IGNORECASE)


def parse_goal(text: str, kind: str = "all") -> Goal:
    """Parse '90% within 60m' (or '80% in 20s') for one kind."""
    match = _TARGET.match(text)
    if not match:
        raise PlanningError(f"--target: '{text}' is not a target (expected like '90% within 60m')")
    share = float(match[1]) / 100
    if not 0 < share < 1:
        raise PlanningError(f"--target: '{match[1]}%' is not reachable (expected above 0% and below 100%)")
    if kind != "all" and kind not in KINDS:
        raise PlanningError(f"--kind: unknown kind '{kind}' (expected one of: all, {', '.join(KINDS)})")
    try:
        within = parse_duration(match[2])
    except ValueError as exc:
        raise PlanningError(f"--target: {exc}") from None
    return Goal(cast(TargetKind, kind), within, share)


def goals_for(scenario: Scenario, target: str | None = None, kind: str | None = None) -> tuple[Goal, ...]:
    """The goals to plan for: the scenario's `targets` (narrowed to `kind`), or `target` for `kind`.

    Raises:
        PlanningError: when there is nothing to plan for or a goal's kind is never produced.
    """
    if target is not None:
        goals: tuple[Goal, ...] = (parse_goal(target, kind or "all"),)
    else:
        goals = tuple(Goal(t.kind, t.within, t.share) for t in scenario.targets if kind in (None, t.kind))
        if not goals:
            field = "targets" if kind is None else f"targets (kind '{kind}')"
            raise PlanningError(f"{field}: the scenario states no target to plan for; give --target")
    for goal in goals:
        if goal.kind != "all" and scenario.traffic.mix.get(goal.kind, 0.0) <= 0:
            raise PlanningError(
                f"target on '{goal.kind}': traffic.mix gives '{goal.kind}' no share, so no such mention is "
                "ever posted and the target cannot be measured (drop the target or give the kind a share)"
            )
    return goals


def with_goals(scenario: Scenario, goals: tuple[Goal, ...]) -> Scenario:
    """The scenario measured against exactly these goals (its `targets` replaced)."""
    targets = [{"kind": g.kind, "within": format_duration(g.within), "share": g.share} for g in goals]
    return with_values(scenario, {"targets": targets}, "staffing goals")
