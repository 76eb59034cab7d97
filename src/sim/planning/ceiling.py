"""The most a goal can reach with unlimited staff: every post picked up the moment the desk sees it.

Staffing only removes waiting. What is left bounds a 'replied within' goal whatever the rota: a tagged post
still takes its handle time H; an untagged public post is seen only if listening finds it, after the
exponential listening delay D, and only if its author (exponential patience P) has not given up by then,
as `sim.engine.fates` draws them. So the best share of a kind replied within w is

    (1 - u) * P(H <= w)  +  u * found * P(D + H <= w, D < P)

with u the untagged share of posts and H the fastest frontline team's handling of the kind. The integral
over D has no closed form for a lognormal or gamma H, so SciPy's `quad` evaluates it. Root posts only:
public follow-ups are tagged, so leaving them out can only lower a complaint's bound a little.

A post that arrives while the desk is closed waits for the opening, at least t minutes away (t taken at
the end of its quarter-hour): it is answered in time at best with probability P(H <= w - t), an upper
bound (the author may also give up, listening may find it later), weighted by the expected posts of each
closed quarter-hour.

A goal whose bound is below its share is out of reach by staffing: the planner says what binds instead of
adding agents that cannot help.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import integrate

from sim.engine.service import handle_time_cdf
from sim.planning.goals import Goal
from sim.planning.requirements import BIN_MINUTES, BINS, desk_open, expected_load, next_worked
from sim.scenarios import KINDS, Scenario
from sim.scenarios.base import Kind
from sim.scenarios.operations import HandleTime
from sim.scenarios.units import format_duration

SHOWN = 0.0005
"""Parts of the bound below this share (0.05 points) are left out of the reason."""


@dataclass(frozen=True)
class KindBound:
    """One kind's parts of the bound."""

    handled_in_time: float
    """P(H <= w): a post picked up at once is replied to in time."""
    seen: float
    """Of the untagged posts, the share the desk ever sees (found, author still waiting)."""
    seen_in_time: float
    """Of those seen, the share that can still be replied to in time."""

    def best(self, untagged: float) -> float:
        """The kind's best share replied in time."""
        return (1 - untagged) * self.handled_in_time + untagged * self.seen * self.seen_in_time


@dataclass(frozen=True)
class Ceiling:
    """A goal's bound under unlimited staff, and the parts of it a manager can act on."""

    goal: Goal
    best: float
    """Share replied within the goal's time with no waiting at all."""
    untagged: float
    """Share of the goal's posts that are untagged public posts."""
    unseen: float
    """Share of the goal's posts never seen: untagged and never found, or found after the author left."""
    seen_in_time: float
    """Of the untagged posts the desk sees, the share that can still be replied to in time."""
    slow_handling: float
    """Share of tagged posts whose handling alone takes longer than the goal allows."""
    closed: float
    """Share of posts that arrive while the desk is closed, too long before it opens to answer in time."""

    @property
    def reachable(self) -> bool:
        """Whether some staffing could meet the goal."""
        return self.best >= self.goal.share

    def reason(self, scenario: Scenario) -> str:
        """What binds, in a manager's words and the scenario's fields."""
        listening = scenario.policies.listening
        within = format_duration(self.goal.within)
        best = f"{100 * self.best:.1f}%"
        parts = [f"{self.goal.label}: with no wait at all, at most {best} are replied to in time"]
        if self.untagged >= SHOWN:
            parts.append(
                f"{100 * self.untagged:.1f}% are untagged public posts (traffic.untagged_share): "
                f"{100 * self.unseen:.1f}% never reach the desk (policies.listening.coverage, patience) and "
                f"of the rest, found {format_duration(listening.delay)} late on average "
                f"(policies.listening.delay), only {100 * self.seen_in_time:.0f}% can be answered in time"
            )
        if self.slow_handling >= SHOWN:
            parts.append(f"{100 * self.slow_handling:.1f}% of tagged ones take over {within} to handle")
        if self.closed >= SHOWN:
            parts.append(
                f"{100 * self.closed:.1f}% arrive while the desk is closed, over {within} before it opens "
                "(policies.coverage)"
            )
        return "; ".join(parts)


