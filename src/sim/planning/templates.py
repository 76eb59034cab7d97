"""Shifts a team's templates allow: a planned shift (start, length, days, breaks, heads) on the week's
half-hour grid, the half-hours it spans and is on duty in, and the heads on duty a set of them gives.

Kept apart from the integer program (`shifts`) because the site's workable hours (`requirements`) depend on
which half-hours some shift can span, and the program depends on the sites.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.planning.week import HOURS, SLOTS, SLOTS_PER_DAY, SLOTS_PER_HOUR
from sim.scenarios.operations import SHIFT_GRID_MINUTES, ShiftTemplate, Team
from sim.scenarios.units import format_clock, format_days, format_duration

DEFAULT_TEMPLATES = tuple(
    ShiftTemplate.model_validate({"length": length, "days": days})
    for length in ("8h", "4h")
    for days in ("daily", "mon-fri", "sat,sun")
)
"""Assumed when a team states none: full-time and part-time shifts, every day, weekdays or weekends."""
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


def break_choices(template: ShiftTemplate) -> list[tuple[PlannedBreak, ...]]:
    """Every placement of the template's breaks on the half-hour grid (one empty one without breaks)."""
    each = [
        [
            PlannedBreak(offset, int(pause.length), pause.paid)
            for offset in range(int(pause.earliest), int(pause.latest) + 1, SHIFT_GRID_MINUTES)
        ]
        for pause in template.breaks
    ]
    return list(itertools.product(*each))


def fitting(template: ShiftTemplate, workable: NDArray[np.bool_]) -> list[PlannedShift]:
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
        for shift in fitting(template, workable):
            out[shift.span()] = True
    return out
