"""From requirements to a rota proven in simulation, in four steps (the first three as in pyworkforce):

1. Hourly need, searched both ways. From Erlang C's first guess (`requirements`), simulate; while a goal
   is missed, add an agent in the site-hours whose mentions miss it; once every goal is met, take an agent
   away from every site-hour with slack (its own mentions meet every goal) and simulate again. Hours whose
   removal made a goal miss are marked tight and get their agent back; the others are tried again. The
   search ends when no staffed hour has slack left that was not proven tight, or at the round limit, which
   the plan reports. Hours whose own figure is below a share while the goal as a whole holds are left to
   step 3, which removes whole shifts and asks the simulation.
2. Shifts. The need of each site becomes shifts from its templates by an integer program (`shifts`); the
   rostered plan is simulated and, where a goal misses, the need of the missing hours grows by one and the
   program is solved again.
3. Pruning. Each shift in turn loses a head (the costliest first); the loss is kept when every goal is
   still met, so no single shift of the plan can be removed with every target still met.
4. Confirmation. The cheapest rota kept is judged again on replications the search never ran (as a
   re-run with another seed would be); when it misses there, the cheapest of the kept rotas that holds is
   found by bisection. The plan's figures are the confirmation's.

"Met" has one meaning throughout (`measure.Verdict`): the lower end of the goal's 95% interval over the
replications is at or above its share. The search asks more of a candidate: its lower end must clear the
share by a margin (`Settings.margin` half-widths), because the rota it keeps is the cheapest of many that
were tried on the same replications, and a re-run on other random numbers must meet too. A candidate whose
mean reaches a share its interval does not hold gets as many replications again before it is judged.
Replication r of every candidate uses the same random numbers, so candidates are compared on the same
arrivals.

A goal no staffing can meet (its bound with no waiting at all, `ceiling`, is below its share) is out of
reach from the start: the plan says what binds and leaves it as it is, instead of adding agents that
cannot help.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from sim.experiments.executors import Executor
from sim.planning.ceiling import Ceiling, ceiling
from sim.planning.goals import Goal, PlanningError, with_goals
from sim.planning.measure import Measured, Verdict, measure
from sim.planning.requirements import (
    Site,
    assign_sites,
    first_guess,
    next_worked,
    planned_sites,
    run_load,
)
from sim.planning.shifts import check_coverable, solve_shifts
from sim.planning.templates import PlannedShift
from sim.planning.week import HOURS
from sim.scenarios import KINDS, Scenario, with_values

Need = dict[str, NDArray[np.int64]]
"""Agents per local hour of the week (Monday 00h first), by site name."""
Shifts = dict[str, list[PlannedShift]]
"""Planned shifts by site name."""
CONFIRMATION = 1000
"""First replication of the fresh ones that confirm the plan: numbers the search never simulates, so
their random streams are independent of every run it judged on (`sim.randomness`)."""


@dataclass(frozen=True)
class Settings:
    """How hard the planner tries."""

    replications: int = 5
    hourly_rounds: int = 16
    """Most rounds of the hourly search."""
    repair_rounds: int = 6
    """Most rounds of repairing the rostered shifts."""
    prune_trials: int = 24
    """Most single-shift removals tried."""
    margin: float = 1.0
    """Half-widths of the interval a goal must clear beyond its share while planning (`Verdict.holds`),
    so that the plan meets again when re-run with other random numbers. Assumed: one half-width."""


@dataclass(frozen=True)
class Round:
    """One simulated candidate, for progress lines and the report."""

    step: str
    """'hourly', 'shifts', 'prune' or 'confirm'."""
    number: int
    met: bool
    agent_hours: float
    """Paid agent-hours per week of the candidate's planned sites."""
    change: str


