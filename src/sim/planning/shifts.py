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

import itertools
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from sim.planning.goals import PlanningError
from sim.planning.requirements import DAY_NAMES, HOURS, SLOTS, SLOTS_PER_HOUR, Site
from sim.scenarios.operations import SHIFT_GRID_MINUTES, ShiftTemplate, Team
from sim.scenarios.units import format_clock, format_days, format_duration

SLOTS_PER_DAY = 24 * SLOTS_PER_HOUR
DEFAULT_TEMPLATES = tuple(
    ShiftTemplate.model_validate({"length": length, "days": days})
    for length in ("8h", "4h")
    for days in ("daily", "mon-fri", "sat,sun")
)
"""Assumed when a team states none: full-time and part-time shifts, every day, weekdays or weekends."""
SOLVER_SECONDS = 20.0
"""HiGHS time limit per team; the week's program is solved far sooner (see `BREAKS_GAP`)."""
BREAKS_GAP = 0.02
"""With breaks, HiGHS stops once its rota is proven within 2% of the cheapest possible paid cost.
Placing every head's break gives the program many near-equal rotas: on 3 templates x 48 half-hour starts x
5 break offsets (528 columns) it finds a rota within 1-2% in about a second but may not, within the time
limit, prove the last percent, and a rota cut off by the time limit would depend on the load. Chosen
(assumed); the search then takes off in simulation any head the rota can spare (pruning). Without
breaks the program is solved to optimality in milliseconds."""
START_STEP = {"hour": 60, "half-hour": SHIFT_GRID_MINUTES}
"""Minutes between the clock times a template may start at, by its `starts`."""


def _hhmm(minutes: int) -> str:
    return format_clock(minutes).replace(":", "")


@dataclass(frozen=True)
class PlannedBreak:
    """A break every head of a planned shift takes."""

    offset: int
    """Minutes from the shift's start to the break's, on the half-hour grid."""
    length: int
    """Minutes."""
    paid: bool


