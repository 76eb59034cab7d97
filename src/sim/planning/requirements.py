"""Agents each site needs per hour of the week in its own local time: the first guess of the search.

The run is cut into quarter-hours (fine enough for Mumbai's +5:30 and Kathmandu's +5:45), and each site
reads its clock with zoneinfo on every date of the run (`Site.clock`). Each quarter-hour's expected
mentions of each kind go to the cheapest frontline site that takes the kind and whose people may work then
on that date's clock (cost per agent-hour over the conversations an agent holds and the time not lost to
shrinkage), and Erlang C on that load, at the handling of the kinds it owns and for the strictest goal on
them, gives the agents it takes. Each quarter-hour counts at the local quarter-hour of the week it falls in
on its own date, so a site whose clocks change inside the run (New York on 8 March) owns, is sized for and
is blamed (`search`) at each hour of the local clock its people work by, averaged over the run's weeks. A
site's need in a local hour is the largest need of its quarter-hours in it.

Workable hours (`staffing.teams[].workable`) and coverage (`policies.coverage`) are kept per local
half-hour of the week, the grid shifts start on: a site may work only the local half-hours that lie inside
its workable window and inside its coverage window (`sim.staffing.coverage_policy`) every time the run
passes them, read on the site's own clock with zoneinfo, daylight-saving changes included. Quarter-hours in
which the desk is closed belong to no site and need no staff; their posts wait for the opening, and the
search counts them at the first quarter-hour a site works after it, where the backlog is met.

Skill-limited teams (`kinds`) are planned like the others for the kinds they take: a complaints team
cheaper than the general desk gets the complaints' share of the load and shifts of its own. The engine
pools the queue (a free agent of any team that takes a kind may answer it), and the simulation judges the
split. Back-office teams keep their rota.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from sim.erlang import UnreachableTargetError, agents_for_reply_level, required_agents
from sim.planning.goals import Goal, PlanningError
from sim.planning.templates import spanned
from sim.planning.week import DAY_NAMES, HOURS, SLOTS, SLOTS_PER_HOUR
from sim.scenarios import KINDS, Scenario
from sim.scenarios.operations import SHIFT_GRID_MINUTES, Team
from sim.staffing import Intervals, coverage_policy, time_in_bins
from sim.traffic.rates import rate_blocks, region_clocks

BIN_MINUTES = 15
WEEK_MINUTES = 7 * 1440
BINS = WEEK_MINUTES // BIN_MINUTES
QUARTERS_PER_SLOT = SHIFT_GRID_MINUTES // BIN_MINUTES


@dataclass(frozen=True)
class Site:
    """A frontline team the planner staffs, with what decides where it works."""

    index: int
    """Position in `staffing.teams`."""
    team: Team
    clock: NDArray[np.int64]
    """The local quarter-hour of the week (Monday 00:00 first) in which each quarter-hour of the run
    starts, read on its own date (`local_quarters`): by it the planner tells which site owns a
    quarter-hour, what it needs then and where a missed post is blamed."""
    hourly_cost: float
    workable_slots: NDArray[np.bool_]
    """Local half-hours of the week (Monday 00:00 first) in which the team may be rostered: inside its
    `workable` window and the coverage policy's."""
    kinds: frozenset[int]
    """Kinds the team takes (indices into `KINDS`): its `kinds` list, or every kind."""

    @property
    def name(self) -> str:
        """The team's name."""
        return self.team.name

    @property
    def slot_cost(self) -> float:
        """Cost of an hour of one conversation slot actually worked: what 'cheaper' compares."""
        return self.hourly_cost / (self.team.concurrency * (1.0 - self.team.shrinkage))

    @property
    def workable(self) -> NDArray[np.bool_]:
        """Local hours of the week the hourly search may staff: those with a workable half-hour. Its need
        applies to the workable half-hours only (`shifts.slot_need`), so a window from 06:30 gives the
        hour from 06:00 a need that shifts meet from 06:30; the search's hour-by-hour rota (`with_hourly`)
        staffs that hour whole, the planned shifts only its workable half."""
        return np.logical_or.reduce(self.workable_slots.reshape(HOURS, SLOTS_PER_HOUR), axis=1)

    @property
    def local_hours(self) -> NDArray[np.int64]:
        """The site's local hour of the week of each quarter-hour of the run, on its own date."""
        return self.clock * BIN_MINUTES // 60

    @property
    def local_slots(self) -> NDArray[np.int64]:
        """The site's local half-hour of the week of each quarter-hour of the run, on its own date (one
        holds it whole: zone offsets are whole quarter-hours)."""
        return self.clock // QUARTERS_PER_SLOT