@dataclass
class Plan:
    """A staffing plan and the evidence for it."""

    base: Scenario
    sites: tuple[Site, ...]
    erlang: Need
    need: Need
    shifts: Shifts
    scenario: Scenario
    """The whole scenario with the planned shifts: runnable by `carelab run` and `compare`."""
    measured: Measured
    current: Measured
    rounds: list[Round] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ceilings: dict[Goal, Ceiling] = field(default_factory=dict)
    """Every goal's bound under unlimited staff."""
    out_of_reach: dict[Goal, str] = field(default_factory=dict)
    """Goals no staffing can meet, with what binds."""

    @property
    def met(self) -> bool:
        """Whether the rostered plan meets every goal within reach of staffing."""
        return all(v.met or v.goal in self.out_of_reach for v in self.measured.verdicts)

    def need_cost(self) -> float:
        """Weekly cost of the hourly need, as if people could be rostered hour by hour."""
        return sum(float(self.need[s.name].sum()) * s.hourly_cost for s in self.sites)

    def shift_cost(self) -> float:
        """Weekly paid cost of the planned shifts."""
        return sum(sh.paid_hours * s.hourly_cost for s in self.sites for sh in self.shifts[s.name])


def with_hourly(base: Scenario, sites: tuple[Site, ...], need: Need) -> Scenario:
    """The scenario with each planned site rostered hour by hour."""
    return _with_rotas(base, sites, {s.name: {"shifts": [], "hourly": need[s.name].tolist()} for s in sites})


def with_shifts(base: Scenario, sites: tuple[Site, ...], shifts: Shifts) -> Scenario:
    """The scenario with each planned site rostered by its shifts."""
    rotas = {s.name: {"shifts": [sh.as_scenario() for sh in shifts[s.name]]} for s in sites}
    return _with_rotas(base, sites, rotas)


def _with_rotas(
    base: Scenario, sites: tuple[Site, ...], rotas: Mapping[str, Mapping[str, object]]
) -> Scenario:
    assert base.staffing is not None
    teams = []
    for team in base.staffing.teams:
        data = team.model_dump(mode="json", exclude_none=True)
        if team.name in rotas:
            data.pop("hourly", None)
            data |= rotas[team.name]
        teams.append(data)
    return with_values(base, {"staffing.teams": teams}, "staffing plan")


