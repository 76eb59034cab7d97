"""Shifts people can work, chosen by an integer program: the cheapest set whose heads cover each local hour's
need.

Every template of a team (a length and a days pattern) may start on any hour that keeps it inside the
team's workable hours; one integer variable per (template, start) counts its heads. Minimising paid hours
times the team's hourly cost subject to coverage >= need in every hour of the week is a covering integer
program: SciPy's `milp` (the HiGHS branch-and-cut solver) solves it exactly in milliseconds at this size, so
nothing here is a hand-made heuristic. What the shifts pay over the hourly need is the rounding cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from sim.planning.goals import PlanningError
from sim.planning.requirements import DAY_NAMES, HOURS, Site
from sim.scenarios.operations import ShiftTemplate
from sim.scenarios.units import format_days

DEFAULT_TEMPLATES = tuple(
    ShiftTemplate.model_validate({"length": length, "days": days})
    for length in ("8h", "4h")
    for days in ("daily", "mon-fri", "sat,sun")
)
"""Assumed when a team states none: full-time and part-time shifts, every day, weekdays or weekends."""
SOLVER_SECONDS = 20.0
"""HiGHS time limit per team; the week's program is solved to optimality far sooner."""


@dataclass(frozen=True)
class PlannedShift:
    """Heads working one shift, in the team's local time."""

    start: int
    """Local start hour, 0-23."""
    length: int
    """Paid hours."""
    days: tuple[int, ...]
    """Days the shift starts on (0 = Monday)."""
    heads: int
    label: str
    """The template's name, e.g. '8h daily'."""

    @property
    def name(self) -> str:
        """Unique within the team: label and start, e.g. '8h-daily-06'."""
        return f"{self.label.replace(' ', '-').replace(',', '-')}-{self.start:02d}"

    @property
    def end(self) -> int:
        """Local end hour, 0-23 (at or before the start when it runs past midnight)."""
        return (self.start + self.length) % 24

    def hours(self) -> NDArray[np.int64]:
        """Local hours of the week it covers (one entry per day it runs)."""
        return np.asarray(
            [(day * 24 + self.start + k) % HOURS for day in self.days for k in range(self.length)],
            dtype=np.int64,
        )

    @property
    def paid_hours(self) -> int:
        """Paid agent-hours per week."""
        return self.heads * self.length * len(self.days)

    def as_scenario(self) -> dict[str, object]:
        """The shift as a `staffing.teams[].shifts` entry."""
        end = "24:00" if self.end == 0 else f"{self.end:02d}:00"
        return {
            "name": self.name,
            "start": f"{self.start:02d}:00",
            "end": end,
            "days": format_days(self.days),
            "agents": self.heads,
        }


def coverage(shifts: list[PlannedShift]) -> NDArray[np.int64]:
    """Heads rostered in each local hour of the week."""
    covered = np.zeros(HOURS, dtype=np.int64)
    for shift in shifts:
        np.add.at(covered, shift.hours(), shift.heads)
    return covered


def _label(template: ShiftTemplate) -> str:
    hours = int(template.length // 60)
    return template.name or f"{hours}h {format_days(template.days)}"


def candidates(site: Site) -> list[PlannedShift]:
    """One head of every template at every start hour that stays inside the site's workable hours."""
    templates = site.team.templates or DEFAULT_TEMPLATES
    options = []
    for template in templates:
        length = int(template.length // 60)
        for start in range(24):
            shift = PlannedShift(start, length, tuple(template.days), 1, _label(template))
            if site.workable[shift.hours()].all():
                options.append(shift)
    return options


def check_coverable(site: Site, need: NDArray[np.int64], options: list[PlannedShift] | None = None) -> None:
    """Refuse a site whose templates leave some needed local hour without any shift that may cover it.

    Raises:
        PlanningError: naming the team's templates and the first such hour.
    """
    reachable = coverage(candidates(site) if options is None else options) > 0
    missing = np.flatnonzero((need > 0) & ~reachable)
    if missing.size:
        hour = int(missing[0])
        raise PlanningError(
            f"staffing.teams.{site.name}.templates: no shift fits {DAY_NAMES[hour // 24]} "
            f"{hour % 24:02d}:00 local inside the workable hours, yet the site is needed then "
            f"({missing.size} such hours a week); add a shorter template or widen `workable`"
        )


def solve_shifts(site: Site, need: NDArray[np.int64]) -> list[PlannedShift]:
    """The cheapest shifts covering `need` (heads per local hour of the week) for one site.

    Raises:
        PlanningError: when some needed hour has no shift that may cover it.
    """
    if not need.any():
        return []
    options = candidates(site)
    check_coverable(site, need, options)
    cover = np.zeros((HOURS, len(options)))
    for column, option in enumerate(options):
        np.add.at(cover[:, column], option.hours(), 1.0)
    cost = np.asarray([o.paid_hours * site.hourly_cost for o in options], dtype=float)
    result = milp(
        cost,
        integrality=np.ones(len(options)),
        bounds=Bounds(0, np.inf),
        constraints=LinearConstraint(cover, lb=need.astype(float), ub=np.inf),
        options={"time_limit": SOLVER_SECONDS},
    )
    if result.x is None:
        raise PlanningError(
            f"staffing.teams.{site.name}.templates: the solver found no rota ({result.message})"
        )
    heads = np.rint(result.x).astype(np.int64)
    return [
        PlannedShift(o.start, o.length, o.days, int(h), o.label)
        for o, h in zip(options, heads, strict=True)
        if h > 0
    ]