def planned_sites(scenario: Scenario) -> tuple[Site, ...]:
    """The frontline teams, cheapest per slot first, each with the kinds it takes and the local
    half-hours it may work: inside its `workable` window and inside the coverage policy's.

    Raises:
        PlanningError: when a kind customers post is taken by no frontline team.
    """
    assert scenario.staffing is not None
    policy = coverage_policy(scenario)
    sites = [
        _site(scenario, i, team, policy.team_windows(team))
        for i, team in enumerate(scenario.staffing.teams)
        if team.role == "frontline"
    ]
    taken = frozenset().union(*(site.kinds for site in sites))
    untaken = [
        kind for kind, share in scenario.traffic.mix.items() if share > 0 and KINDS.index(kind) not in taken
    ]
    if untaken:
        raise PlanningError(
            f"staffing.teams: no frontline team takes {', '.join(untaken)}, yet traffic.mix gives "
            f"{'it' if len(untaken) == 1 else 'them'} a share, so there is no team to plan for "
            "those posts (add the kind to a team's `kinds`, or give a frontline team no `kinds` list)"
        )
    return tuple(sorted(sites, key=lambda s: s.slot_cost))


def _site(scenario: Scenario, index: int, team: Team, windows: Intervals) -> Site:
    clock = local_quarters(scenario, team.timezone)
    kinds = range(len(KINDS)) if team.kinds is None else map(KINDS.index, team.kinds)
    workable = _may_work(scenario, team, clock, windows)
    return Site(index, team, clock, _cost(scenario, team), workable, frozenset(kinds))


def _may_work(
    scenario: Scenario, team: Team, clock: NDArray[np.int64], windows: Intervals
) -> NDArray[np.bool_]:
    """Local half-hours of the week inside the team's workable window and its coverage `windows`, less
    the half-hours, in hours only half inside them, that no shift of the team's templates can span: a
    window from 06:30 gives a team whose shifts start on the hour its hours from 07:00, as a whole-hour
    window would, and one with half-hour starts its half-hour from 06:30. Whole hours stay, so templates
    that fit none of them are refused by name (`shifts.check_coverable`)."""
    slots = workable_slots(team) & open_slots(scenario, clock, windows)
    whole = np.repeat(slots.reshape(HOURS, SLOTS_PER_HOUR).all(axis=1), SLOTS_PER_HOUR)
    return slots & (whole | spanned(team, slots))


def _cost(scenario: Scenario, team: Team) -> float:
    return scenario.costs.agent_hour if team.hourly_cost is None else team.hourly_cost


