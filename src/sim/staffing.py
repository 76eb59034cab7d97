"""Rosters: which agent is on duty when, as intervals of UTC minutes since the scenario's start.

People live in local time, the engine's clock is UTC. Every rota (shifts or an hourly plan) and every
coverage window is a set of local-time blocks ("22:00 for 8 hours, on the days it starts") converted one
by one with `zoneinfo`, so daylight saving is real: the London night shift starting on the last Saturday of
March lasts seven hours.

Three layers, each with one rule:

- rostered time: the rota cut by the coverage policy, minus the shifts' unpaid planned breaks. This is
  paid time.
- on-duty time: rostered time minus the shifts' paid planned breaks, minus shrinkage in what is left
  (`shrinkage` is the unplanned share). Every agent takes shrinkage breaks inside each interval left,
  totalling exactly the team's shrinkage share: the interval is split into blocks of at most two hours and
  each block holds one break (`shrinkage` x block length) at a random offset (the `service` generator).
  Breaks never leave the interval, so "no agent works outside a shift" stays true, and the average capacity
  lost is the shrinkage share as in workforce-management practice.
- overtime: added by the engine when an agent finishes a conversation past the end of a rostered interval
  (`policies.handover: finish`). A conversation finished into a break delays the break, which is then
  taken in full: the agent comes back on duty as much later (`breaks_before` tells the desk each break).
  An unpaid planned break ends a stretch of rostered time as a shift's end does: a conversation finished
  into it is overtime, and the agent is back on duty at the break's end.

Coverage policies are small classes sharing one protocol, so a new mode is one class, not a new branch in
the engine: 24x7 keeps the rota as given; business hours keep rota time inside open..close on the coverage
days in one zone; follow-the-sun keeps each team's rota time inside open..close in its own zone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cached_property
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from sim.scenarios import Scenario
from sim.scenarios.operations import Coverage, Shift, Team

Intervals = NDArray[np.float64]
"""Sorted, disjoint [start, end) intervals in minutes since the scenario's start, shape (n, 2)."""

BREAK_BLOCK_MINUTES = 120.0
"""Each rostered interval is split into blocks of at most this length, each holding one break."""

_EMPTY: Intervals = np.zeros((0, 2), dtype=np.float64)


# --- interval arithmetic ---------------------------------------------------------------------------------


def merge(intervals: Intervals) -> Intervals:
    """Union of intervals, joining those that overlap or touch (a 24/7 rota is one long interval)."""
    if len(intervals) == 0:
        return _EMPTY
    ordered = intervals[np.argsort(intervals[:, 0], kind="stable")]
    ordered = ordered[ordered[:, 1] > ordered[:, 0]]
    merged: list[list[float]] = []
    for start, end in ordered.tolist():
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return np.asarray(merged, dtype=np.float64).reshape(-1, 2)


def intersect(a: Intervals, b: Intervals) -> Intervals:
    """Intersection of two sorted disjoint interval sets."""
    out: list[tuple[float, float]] = []
    i = j = 0
    a_list, b_list = a.tolist(), b.tolist()
    while i < len(a_list) and j < len(b_list):
        start = max(a_list[i][0], b_list[j][0])
        end = min(a_list[i][1], b_list[j][1])
        if start < end:
            out.append((start, end))
        if a_list[i][1] < b_list[j][1]:
            i += 1
        else:
            j += 1
    return np.asarray(out, dtype=np.float64).reshape(-1, 2)


def subtract(a: Intervals, b: Intervals) -> Intervals:
    """The parts of sorted disjoint intervals `a` outside the sorted disjoint intervals `b`."""
    if len(a) == 0 or len(b) == 0:
        return a
    start, end = min(a[0, 0], b[0, 0]), max(a[-1, 1], b[-1, 1])
    gaps = np.column_stack((np.concatenate(([start], b[:, 1])), np.concatenate((b[:, 0], [end]))))
    return intersect(a, gaps[gaps[:, 1] > gaps[:, 0]])


