"""Shifts people can work, chosen by an integer program: the cheapest set whose heads cover each local
half-hour's need.

Every template of a team (a length, a days pattern, starts on the hour or also on the half hour, breaks
within stated windows) may start at any allowed clock time that keeps it inside the team's workable
half-hours; one integer variable per (template, start, placement of its breaks) counts its heads. A
break's half-hours cover nothing, and an unpaid break is not paid, so the program places each head's break
where the need allows it. The week is a grid of 336 local half-hours; the need of a workable half-hour is
the need of its hour (`slot_need`), so a window from 06:30 lets a half-hour template start at 06:30 and
needs nobody from 06:00. Minimising paid hours times the team's hourly cost subject to coverage >= need in
every workable half-hour of the week is a covering integer program: SciPy's `milp` (the HiGHS
branch-and-cut solver) solves it exactly (with breaks, to within `BREAKS_GAP`), so nothing here is a
hand-made heuristic. What the shifts pay over the hourly need is the rounding cost.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from sim.planning.goals import PlanningError
from sim.planning.requirements import Site
from sim.planning.templates import DEFAULT_TEMPLATES, PlannedShift, break_choices, coverage_by_slot, fitting
from sim.planning.week import DAY_NAMES, SLOTS, SLOTS_PER_DAY, SLOTS_PER_HOUR
from sim.scenarios.operations import SHIFT_GRID_MINUTES
from sim.scenarios.units import format_clock

SOLVER_SECONDS = 20.0
"""HiGHS time limit per team; the week's program is solved far sooner (see `BREAKS_GAP`)."""
BREAKS_GAP = 0.02
"""With breaks, HiGHS stops once its rota is proven within 2% of the cheapest possible paid cost.
Placing every head's break gives the program many near-equal rotas: on 3 templates x 48 half-hour starts x
5 break offsets (528 columns) it finds a rota within 1-2% in about a second but may not, within the time
limit, prove the last percent, and a rota cut off by the time limit would depend on the load. Chosen
(assumed); the search then takes off in simulation any head the rota can spare (pruning). Without
breaks the program is solved to optimality in milliseconds."""


def slot_need(site: Site, need: NDArray[np.int64]) -> NDArray[np.int64]:
    """Heads per local half-hour of the week for `need` (per local hour): its hour's need in each
    half-hour the site may work, none in the others."""
    return np.where(site.workable_slots, np.repeat(need, SLOTS_PER_HOUR), 0)


def candidates(site: Site) -> list[PlannedShift]:
    """One head of every template at every start it allows that stays inside the site's workable
    half-hours, with every placement of its breaks."""
    return [
        replace(shift, breaks=placed)
        for template in site.team.templates or DEFAULT_TEMPLATES
        for shift in fitting(template, site.workable_slots)
        for placed in break_choices(template)
    ]


def check_coverable(site: Site, need: NDArray[np.int64], options: list[PlannedShift] | None = None) -> None:
    """Refuse a site whose templates leave some needed local half-hour without any shift that may cover
    it (`need` is heads per local hour of the week).

    Raises:
        PlanningError: naming the team's templates and the first such half-hour.
    """
    reachable = coverage_by_slot(candidates(site) if options is None else options) > 0
    missing = np.flatnonzero((slot_need(site, need) > 0) & ~reachable)
    if missing.size:
        slot = int(missing[0])
        raise PlanningError(
            f"staffing.teams.{site.name}.templates: no shift fits {DAY_NAMES[slot // SLOTS_PER_DAY]} "
            f"{format_clock(slot % SLOTS_PER_DAY * SHIFT_GRID_MINUTES)} local inside the workable hours, "
            f"yet the site is needed then ({missing.size} such half-hours a week); add a shorter template "
            "or widen `workable`"
        )


def _cover_matrix(options: list[PlannedShift], rows: NDArray[np.int64]) -> csr_array:
    """Which option covers which of the needed half-hours `rows` (one column per option)."""
    slots = [option.slots() for option in options]
    columns = np.repeat(np.arange(len(options)), [len(s) for s in slots])
    cover = csr_array((np.ones(len(columns)), (np.concatenate(slots), columns)), shape=(SLOTS, len(options)))
    return cover[rows]


def _gap(options: list[PlannedShift]) -> dict[str, float]:
    """HiGHS's stopping gap: `BREAKS_GAP` when some option has breaks, else its own default (optimal)."""
    return {"mip_rel_gap": BREAKS_GAP} if any(option.breaks for option in options) else {}


def solve_shifts(site: Site, need: NDArray[np.int64]) -> list[PlannedShift]:
    """The cheapest shifts covering `need` (heads per local hour of the week) for one site; with breaks,
    proven within `BREAKS_GAP` of the cheapest.

    Raises:
        PlanningError: when some needed half-hour has no shift that may cover it.
    """
    if not need.any():
        return []
    options = candidates(site)
    check_coverable(site, need, options)
    per_slot = slot_need(site, need)
    rows = np.flatnonzero(per_slot > 0)
    cost = np.asarray([o.paid_hours * site.hourly_cost for o in options], dtype=float)
    result = milp(
        cost,
        integrality=np.ones(len(options)),
        bounds=Bounds(0, np.inf),
        constraints=LinearConstraint(_cover_matrix(options, rows), lb=per_slot[rows].astype(float)),
        options={"time_limit": SOLVER_SECONDS} | _gap(options),
    )
    if result.x is None:
        raise PlanningError(
            f"staffing.teams.{site.name}.templates: the solver found no rota ({result.message})"
        )
    heads = np.rint(result.x).astype(np.int64)
    return [replace(o, heads=int(h)) for o, h in zip(options, heads, strict=True) if h > 0]