def workable_slots(team: Team) -> NDArray[np.bool_]:
    """Local half-hours of the week wholly inside the team's workable window (every one without one)."""
    if team.workable is None:
        return np.ones(SLOTS, dtype=bool)
    start, end = team.workable.start, team.workable.end
    length = end - start if end > start else end + 1440 - start
    minute = np.arange(SLOTS // 7) * float(SHIFT_GRID_MINUTES)
    after_start = (minute - start) % 1440
    day = (after_start + SHIFT_GRID_MINUTES <= length) | (length >= 1440)
    return np.tile(day, 7)


def expected_load(scenario: Scenario) -> NDArray[np.float64]:
    """Mentions the desk will see per UTC quarter-hour of the week (Monday 00:00 first): the traffic
    model's rates, averaged over the times each quarter-hour occurs in the run (`run_load`)."""
    return expected_load_by_kind(scenario).sum(axis=0)


def expected_load_by_kind(scenario: Scenario) -> NDArray[np.float64]:
    """`expected_load` per kind: one row per entry of `KINDS`."""
    week = week_quarters(scenario)
    occurrences = np.bincount(week, minlength=BINS)
    totals = np.stack([np.bincount(week, weights=row, minlength=BINS) for row in run_load(scenario)])
    return np.divide(totals, occurrences, out=np.zeros_like(totals), where=occurrences > 0)


def run_load(scenario: Scenario) -> NDArray[np.float64]:
    """Mentions the desk will see in each quarter-hour of the run, one row per entry of `KINDS`, from
    the traffic model's rates.

    Untagged posts count only as far as listening finds them; cascades and follow-ups are left to the
    simulation.
    """
    bounds = _run_quarters(scenario)
    per_quarter = np.zeros((len(KINDS), len(bounds) - 1))
    for block in rate_blocks(scenario, region_clocks(scenario)):
        cumulative = np.concatenate(([0.0], np.cumsum(block.rate * np.diff(block.edges))))
        per_quarter[block.kinds] += np.outer(
            block.kind_shares, np.diff(np.interp(bounds, block.edges, cumulative))
        )
    traffic, listening = scenario.traffic, scenario.policies.listening
    untagged = traffic.untagged_share * traffic.channels.get("public_post", 0.0)
    found = listening.coverage if listening.enabled else 0.0
    return per_quarter * (1.0 - untagged * (1.0 - found))


def local_quarters(scenario: Scenario, zone: str) -> NDArray[np.int64]:
    """The local quarter-hour of the week in `zone` (Monday 00:00 first) in which each quarter-hour of the
    run starts, read with zoneinfo on its own date: a daylight-saving change moves the later ones."""
    tz, start = ZoneInfo(zone), scenario.meta.start
    local = [(start + timedelta(minutes=float(at))).astimezone(tz) for at in _run_quarters(scenario)[:-1]]
    return np.asarray([(t.weekday() * 1440 + t.hour * 60 + t.minute) // BIN_MINUTES for t in local])


def start_bin(scenario: Scenario) -> int:
    """UTC quarter-hour of the week in which the scenario starts."""
    start = scenario.meta.start
    return (start.weekday() * 1440 + start.hour * 60 + start.minute) // BIN_MINUTES


def run_quarter_count(scenario: Scenario) -> int:
    """Quarter-hours of the run, the last one perhaps cut short at the end."""
    return math.ceil(scenario.meta.duration / BIN_MINUTES)


def _run_quarters(scenario: Scenario) -> NDArray[np.float64]:
    """Edges of the run's quarter-hours, in minutes since the start (the last one cut at the end)."""
    duration = scenario.meta.duration
    return np.minimum(np.arange(run_quarter_count(scenario) + 1) * float(BIN_MINUTES), duration)


def _inside(windows: Intervals, edges: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Whether each quarter-hour between `edges` lies wholly inside `windows`."""
    return time_in_bins(windows, edges) >= np.diff(edges) - 1e-6


def open_slots(scenario: Scenario, clock: NDArray[np.int64], windows: Intervals) -> NDArray[np.bool_]:
    """Local half-hours of the week on a site's `clock` (`Site.clock`) that lie inside `windows` every
    time the run passes them (half-hours the run never passes count as open: a shift may run on into
    them). The clock is read on each date, so a daylight-saving change that moves the window on the UTC
    clock keeps the half-hours open on both sides of it: the planned shifts are worked every week."""
    out = np.ones(SLOTS, dtype=bool)
    np.logical_and.at(out, clock // QUARTERS_PER_SLOT, _inside(windows, _run_quarters(scenario)))
    return out


def run_desk_open(scenario: Scenario) -> NDArray[np.bool_]:
    """Whether the desk is open all through each quarter-hour of the run."""
    return _inside(coverage_policy(scenario).desk_windows(), _run_quarters(scenario))


def desk_open(scenario: Scenario) -> NDArray[np.bool_]:
    """UTC quarter-hours of the week in which the desk is open every time the run passes them (those it
    never passes count as open)."""
    out = np.ones(BINS, dtype=bool)
    np.logical_and.at(out, week_quarters(scenario), run_desk_open(scenario))
    return out


def week_quarters(scenario: Scenario) -> NDArray[np.int64]:
    """The UTC quarter-hour of the week of each quarter-hour of the run."""
    return (np.arange(len(_run_quarters(scenario)) - 1) + start_bin(scenario)) % BINS


def next_worked(worked: NDArray[np.bool_]) -> NDArray[np.int64]:
    """For each quarter-hour (of the week, or of the run), the first worked one from it on, round the
    end to the start: itself while worked, the next opening while not (`worked` must have some
    quarter-hour worked)."""
    opened = np.flatnonzero(worked)
    return opened[np.searchsorted(opened, np.arange(len(worked))) % len(opened)]


def assign_sites(scenario: Scenario, sites: tuple[Site, ...], load: NDArray[np.float64]) -> NDArray[np.int64]:
    """For each kind (a row per entry of `KINDS`) and quarter-hour of the run, the position in `sites` of
    the cheapest site that takes the kind and may work then on its clock that date (`Site.clock`), or -1
    where none may (the desk is closed then). `load` has a row per kind (`run_load`).

    Raises:
        PlanningError: when customers post a kind while the desk is open but no site that takes it may
            work.
    """
    may_work = np.stack([site.workable_slots[site.local_slots] for site in sites])  # cheapest first
    desk = run_desk_open(scenario)
    owner = np.full(load.shape, -1, dtype=np.int64)
    for kind in range(len(KINDS)):
        takers = np.asarray([kind in site.kinds for site in sites])
        allowed = may_work & takers[:, None]
        uncovered = week_quarters(scenario)[(load[kind] > 0) & desk & ~allowed.any(axis=0)]
        _refuse_uncovered(sites, kind, np.unique(uncovered))
        owner[kind] = np.where(allowed.any(axis=0), np.argmax(allowed, axis=0), -1)
    return owner


def _refuse_uncovered(sites: tuple[Site, ...], kind: int, uncovered: NDArray[np.int64]) -> None:
    """Name the first UTC quarter-hour of the week (of the sorted `uncovered`) a kind is posted while the
    desk is open and nobody may take it."""
    if not uncovered.size:
        return
    takers = [site for site in sites if kind in site.kinds]
    every_kind = len(takers) == len(sites) and all(len(site.kinds) == len(KINDS) for site in sites)
    posts, team = ("", "") if every_kind else (f" {KINDS[kind]} mentions", f" that takes {KINDS[kind]}")
    first = int(uncovered[0]) * BIN_MINUTES
    when = f"{DAY_NAMES[first // 1440]} {first % 1440 // 60:02d}:{first % 60:02d} UTC"
    names = ", ".join(f"staffing.teams.{s.name}.workable" for s in takers)
    raise PlanningError(
        f"{names}: customers post{posts} at {when} (and {uncovered.size - 1} more quarter-hours a "
        f"week) but no frontline team{team} may work then; widen a team's workable hours"
    )


def kind_work(scenario: Scenario, team: Team) -> NDArray[np.float64]:
    """Expected agent minutes per mention of each kind (a value per entry of `KINDS`): first turn plus
    expected later turns, at the team's concurrency (its slowdown included)."""
    threads, spam = scenario.policies.threads, scenario.policies.spam
    work = np.zeros(len(KINDS))
    for index, kind in enumerate(KINDS):
        first = team.handle_time_for(kind).mean * team.handle_time_factor
        if kind == "spam":
            first = spam.detection * spam.glance + (1 - spam.detection) * first
        follow = threads.follow_up.get(kind, 0.0)
        later_turns = sum(follow**turn for turn in range(1, threads.max_turns))
        work[index] = first * (1 + later_turns * threads.turn_factor)
    return work


@lru_cache(maxsize=4096)
def _servers(per_hour: float, work: float, within: float, share: float) -> int:
    """Erlang C servers whose waiting plus handling meets the goal; where handling alone is too slow for
    it, the fewest that keep waiting rare (the simulation says the rest)."""
    try:
        return agents_for_reply_level(per_hour, work, within, share)
    except UnreachableTargetError:
        return required_agents(per_hour, work, 0.0, share, measure="picked_up").agents


def agents_needed(site: Site, per_hour: float, work: float, goals: tuple[Goal, ...]) -> int:
    """Rostered agents of the site for a steady load of `per_hour` mentions, for the strictest goal."""
    if per_hour <= 1e-9:
        return 0
    rounded = round(per_hour, 1)
    servers = max(_servers(rounded, work, g.within, g.share) for g in goals)
    on_duty = math.ceil(servers / site.team.concurrency)
    return math.ceil(on_duty / (1.0 - site.team.shrinkage) - 1e-9)


def first_guess(
    scenario: Scenario, sites: tuple[Site, ...], goals: tuple[Goal, ...], owner: NDArray[np.int64]
) -> dict[str, NDArray[np.int64]]:
    """Erlang C agents per local hour of the week for every site, from the kinds and quarter-hours it
    owns (`owner`, per kind and quarter-hour of the run), each counted at the local hour it falls in on
    its date."""
    load = run_load(scenario)
    return {
        site.name: _local_need(scenario, site, goals, load, owner == position)
        for position, site in enumerate(sites)
    }


def _local_need(
    scenario: Scenario, site: Site, goals: tuple[Goal, ...], load: NDArray[np.float64],
    owned: NDArray[np.bool_],
) -> NDArray[np.int64]:  # fmt: skip
    """The site's agents per local hour for the kinds and quarter-hours of the run it owns (`load` and
    `owned` per kind and quarter-hour of the run). Each local quarter-hour's load is the mean over the
    dates the site owns it, the size it must meet when it works then, at the handling of the kinds it
    owns and for the strictest goal on them (it owns none it may not work, `assign_sites`)."""
    kinds = {KINDS[k] for k in np.flatnonzero(owned.any(axis=1))}
    mine = tuple(g for g in goals if g.kind == "all" or g.kind in kinds)
    if not mine:
        return np.zeros(HOURS, dtype=np.int64)  # no goal on the kinds it owns: none needs an answer
    local, owned_load = site.clock, np.where(owned, load, 0.0)
    occurrences = np.bincount(local[owned.any(axis=0)], minlength=BINS)
    mentions = np.bincount(local, weights=owned_load.sum(axis=0), minlength=BINS)
    minutes = np.bincount(local, weights=kind_work(scenario, site.team) @ owned_load, minlength=BINS)
    mean = np.divide(mentions, occurrences, out=np.zeros(BINS), where=occurrences > 0)
    work = np.divide(minutes, mentions, out=np.zeros(BINS), where=mentions > 0)
    work = np.round(work, 9)  # one value wherever the same kinds are owned: the Erlang results are cached
    per_hour = mean * 60 / BIN_MINUTES
    per_quarter = [agents_needed(site, n, float(w), mine) for n, w in zip(per_hour, work, strict=True)]
    hours = np.zeros(HOURS, dtype=np.int64)
    np.maximum.at(hours, np.arange(BINS) * BIN_MINUTES // 60, per_quarter)
    return hours