def clip(intervals: Intervals, start: float, end: float) -> Intervals:
    """Intervals cut to [start, end)."""
    cut = np.column_stack((np.maximum(intervals[:, 0], start), np.minimum(intervals[:, 1], end)))
    return cut[cut[:, 1] > cut[:, 0]]


def total(intervals: Intervals) -> float:
    """Summed length of intervals, in minutes."""
    return float((intervals[:, 1] - intervals[:, 0]).sum()) if len(intervals) else 0.0


def time_in_bins(intervals: Intervals, edges: NDArray[np.float64]) -> NDArray[np.float64]:
    """Minutes of `intervals` (may overlap, e.g. several agents) falling in each bin between `edges`.

    Vectorised through the cumulative covered time F(t) = sum of clip(t - start) - clip(t - end), evaluated
    at the edges with sorted starts and ends, so a year of hourly bins over thousands of intervals is cheap.
    """

    def covered_until(points: NDArray[np.float64], times: NDArray[np.float64]) -> NDArray[np.float64]:
        ordered = np.sort(points)
        sums = np.concatenate(([0.0], np.cumsum(ordered)))
        count = np.searchsorted(ordered, times, side="right")
        return times * count - sums[count]

    if len(intervals) == 0:
        return np.zeros(len(edges) - 1)
    cumulative = covered_until(intervals[:, 0], edges) - covered_until(intervals[:, 1], edges)
    return np.diff(cumulative)


# --- local time ------------------------------------------------------------------------------------------

LocalBlock = tuple[int, float, float]
"""(weekday the block starts on, local start in minutes after midnight, length in minutes)."""


def daily_block(start: float, end: float, days: Sequence[int]) -> list[LocalBlock]:
    """Blocks of a daily window (a shift, opening hours); an end at or before the start runs overnight."""
    length = end - start if end > start else end + 1440.0 - start
    return [(day, start, length) for day in days]


def local_blocks_to_utc(
    blocks: Sequence[LocalBlock], zone: str, origin: datetime, horizon: float
) -> Intervals:
    """UTC intervals of weekly local-time blocks over [0, horizon) minutes after `origin` (UTC).

    Start and end are both wall-clock times converted on their own, so a block spanning a DST change is an
    hour shorter or longer, as the people working it experience. A start inside the spring-forward gap is
    read with the offset before the change (zoneinfo's fold=0).
    """
    if not blocks:
        return _EMPTY
    tz = ZoneInfo(zone)
    first_day = (origin.astimezone(tz) - timedelta(days=2)).date()
    last_day = (origin + timedelta(minutes=horizon)).astimezone(tz).date() + timedelta(days=1)
    by_day: dict[int, list[tuple[float, float]]] = {}
    for day, start, length in blocks:
        by_day.setdefault(day, []).append((start, length))
    out: list[tuple[float, float]] = []
    day_date = first_day
    while day_date <= last_day:
        midnight = datetime.combine(day_date, time(0))
        for start, length in by_day.get(day_date.weekday(), ()):
            local_start = midnight + timedelta(minutes=start)
            local_end = local_start + timedelta(minutes=length)
            begin = (local_start.replace(tzinfo=tz) - origin).total_seconds() / 60.0
            finish = (local_end.replace(tzinfo=tz) - origin).total_seconds() / 60.0
            out.append((begin, finish))
        day_date += timedelta(days=1)
    return clip(merge(np.asarray(out, dtype=np.float64).reshape(-1, 2)), 0.0, horizon)


def local_instants(clock: float, zone: str, origin: datetime, horizon: float) -> NDArray[np.float64]:
    """Every moment the local clock in `zone` shows `clock` (minutes after midnight) within the horizon."""
    return local_blocks_to_utc(daily_block(clock, clock + 1.0, range(7)), zone, origin, horizon)[:, 0]