def ceiling(scenario: Scenario, goal: Goal) -> Ceiling:
    """The goal's bound under unlimited staff (see the module docstring); kinds mix by their share of the
    posts that need an answer."""
    named: tuple[Kind, ...] = KINDS if goal.kind == "all" else (goal.kind,)
    weights = {k: _answerable_share(scenario, k) for k in named if _answerable_share(scenario, k) > 0}
    bounds = {k: kind_bound(scenario, k, goal.within) for k in weights}
    untagged = _untagged_share(scenario)
    posts, waits = _closed_waits(scenario)
    open_share = posts[np.isnan(waits)].sum()
    late = posts[waits >= goal.within].sum()
    soon = np.unique(waits[waits < goal.within])
    early = {wait: posts[waits == wait].sum() for wait in soon}

    def mixed(values: dict[Kind, float]) -> float:
        return sum(weights[k] * v for k, v in values.items()) / sum(weights.values())

    def best(kind: Kind) -> float:
        """Open hours at the kind's bound; closed ones answered at the opening, if in time."""
        bound, handle = bounds[kind], _fastest(scenario, kind, goal.within)
        seen = 1 - untagged * (1 - bound.seen)
        after = sum(share * handle_time_cdf(handle, goal.within - wait) for wait, share in early.items())
        return open_share * bound.best(untagged) + seen * after

    return Ceiling(
        goal=goal,
        best=mixed({k: best(k) for k in bounds}),
        untagged=untagged,
        unseen=untagged * (1 - mixed({k: b.seen for k, b in bounds.items()})),
        seen_in_time=mixed({k: b.seen_in_time for k, b in bounds.items()}),
        slow_handling=1 - mixed({k: b.handled_in_time for k, b in bounds.items()}),
        closed=float(late),
    )


def _closed_waits(scenario: Scenario) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(share of the week's expected posts, least minutes a post waits for the desk's next opening; NaN
    while open) per UTC quarter-hour of the week."""
    load = expected_load(scenario)
    share: NDArray[np.float64] = load / load.sum()
    open_quarters = desk_open(scenario)
    if not open_quarters.any():
        return share, np.full(BINS, np.inf, dtype=np.float64)
    quarters = np.arange(BINS)
    waits = (((next_worked(open_quarters) - quarters) % BINS) - 1) * float(BIN_MINUTES)
    return share, np.where(open_quarters, np.nan, waits).astype(np.float64)


def kind_bound(scenario: Scenario, kind: Kind, within: float) -> KindBound:
    """One kind's bound while the desk is open, handled by its fastest frontline team."""
    handle = _fastest(scenario, kind, within)
    listening = scenario.policies.listening
    patience = scenario.policies.patience.mean.get(kind, math.inf)
    if not listening.enabled:
        return KindBound(handle_time_cdf(handle, within), 0.0, 0.0)
    if listening.delay <= 0:
        return KindBound(handle_time_cdf(handle, within), listening.coverage, handle_time_cdf(handle, within))
    rate = 1 / listening.delay + 1 / patience
    still_waiting = (1 / listening.delay) / rate  # P(D < patience), both exponential

    def seen_at(x: float) -> float:
        """Density of being seen at x with the author still waiting, times a reply in time."""
        return math.exp(-rate * x) / listening.delay * handle_time_cdf(handle, within - x)

    in_time = integrate.quad(seen_at, 0.0, within, limit=200)[0] / still_waiting
    return KindBound(handle_time_cdf(handle, within), listening.coverage * still_waiting, in_time)


def _fastest(scenario: Scenario, kind: Kind, within: float) -> HandleTime:
    """The handle time of the kind, among the frontline teams that take it, most often within `within`;
    stretched by each team's concurrency slowdown, as the engine stretches every draw."""
    assert scenario.staffing is not None
    handling = [
        _stretched(team.handle_time_for(kind), team.handle_time_factor)
        for team in scenario.staffing.teams
        if team.role == "frontline" and (team.kinds is None or kind in team.kinds)
    ]
    return max(handling, key=lambda spec: handle_time_cdf(spec, within))


def _stretched(spec: HandleTime, factor: float) -> HandleTime:
    """`spec` with every draw multiplied by `factor`: the mean scales, the coefficient of variation stays."""
    return spec if factor == 1.0 else spec.model_copy(update={"mean": spec.mean * factor})


def _answerable_share(scenario: Scenario, kind: Kind) -> float:
    """Share of all posts that are of `kind` and need an answer (recognised spam is ignored)."""
    share = scenario.traffic.mix.get(kind, 0.0)
    return share * (1 - scenario.policies.spam.detection) if kind == "spam" else share


def _untagged_share(scenario: Scenario) -> float:
    traffic = scenario.traffic
    return traffic.untagged_share * traffic.channels.get("public_post", 0.0)