def _moved(counts: NDArray[np.int64], served: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per-goal counts by quarter-hour of arrival, moved to the quarter-hour that serves them."""
    moved = [np.bincount(served, weights=row, minlength=len(served)) for row in counts]
    return np.stack(moved).astype(np.int64)


def _paid_hours(need: Need) -> int:
    return int(sum(int(v.sum()) for v in need.values()))


def _shift_hours(shifts: Shifts) -> float:
    return sum(shift.paid_hours for group in shifts.values() for shift in group)


class _Search:
    """State shared by the four steps: the goals, the sites, who owns which quarter-hour, the executor."""

    def __init__(
        self, base: Scenario, goals: tuple[Goal, ...], settings: Settings, executor: Executor,
        on_round: Callable[[Round], None] | None,
    ) -> None:  # fmt: skip
        self.base = with_goals(with_values(base, {"variants": {}}, "staffing plan"), goals)
        self.goals, self.settings, self.executor = goals, settings, executor
        self.sites = planned_sites(self.base)
        load = run_load(self.base)
        self.owner = assign_sites(self.base, self.sites, load)
        """Per kind and quarter-hour of the run, the position of the site that owns it (-1: none)."""
        self.served = next_worked(np.logical_or.reduce(self.owner >= 0, axis=0))
        """Where each quarter-hour's posts are first served (the opening, for those of closed hours)."""
        for position, site in enumerate(self.sites):
            owned = ((self.owner == position) & (load > 0)).any(axis=0)
            hours = np.zeros(HOURS, dtype=np.int64)
            hours[site.local_hours[owned]] = 1
            check_coverable(site, hours)
        self.rounds: list[Round] = []
        self.notes: list[str] = []
        self.on_round = on_round
        self.ceilings = {goal: ceiling(self.base, goal) for goal in goals}
        self.out_of_reach: dict[Goal, str] = {
            goal: bound.reason(self.base) for goal, bound in self.ceilings.items() if not bound.reachable
        }
        """Goals no staffing can meet (`ceiling`), with what binds: the search plans for the others."""
        if len(self.out_of_reach) == len(goals):
            raise PlanningError(
                "targets: no staffing can meet any of them, so there is nothing to plan for: "
                + "; ".join(self.out_of_reach.values())
            )

    def met(self, measured: Measured) -> bool:
        """Every goal within reach of staffing holds with the planning margin."""
        return all(self.holds(v) for v in measured.verdicts)

    def holds(self, verdict: Verdict) -> bool:
        """The goal holds with the planning margin, or is out of reach."""
        return verdict.goal in self.out_of_reach or verdict.holds(self.settings.margin)

    def judge(self, scenario: Scenario, first: int = 0) -> Measured:
        """The candidate's replications from `first` on, doubled when a goal's mean reaches its share
        but its interval does not hold it with the margin: enough replications to say whether it holds."""
        replications = self.settings.replications
        measured = measure(scenario, self.goals, replications, self.executor, first)
        undecided = [v for v in measured.verdicts if not self.holds(v) and v.achieved.mean >= v.goal.share]
        if undecided:
            more = measure(scenario, self.goals, replications, self.executor, first + replications)
            measured = Measured(self.goals, measured.runs + more.runs)
        return measured

    def measure(self, scenario: Scenario, step: str, agent_hours: float, change: str) -> Measured:
        measured = self.judge(scenario)
        number = len([r for r in self.rounds if r.step == step]) + 1
        self._report(Round(step, number, self.met(measured), agent_hours, change))
        return measured

    def _report(self, done: Round) -> None:
        self.rounds.append(done)
        if self.on_round:
            self.on_round(done)

    def rota(self, shifts: Shifts) -> Scenario:
        """The scenario with these shifts at the planned sites."""
        return with_shifts(self.base, self.sites, shifts)

    def missing_hours(self, measured: Measured, only_failed: bool = True) -> Need:
        """Site-hours where a goal (a failed one, unless `only_failed` is off) is below its share."""
        needing, within = (_moved(counts, self.served) for counts in measured.counts())
        out: Need = {}
        for position, site in enumerate(self.sites):
            hour = site.local_hours
            missing = np.zeros(HOURS, dtype=bool)
            for g, verdict in enumerate(measured.verdicts):
                if verdict.goal in self.out_of_reach or (only_failed and self.holds(verdict)):
                    continue
                owned = self._owned(position, verdict.goal)
                need_h = np.bincount(hour[owned], weights=needing[g][owned], minlength=HOURS)
                within_h = np.bincount(hour[owned], weights=within[g][owned], minlength=HOURS)
                missing |= (need_h > 0) & (within_h < verdict.goal.share * need_h)
            out[site.name] = missing.astype(np.int64)
        return out

    def _owned(self, position: int, goal: Goal) -> NDArray[np.bool_]:
        """Quarter-hours of the run in which the site owns the goal's kind (any kind, for a goal on all)."""
        if goal.kind == "all":
            return (self.owner == position).any(axis=0)
        return self.owner[KINDS.index(goal.kind)] == position

    # --- step 1 ------------------------------------------------------------------------------------------

    def hourly(self, need: Need) -> Need:
        """Add where a goal misses, remove where there is slack; the cheapest need that met every goal."""
        names = [s.name for s in self.sites]
        tight = {n: np.zeros(HOURS, dtype=bool) for n in names}
        best: Need | None = None
        removed: Need | None = None
        change = "Erlang C first guess"
        for _ in range(self.settings.hourly_rounds):
            measured = self.measure(
                with_hourly(self.base, self.sites, need), "hourly", _paid_hours(need), change
            )
            if self.met(measured):
                best = need
                slack = self.missing_hours(measured, only_failed=False)
                removed = {n: ((need[n] > 0) & ~tight[n] & (slack[n] == 0)).astype(np.int64) for n in names}
                if not any(r.any() for r in removed.values()):
                    return need
                need = {n: need[n] - removed[n] for n in names}
                change = f"-1 agent in {_paid_hours(removed)} site-hours with slack"
            elif best is not None and removed is not None:
                missing = self.missing_hours(measured)
                blamed = {n: removed[n] * missing[n] for n in names}
                if not any(b.any() for b in blamed.values()):
                    blamed = removed
                for n in names:
                    tight[n] |= blamed[n] > 0
                removed = {n: removed[n] - blamed[n] for n in names}
                need = {n: best[n] - removed[n] for n in names}
                change = f"{_paid_hours(blamed)} site-hours proved tight; retry the other removals"
                if not any(r.any() for r in removed.values()):
                    return best
            else:
                missing = self.missing_hours(measured)
                if not any(m.any() for m in missing.values()):
                    missing = {n: (need[n] > 0).astype(np.int64) for n in names}
                for n in names:
                    tight[n] |= missing[n] > 0
                need = {n: need[n] + missing[n] for n in names}
                change = f"+1 agent in {_paid_hours(missing)} site-hours that missed"
        self.notes.append(
            f"the hourly search stopped at its limit of {self.settings.hourly_rounds} rounds "
            "(--rounds); some hours may still have slack"
        )
        return best if best is not None else need

    # --- step 2 ------------------------------------------------------------------------------------------

    def rostered(self, need: Need) -> tuple[Need, Shifts, Measured]:
        """Shifts for the need, simulated and repaired until every goal is met (or the repair limit)."""
        change = "shifts from the integer program"
        for number in range(1, self.settings.repair_rounds + 1):
            shifts = {s.name: solve_shifts(s, need[s.name]) for s in self.sites}
            measured = self.measure(self.rota(shifts), "shifts", _shift_hours(shifts), change)
            if self.met(measured) or number == self.settings.repair_rounds:
                break
            missing = self.missing_hours(measured)
            if not any(m.any() for m in missing.values()):
                missing = {n: (need[n] > 0).astype(np.int64) for n in need}
            need = {n: need[n] + missing[n] for n in need}
            change = f"+1 head needed in {_paid_hours(missing)} site-hours that missed"
        if not self.met(measured):
            self.notes.append(
                f"the rostered shifts still miss a target after {self.settings.repair_rounds} repair rounds"
            )
        return need, shifts, measured

    # --- step 3 ------------------------------------------------------------------------------------------

    def prune(self, shifts: Shifts, measured: Measured) -> list[Shifts]:
        """Take a head off each shift in turn, costliest first, keeping the loss when every goal holds;
        after a kept loss, start again from the costliest, until a whole pass keeps nothing. A loss once
        refused is not tried again: with fewer heads elsewhere it would miss again.

        Returns every rota kept, the given one first and the cheapest last (each one head less than the
        one before), for `confirm` to choose from."""
        kept, trials, improved = [shifts], 0, True
        refused: set[tuple[str, str]] = set()
        while improved:
            improved = False
            for name, shift in self._costliest_first(kept[-1]):
                if (name, shift.name) in refused:
                    continue  # with fewer heads elsewhere, losing this one would miss again
                if trials >= self.settings.prune_trials:
                    self.notes.append(f"pruning stopped at its limit of {self.settings.prune_trials} trials")
                    return kept
                trials += 1
                fewer = {**kept[-1], name: _one_head_less(kept[-1][name], shift)}
                change = f"{name} {shift.name} -1 head"
                trial = self.measure(self.rota(fewer), "prune", _shift_hours(fewer), change)
                if self.met(trial):
                    kept.append(fewer)
                    improved = True
                    break
                refused.add((name, shift.name))
        return kept

    # --- step 4 ------------------------------------------------------------------------------------------

    def confirm(self, kept: list[Shifts]) -> tuple[Shifts, Measured]:
        """The cheapest kept rota that still holds every goal on replications the search never ran.

        Every rota the search kept was chosen on the same replications, so the cheapest is the one those
        happened to favour most. Fresh replications judge it as a re-run with another seed would. The
        cheapest is tried first; when it misses, a bisection over the kept rotas (nested: each one head
        less than the one before) finds the cheapest that holds in a few runs. When none holds, the
        richest is returned with a note."""
        judged: dict[int, Measured] = {}

        def holds(index: int) -> bool:
            judged[index] = self.judge(self.rota(kept[index]), first=CONFIRMATION)
            met = self.met(judged[index])
            hours = _shift_hours(kept[index])
            self._report(Round("confirm", len(judged), met, hours, "on fresh replications"))
            return met

        if holds(len(kept) - 1):
            return kept[-1], judged[len(kept) - 1]
        best, low, high = 0, 0, len(kept) - 2
        while low <= high:
            middle = (low + high) // 2
            if holds(middle):
                best, low = middle, middle + 1
            else:
                high = middle - 1
        if best not in judged or not self.met(judged[best]):
            judged.setdefault(best, self.judge(self.rota(kept[best]), first=CONFIRMATION))
            self.notes.append(
                "the rota misses a target on fresh replications, though it met on the search's own; "
                "plan again with more --replications"
            )
        return kept[best], judged[best]

    def _costliest_first(self, shifts: Shifts) -> list[tuple[str, PlannedShift]]:
        cost = {s.name: s.hourly_cost for s in self.sites}
        return sorted(
            ((name, sh) for name, group in shifts.items() for sh in group),
            key=lambda item: -item[1].paid_hours_each * cost[item[0]],
        )


def _named_plan(scenario: Scenario) -> Scenario:
    """The plan under its own id, so `carelab compare base.yaml plan.yaml` tells the two apart."""
    meta = scenario.meta
    names = {"meta.id": f"{meta.id}-plan", "meta.title": f"{meta.title} (staffing plan)"}
    return with_values(scenario, names, "staffing plan")


def _one_head_less(group: list[PlannedShift], shift: PlannedShift) -> list[PlannedShift]:
    out = []
    for item in group:
        if item.name == shift.name and item.days == shift.days:
            if item.heads > 1:
                out.append(replace(item, heads=item.heads - 1))
        else:
            out.append(item)
    return out


def plan_staffing(
    scenario: Scenario,
    goals: tuple[Goal, ...],
    settings: Settings,
    executor: Executor,
    on_round: Callable[[Round], None] | None = None,
) -> Plan:
    """The cheapest rota found that meets every goal in simulation, with the current rota's figures.

    Raises:
        PlanningError: for input the planner cannot work with (see `requirements`, `shifts`).
    """
    search = _Search(scenario, goals, settings, executor, on_round)
    erlang = first_guess(search.base, search.sites, goals, search.owner)
    need = search.hourly(erlang)
    need, shifts, measured = search.rostered(need)
    if search.met(measured):
        shifts, measured = search.confirm(search.prune(shifts, measured))
    current = search.judge(search.base, first=CONFIRMATION)
    saving = measured.estimate("cost").mean - current.estimate("cost").mean
    if search.met(current) and saving > 0:
        search.notes.append(
            f"the current rota meets every target within reach for {search.base.costs.currency} "
            f"{saving:,.0f} less than this plan: keep it, or give the teams other `templates`"
        )
    return Plan(
        base=search.base,
        sites=search.sites,
        erlang=erlang,
        need=need,
        shifts=shifts,
        scenario=_named_plan(search.rota(shifts)),
        measured=measured,
        current=current,
        rounds=search.rounds,
        notes=search.notes,
        ceilings=search.ceilings,
        out_of_reach=search.out_of_reach,
    )