# --- coverage policies -----------------------------------------------------------------------------------


class CoveragePolicy(Protocol):
    """When the care operation works: the windows that cut each team's rota, and when the desk is open."""

    def team_windows(self, team: Team) -> Intervals:
        """Where this team's rota counts."""
        ...

    def desk_windows(self) -> Intervals:
        """When the desk as a whole is open (drives the after-hours notice and the morning backlog)."""
        ...


@dataclass(frozen=True)
class AroundTheClock:
    """24x7: the rota as given; the desk never states closing hours."""

    horizon: float

    def team_windows(self, team: Team) -> Intervals:
        return np.array([[0.0, self.horizon]])

    def desk_windows(self) -> Intervals:
        return np.array([[0.0, self.horizon]])


@dataclass(frozen=True)
class BusinessHours:
    """Only rota time inside open..close, on the coverage days, in one zone (the first team's by default)."""

    coverage: Coverage
    zone: str
    origin: datetime
    horizon: float

    def _windows(self, zone: str) -> Intervals:
        c = self.coverage
        return local_blocks_to_utc(daily_block(c.open, c.close, c.days), zone, self.origin, self.horizon)

    def team_windows(self, team: Team) -> Intervals:
        return self._windows(self.zone)

    def desk_windows(self) -> Intervals:
        return self._windows(self.zone)


@dataclass(frozen=True)
class FollowTheSun(BusinessHours):
    """Each team works open..close in its own zone; the desk is open while any frontline team is."""

    teams: tuple[Team, ...] = ()

    def team_windows(self, team: Team) -> Intervals:
        return self._windows(team.timezone)

    def desk_windows(self) -> Intervals:
        frontline = [self._windows(t.timezone) for t in self.teams if t.role == "frontline"]
        return merge(np.concatenate(frontline)) if frontline else _EMPTY


def coverage_policy(scenario: Scenario) -> CoveragePolicy:
    """The scenario's coverage mode as a policy object."""
    if scenario.staffing is None:
        raise ValueError("the scenario has no `staffing` to simulate")
    coverage = scenario.policies.coverage
    horizon, origin = scenario.meta.duration, scenario.meta.start
    teams = tuple(scenario.staffing.teams)
    if coverage.mode == "24x7":
        return AroundTheClock(horizon)
    zone = coverage.timezone or teams[0].timezone
    if coverage.mode == "business_hours":
        return BusinessHours(coverage, zone, origin, horizon)
    return FollowTheSun(coverage, zone, origin, horizon, teams)


# --- rosters ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentRoster:
    """One agent: a seat of a shift (or of an hourly plan) across every day it runs."""

    name: str
    """Team, shift and seat, e.g. 'london/night#1'."""
    team: int
    """Index of the agent's team in `Roster.teams`."""
    rostered: Intervals
    """Paid time: the rota cut by the coverage policy."""
    on_duty: Intervals
    """Rostered time minus breaks: when the agent may start work."""


@dataclass(frozen=True)
class TeamRoster:
    """A team's agents and the figures needed to cost them."""

    name: str
    role: Literal["frontline", "backoffice"]
    concurrency: int
    hourly_cost: float
    agents: tuple[int, ...]
    """Indices into `Roster.agents`."""