@dataclass(frozen=True)
class PlannedShift:
    """Heads working one shift, in the team's local time."""

    start: int
    """Local start in minutes after midnight, on the half-hour grid (510 is 08:30)."""
    length: int
    """Minutes from start to end, breaks included."""
    days: tuple[int, ...]
    """Days the shift starts on (0 = Monday)."""
    heads: int
    label: str
    """The template's name, e.g. '8h daily'."""
    breaks: tuple[PlannedBreak, ...] = ()
    """In the order they are taken."""

    @property
    def name(self) -> str:
        """Unique within the team: label, start and the breaks' starts, e.g. '8h-daily-0830' or
        '8h30m-daily-0800-b1200'."""
        name = f"{self.label.replace(' ', '-').replace(',', '-')}-{_hhmm(self.start)}"
        if self.breaks:
            name += "-b" + "-".join(_hhmm((self.start + b.offset) % 1440) for b in self.breaks)
        return name

    @property
    def end(self) -> int:
        """Local end in minutes after midnight (at or before the start when it runs past midnight)."""
        return (self.start + self.length) % 1440

    def span(self) -> NDArray[np.int64]:
        """Local half-hours of the week from its start to its end, breaks included (one run a day)."""
        return self._slots(np.arange(self.length // SHIFT_GRID_MINUTES))

    def slots(self) -> NDArray[np.int64]:
        """Local half-hours of the week its heads are on duty: its span without the breaks."""
        on_duty = np.ones(self.length // SHIFT_GRID_MINUTES, dtype=bool)
        for pause in self.breaks:
            on_duty[
                pause.offset // SHIFT_GRID_MINUTES : (pause.offset + pause.length) // SHIFT_GRID_MINUTES
            ] = False
        return self._slots(np.flatnonzero(on_duty))

    def _slots(self, steps: NDArray[np.int64]) -> NDArray[np.int64]:
        starts = np.asarray(self.days, dtype=np.int64) * SLOTS_PER_DAY + self.start // SHIFT_GRID_MINUTES
        return ((starts[:, None] + steps[None, :]) % SLOTS).ravel()

    @property
    def paid_hours_each(self) -> float:
        """Paid hours per week of one head: its length without the unpaid breaks, on each of its days."""
        unpaid = sum(pause.length for pause in self.breaks if not pause.paid)
        return (self.length - unpaid) * len(self.days) / 60

    @property
    def paid_hours(self) -> float:
        """Paid agent-hours per week."""
        return self.heads * self.paid_hours_each

    def as_scenario(self) -> dict[str, object]:
        """The shift as a `staffing.teams[].shifts` entry, its breaks included."""
        end = "24:00" if self.end == 0 else format_clock(self.end)
        entry: dict[str, object] = {
            "name": self.name,
            "start": format_clock(self.start),
            "end": end,
            "days": format_days(self.days),
            "agents": self.heads,
        }
        if self.breaks:
            entry["breaks"] = [
                {
                    "start": format_clock((self.start + pause.offset) % 1440),
                    "length": format_duration(pause.length),
                    "paid": pause.paid,
                }
                for pause in self.breaks
            ]
        return entry


def coverage_by_slot(shifts: list[PlannedShift]) -> NDArray[np.int64]:
    """Heads on duty in each local half-hour of the week."""
    covered = np.zeros(SLOTS, dtype=np.int64)
    for shift in shifts:
        np.add.at(covered, shift.slots(), shift.heads)
    return covered


def coverage(shifts: list[PlannedShift], workable: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Heads on duty in each local hour of the week: the fewer of its half-hours the site may work
    (`Site.workable_slots`), which is what meets the hour's need; none in an hour it may not work."""
    halves = np.where(workable, coverage_by_slot(shifts), np.iinfo(np.int64).max)
    fewest = halves.reshape(HOURS, SLOTS_PER_HOUR).min(axis=1)
    return np.where(workable.reshape(HOURS, SLOTS_PER_HOUR).any(axis=1), fewest, 0)


def _break_choices(template: ShiftTemplate) -> list[tuple[PlannedBreak, ...]]:
    """Every placement of the template's breaks on the half-hour grid (one empty one without breaks)."""
    each = [
        [
            PlannedBreak(offset, int(pause.length), pause.paid)
            for offset in range(int(pause.earliest), int(pause.latest) + 1, SHIFT_GRID_MINUTES)
        ]
        for pause in template.breaks
    ]
    return list(itertools.product(*each))


def slot_need(site: Site, need: NDArray[np.int64]) -> NDArray[np.int64]:
    """Heads per local half-hour of the week for `need` (per local hour): its hour's need in each
    half-hour the site may work, none in the others."""
    return np.where(site.workable_slots, np.repeat(need, SLOTS_PER_HOUR), 0)


def _fitting(template: ShiftTemplate, workable: NDArray[np.bool_]) -> list[PlannedShift]:
    """One head of the template, without breaks, at every start it allows that stays inside `workable`
    (local half-hours of the week)."""
    label, length, days = template.label, int(template.length), tuple(template.days)
    shifts = [
        PlannedShift(start, length, days, 1, label) for start in range(0, 1440, START_STEP[template.starts])
    ]
    return [shift for shift in shifts if workable[shift.span()].all()]


def spanned(team: Team, workable: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Local half-hours of the week some shift of the team's templates can span, breaks included, while
    staying inside `workable`."""
    out = np.zeros(SLOTS, dtype=bool)
    for template in team.templates or DEFAULT_TEMPLATES:
        for shift in _fitting(template, workable):
            out[shift.span()] = True
    return out


def candidates(site: Site) -> list[PlannedShift]:
    """One head of every template at every start it allows that stays inside the site's workable
    half-hours, with every placement of its breaks."""
    return [
        replace(shift, breaks=placed)
        for template in site.team.templates or DEFAULT_TEMPLATES
        for shift in _fitting(template, site.workable_slots)
        for placed in _break_choices(template)
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