@dataclass(frozen=True)
class Roster:
    """Every agent's rostered and on-duty time over the simulated horizon."""

    horizon: float
    teams: tuple[TeamRoster, ...]
    agents: tuple[AgentRoster, ...]
    desk_open: Intervals
    """When the desk is open (whole horizon under 24x7)."""

    def team_intervals(self, team: int, which: Literal["rostered", "on_duty"] = "on_duty") -> Intervals:
        """All intervals of a team's agents (overlapping: one row per agent interval)."""
        parts = [getattr(self.agents[a], which) for a in self.teams[team].agents]
        return np.concatenate(parts) if parts else _EMPTY

    def agents_per_hour(
        self, team: int, which: Literal["rostered", "on_duty"] = "on_duty"
    ) -> NDArray[np.float64]:
        """Mean number of the team's agents on duty (or rostered) in each hour of the horizon."""
        edges = np.append(np.arange(0.0, self.horizon, 60.0), self.horizon)
        return time_in_bins(self.team_intervals(team, which), edges) / np.diff(edges)

    def paid_minutes(self, team: int, start: float = 0.0, end: float | None = None) -> float:
        """Rostered agent-minutes of a team inside [start, end) (overtime is added from the work log)."""
        stop = self.horizon if end is None else end
        return sum(total(clip(self.agents[a].rostered, start, stop)) for a in self.teams[team].agents)

    def is_open_at(self, time: float) -> bool:
        """Whether the desk is open at one time."""
        starts, ends = self._open_bounds
        index = bisect_right(starts, time) - 1
        return index >= 0 and time < ends[index]

    @cached_property
    def _open_bounds(self) -> tuple[list[float], list[float]]:
        """`desk_open` as two lists: `is_open_at` runs once per follow-up complaint, where numpy's per-call
        overhead would dominate."""
        return self.desk_open[:, 0].tolist(), self.desk_open[:, 1].tolist()

    def is_open(self, times: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Whether the desk is open at each time."""
        if len(self.desk_open) == 0:
            return np.zeros(len(times), dtype=bool)
        index = np.searchsorted(self.desk_open[:, 0], times, side="right") - 1
        inside = index >= 0
        inside[inside] = times[inside] < self.desk_open[index[inside], 1]
        return inside


@dataclass(frozen=True)
class Seat:
    """One agent seat of a team's rota, in local blocks: the time it works and its planned breaks."""

    label: str
    work: tuple[LocalBlock, ...]
    unpaid_breaks: tuple[LocalBlock, ...] = ()
    """Planned breaks outside paid time: cut from the rostered time."""
    paid_breaks: tuple[LocalBlock, ...] = ()
    """Planned breaks in paid time: rostered, never on duty."""


def _shift_breaks(shift: Shift, paid: bool) -> tuple[LocalBlock, ...]:
    """A shift's planned breaks (paid or unpaid) as local blocks, on each day the shift starts."""
    return tuple(
        (day, shift.start + shift.break_offset(pause), pause.length)
        for pause in shift.breaks or ()
        if pause.paid == paid
        for day in shift.days
    )


def _rota_blocks(team: Team) -> list[Seat]:
    """Every agent seat of the team's rota."""
    seats: list[Seat] = []
    for i, shift in enumerate(team.shifts):
        work = tuple(daily_block(shift.start, shift.end, shift.days))
        unpaid, paid = _shift_breaks(shift, paid=False), _shift_breaks(shift, paid=True)
        label = shift.name or f"shift{i}"
        seats += [Seat(f"{label}#{j}", work, unpaid, paid) for j in range(shift.agents)]
    if team.hourly is not None:
        week = np.tile(team.hourly, 7) if len(team.hourly) == 24 else np.asarray(team.hourly)
        for j in range(int(week.max(initial=0))):
            seats.append(Seat(f"hourly#{j}", tuple(_runs_as_blocks(week > j))))
    return seats


def _runs_as_blocks(on: NDArray[np.bool_]) -> list[LocalBlock]:
    """Runs of on-duty hours in a 168-hour week (Monday 00h first) as local blocks."""
    padded = np.concatenate(([False], on, [False])).astype(np.int8)
    starts = np.flatnonzero(np.diff(padded) == 1)
    ends = np.flatnonzero(np.diff(padded) == -1)
    return [
        (int(s) // 24, (int(s) % 24) * 60.0, (int(e) - int(s)) * 60.0)
        for s, e in zip(starts, ends, strict=True)
    ]


def take_breaks(rostered: Intervals, shrinkage: float, rng: np.random.Generator) -> Intervals:
    """On-duty time: each rostered interval minus one break per block of at most two hours.

    Each break lasts `shrinkage` x its block and sits at a uniform offset inside the block, so breaks are
    spread over the shift, never leave it, and add up to exactly the shrinkage share. Vectorised over all
    intervals: one `uniform` call with per-break bounds draws the same numbers, in the same order, as one
    call per interval would.
    """
    if shrinkage <= 0 or len(rostered) == 0:
        return rostered
    start, end = rostered[:, 0], rostered[:, 1]
    count = np.maximum(1, np.ceil((end - start) / BREAK_BLOCK_MINUTES - 1e-9)).astype(np.int64)
    block = (end - start) / count
    pause = shrinkage * block
    interval = np.repeat(np.arange(len(rostered)), count)  # the interval of each break
    nth = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)  # its block in the interval
    break_start = start[interval] + block[interval] * nth + rng.uniform(0.0, (block - pause)[interval])
    # Interval i becomes pieces first[i] .. first[i] + count[i]: around and between its breaks.
    first = np.cumsum(count + 1) - (count + 1)
    piece_start = np.empty(len(break_start) + len(rostered))
    piece_end = np.empty_like(piece_start)
    piece_start[first], piece_end[first + count] = start, end
    piece_end[first[interval] + nth] = break_start
    piece_start[first[interval] + nth + 1] = break_start + pause[interval]
    pieces = np.column_stack((piece_start, piece_end))
    return pieces[pieces[:, 1] > pieces[:, 0]]


def breaks_before(on_duty: Intervals, rostered: Intervals) -> NDArray[np.float64]:
    """Length of the break before each on-duty interval: its gap from the previous one when both lie in the
    same rostered interval, else 0 (it begins a stretch of rostered time). The desk gives an agent who
    worked into a break the whole of it (`policies.handover`)."""
    if len(on_duty) == 0:
        return np.zeros(0)
    stretch = np.searchsorted(rostered[:, 0], on_duty[:, 0], side="right") - 1
    gap = on_duty[1:, 0] - on_duty[:-1, 1]
    return np.concatenate(([0.0], np.where(stretch[1:] == stretch[:-1], gap, 0.0)))


def build_roster(scenario: Scenario, rng: np.random.Generator) -> Roster:
    """Every team's agents with their rostered and on-duty intervals; `rng` places the breaks."""
    if scenario.staffing is None:
        raise ValueError("the scenario has no `staffing` to simulate")
    policy = coverage_policy(scenario)
    origin, horizon = scenario.meta.start, scenario.meta.duration
    teams: list[TeamRoster] = []
    agents: list[AgentRoster] = []
    # Seats on the same shifts share a rota: converting a year of local days to UTC is worth doing once.
    converted: dict[tuple[tuple[LocalBlock, ...], str], Intervals] = {}

    def utc(blocks: tuple[LocalBlock, ...], zone: str) -> Intervals:
        if (blocks, zone) not in converted:
            converted[blocks, zone] = local_blocks_to_utc(blocks, zone, origin, horizon)
        return converted[blocks, zone]

    for index, team in enumerate(scenario.staffing.teams):
        windows = policy.team_windows(team)
        first = len(agents)
        for seat in _rota_blocks(team):
            zone = team.timezone
            rostered = subtract(intersect(utc(seat.work, zone), windows), utc(seat.unpaid_breaks, zone))
            working = subtract(rostered, utc(seat.paid_breaks, zone))
            on_duty = take_breaks(working, team.shrinkage, rng)
            agents.append(AgentRoster(f"{team.name}/{seat.label}", index, rostered, on_duty))
        cost = scenario.costs.agent_hour if team.hourly_cost is None else team.hourly_cost
        teams.append(
            TeamRoster(team.name, team.role, team.concurrency, cost, tuple(range(first, len(agents))))
        )
    return Roster(horizon, tuple(teams), tuple(agents), policy.desk_windows())
