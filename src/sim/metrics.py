"""What a run measured: one record per mention (numpy columns, like Ciw's records) and the figures from them.

Definitions, stated once so every table means the same thing:

- Window: figures count mentions that arrive after `meta.warmup`; costs and occupancy count time after it.
- Target of a mention: the `targets` entry of its kind, else the 'all' entry, else one hour.
- First response: minutes from arrival to the end of the first handling turn (the reply is posted).
- Service level: mentions answered within their target / mentions that need an answer (all but ignored
  spam). Abandoned and open mentions count as failures: a customer who gave up was not served.
- Gave up: mentions whose author ran out of patience before the desk picked them / mentions that need an
  answer. By default (`policies.inbox.give_ups: stay`) such a post stays in the inbox and still needs an
  answer: it ends answered (late) or open, never abandoned.
- Abandonment: abandoned (left the inbox unanswered: reneged under `give_ups: leave`, as in Erlang A, or
  dropped by `drop_after`) / mentions that need an answer.
- Wait: minutes from arrival to the start of the first handling (Erlang's waiting time). P(wait > 0) and the
  wait service level (picked within the target) count abandoned and open mentions as having waited and as
  failures, i.e. Erlang A's "answered within t" service level.
- Occupancy (per slot): handling time / the slots' available time, on-duty time plus the handling that ran
  past it (concurrency k gives k slots; all handling counts, a conversation finished into a break too).
- Occupancy per agent: time with any conversation open / the agent's available time (its slots' mean):
  with concurrency 1 the same as per slot; with k > 1 what the agent's day feels like.
- Shrinkage taken: share of rostered slot-time neither on duty nor handling: the breaks as taken (a break
  is taken in full, so this is the configured `shrinkage`, give or take the last break of a run, plus the
  shifts' paid planned `breaks`; unpaid ones are not rostered time).
- Paid hours: rostered hours (coverage-cut rota, breaks included) plus overtime past a shift's end.
- Morning backlog: mentions seen and waiting for a first answer when the desk opens, and at 09:00 local in
  each region (averaged over the days in the window).
- Negative reach: people reached by complaints and urgent posts (author + reshares) before the brand's first
  reply, after replies thinned later reshares.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.scenarios import KINDS, Scenario
from sim.staffing import Roster, clip, local_instants, total
from sim.traffic.clock import local_hour
from sim.traffic.rates import region_clocks

OUTCOMES = ("answered", "abandoned", "ignored", "open")
ANSWERED, ABANDONED, IGNORED, OPEN = range(4)
DEFAULT_TARGET_MINUTES = 60.0
WAIT_EPSILON = 1e-9
"""Waits below this many minutes are clock rounding, not waiting."""
NEGATIVE_KINDS = (KINDS.index("complaint"), KINDS.index("urgent"))
"""Kinds whose reach counts as negative, and whose ignored authors may complain again in public."""


@dataclass(frozen=True)
class LateReturns:
    """On-duty time lost because a break is taken in full: a slot of `agent` that worked into its break came
    back on duty at `end` instead of its planned `start` (under `handover: finish`)."""

    agent: NDArray[np.int64]
    start: NDArray[np.float64]
    end: NDArray[np.float64]

    @classmethod
    def none(cls) -> LateReturns:
        """No late return at all (a requeue hand-over, or no breaks)."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))


@dataclass(frozen=True)
class WorkLog:
    """Every piece of agent work: who, from when to when, on which mention; and the agents' late returns."""

    agent: NDArray[np.int64]
    start: NDArray[np.float64]
    end: NDArray[np.float64]
    mention: NDArray[np.int64]
    late_returns: LateReturns = field(default_factory=LateReturns.none)


@dataclass(frozen=True)
class MentionRecords:
    """One row per mention (roots first, then public follow-ups); times in minutes since the start (UTC)."""

    kind: NDArray[np.int8]
    region: NDArray[np.int16]
    channel: NDArray[np.int8]
    network: NDArray[np.int8]
    tagged: NDArray[np.bool_]
    followers: NDArray[np.int64]
    arrival: NDArray[np.float64]
    seen: NDArray[np.float64]
    """When the desk saw it; NaN if listening never found it."""
    picked: NDArray[np.float64]
    """Start of the first handling (Erlang's end of waiting); NaN if never picked."""
    first_response: NDArray[np.float64]
    """End of the first handling: the reply is posted; NaN unless answered."""
    resolved: NDArray[np.float64]
    """End of the last turn (back office included); NaN while unfinished."""
    abandoned_at: NDArray[np.float64]
    """When the post left the inbox unanswered (its author gave up under `policies.inbox.give_ups: leave`,
    or the drop rule `drop_after` took it); NaN unless abandoned."""
    gave_up_at: NDArray[np.float64]
    """When its author ran out of patience before the desk picked the post; NaN if they did not. Under
    `give_ups: stay` the post still waits and may be answered later."""
    team: NDArray[np.int16]
    """Team of the agent who gave the first response (-1 if none)."""
    agent: NDArray[np.int64]
    outcome: NDArray[np.int8]
    """Index into OUTCOMES."""
    follow_up_of: NDArray[np.int64]
    """For a public follow-up complaint, the mention whose author gave up; else -1."""
    turns: NDArray[np.int16]
    """Handling turns completed (the first reply, later replies, the back-office handling)."""
    escalated: NDArray[np.bool_]
    reach_unanswered: NDArray[np.float64]
    """People its reshares reached before the first reply (all of them if never answered); its author's
    own followers are not counted: they see the post when it is posted, however fast the desk is."""
    reach_total: NDArray[np.float64]
    """People it reached in all: its author's followers and every reshare's, after a reply thinned them."""
    cascade_size: NDArray[np.int64]
    """Reshares of the mention's cascade after replies thinned it."""

    def __len__(self) -> int:
        return int(self.arrival.shape[0])

    @property
    def id(self) -> NDArray[np.int64]:
        """Row number: roots keep their stream index."""
        return np.arange(len(self), dtype=np.int64)

    @property
    def wait(self) -> NDArray[np.float64]:
        """Arrival to first pick, NaN if never picked."""
        return self.picked - self.arrival

    def columns(self, labels: Mapping[str, tuple[str, ...]]) -> dict[str, list[Any]]:
        """The records as named columns, coded ones (kind, team, outcome...) written with `labels`' names."""

        def named(codes: NDArray[Any], names: tuple[str, ...]) -> list[str]:
            return [names[c] if c >= 0 else "" for c in codes.tolist()]

        data: dict[str, list[Any]] = {"id": self.id.tolist()}
        for column in fields(self):
            values = getattr(self, column.name)
            if column.name in labels:
                data[column.name] = named(values, labels[column.name])
            else:
                data[column.name] = values.tolist()
        return data


# --- figures ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFigures:
    """First-response figures of a group of mentions (a kind, a region, an hour of the day, or all)."""

    mentions: int
    answered: int
    abandoned: int
    ignored: int
    open: int
    service_level: float
    """Share answered within the kind's target, of those needing an answer (ignored spam left out)."""
    answered_share: float
    """Share answered at all, however late, of those needing an answer."""
    first_response_p50: float
    """Time by which half of the mentions needing an answer had their first reply. Mentions never answered
    (abandoned, still open) count as beyond every percentile, so this is inf ("not reached") when half of
    them got no reply at all."""
    first_response_p90: float
    """Time by which 90% of the mentions needing an answer had their first reply; inf ("not reached") when
    about a tenth or more got none. A desk cannot look faster by leaving posts unanswered."""
    first_response_mean: float
    """Mean time to the first reply of mentions that got one (answered only; read with `answered_share`)."""
    abandonment: float
    """Share of those needing an answer that left the inbox unanswered (reneged or dropped)."""
    gave_up: float
    """Share of those needing an answer whose author ran out of patience before the desk picked the post
    (answered late, still open or abandoned)."""


@dataclass(frozen=True)
class WaitFigures:
    """Arrival to first pick, the quantity Erlang C and Erlang A predict."""

    p_wait: float
    """Share of mentions not picked at once (abandoned and open ones waited)."""
    service_level: float
    """Share picked within their target (abandoned and open fail)."""
    mean: float
    """Mean wait of picked mentions."""
    p90: float


@dataclass(frozen=True)
class TeamFigures:
    """A team's load and cost in the window."""

    agents: int
    occupancy: float
    """Handling time / available slot-time (on duty, or handling past it)."""
    agent_occupancy: float
    """Time with any conversation open / the agents' available time (on duty or with a conversation open,
    less the time back late from a break with every slot), in wall-clock minutes per agent."""
    shrinkage: float
    """Share of rostered slot-time neither on duty nor handling (the breaks as taken)."""
    paid_hours: float
    overtime_hours: float
    cost: float


@dataclass(frozen=True)
class Summary:
    """Per-replication figures; `to_dict` flattens them to names -> numbers so replications average."""

    overall: GroupFigures
    by_kind: dict[str, GroupFigures]
    by_region: dict[str, GroupFigures]
    by_tagging: dict[str, GroupFigures]
    """'tagged' (the brand's handle is on the post) and 'untagged' (seen only through listening)."""
    by_hour: tuple[GroupFigures, ...]
    """By UTC hour of arrival, 0..23."""
    wait: WaitFigures
    teams: dict[str, TeamFigures]
    morning_backlog: float
    """Mean backlog when the desk opens (NaN when it never closes)."""
    morning_backlog_by_region: dict[str, float]
    """Mean backlog at 09:00 local in each region."""
    cost: float
    negative_reach: float
    """People complaints and urgent posts reached through reshares before their first reply: what silence
    added (`MentionRecords.reach_unanswered`, the same rule for originals and follow-ups)."""
    complaint_reach: float
    """People complaints and urgent posts reached in all (`MentionRecords.reach_total`): what a reply, by
    thinning later reshares, and follow-ups, by adding posts, both move."""
    complaint_reshares: int
    """Reshares of complaints and urgent posts after replies thinned them."""
    follow_ups: int
    """Public follow-up complaints posted by customers who gave up."""

    def to_dict(self) -> dict[str, float | None]:
        """Flat, JSON-ready figures: 'kind.complaint.service_level' -> 0.93; NaN becomes None."""
        flat: dict[str, float] = {
            "cost": self.cost,
            "negative_reach": self.negative_reach,
            "complaint_reach": self.complaint_reach,
            "complaint_reshares": float(self.complaint_reshares),
            "follow_ups": float(self.follow_ups),
            "morning_backlog.desk_open": self.morning_backlog,
        }
        flat |= {f"morning_backlog.region.{k}": v for k, v in self.morning_backlog_by_region.items()}
        flat |= _prefixed("all", asdict(self.overall))
        flat |= _prefixed("wait", asdict(self.wait))
        for kind, figures in self.by_kind.items():
            flat |= _prefixed(f"kind.{kind}", asdict(figures))
        for region, figures in self.by_region.items():
            flat |= _prefixed(f"region.{region}", asdict(figures))
        for tagging, figures in self.by_tagging.items():
            flat |= _prefixed(tagging, asdict(figures))
        for hour, figures in enumerate(self.by_hour):
            flat |= _prefixed(f"hour.{hour:02d}", asdict(figures))
        for team, team_figures in self.teams.items():
            flat |= _prefixed(f"team.{team}", asdict(team_figures))
        return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in flat.items()}


def _prefixed(prefix: str, values: dict[str, Any]) -> dict[str, float]:
    return {f"{prefix}.{k}": float(v) for k, v in values.items()}


@dataclass(frozen=True)
class HourlySeries:
    """Hour-by-hour time series over the whole horizon (hour i covers minutes [60 i, 60 i + 60))."""

    arrivals: NDArray[np.int64]
    answered: NDArray[np.int64]
    """First responses posted in the hour."""
    backlog: NDArray[np.int64]
    """Mentions seen and waiting for a first answer at the start of the hour."""
    agents_on_duty: NDArray[np.float64]
    """Mean frontline agents on duty (breaks excluded)."""


@dataclass(frozen=True)
class Waits:
    """Start and end of every first-answer wait in the queue (seen -> picked or given up), each sorted: the
    backlog at any times is two binary searches. Built once per run for every backlog figure (the sorts are
    the cost)."""

    starts: NDArray[np.float64]
    ends: NDArray[np.float64]

    @classmethod
    def of(cls, records: MentionRecords) -> Waits:
        """The waits of every row that queued."""
        end = np.where(np.isfinite(records.picked), records.picked, records.abandoned_at)
        end = np.where(np.isnan(end), np.inf, end)
        queued = np.isfinite(records.seen) & (end >= records.seen)
        # Both come nearly in order already (rows are by arrival): a stable sort (timsort) runs through
        # what is in order where numpy's default sort starts from scratch.
        return cls(np.sort(records.seen[queued], kind="stable"), np.sort(end[queued], kind="stable"))

    def backlog_at(self, times: NDArray[np.float64]) -> NDArray[np.int64]:
        """Mentions seen and waiting for their first answer at each time."""
        return np.searchsorted(self.starts, times, side="right") - np.searchsorted(
            self.ends, times, side="right"
        )

    def mean_backlog(self, times: NDArray[np.float64]) -> float:
        """Mean backlog at the times (NaN without any)."""
        return float(self.backlog_at(times).mean()) if len(times) else math.nan


def kind_targets(scenario: Scenario) -> tuple[float, ...]:
    """Target minutes per kind in `KINDS` order: the kind's target, else 'all', else one hour."""
    by_kind = {t.kind: t.within for t in reversed(scenario.targets)}
    fallback = by_kind.get("all", DEFAULT_TARGET_MINUTES)
    return tuple(by_kind.get(kind, fallback) for kind in KINDS)


def summarize(
    records: MentionRecords,
    work: WorkLog,
    roster: Roster,
    scenario: Scenario,
    waits: Waits,
    teams: dict[str, TeamFigures] | None = None,
) -> Summary:
    """The figures of one run, over mentions arriving after the warm-up; `waits` are the records'.

    `teams`: the teams' figures if the caller has worked them out already (`figures_by_team`, which needs
    only the work log and the roster); None: worked out here.
    """
    warmup = scenario.meta.warmup
    window = records.arrival >= warmup
    target = np.asarray(kind_targets(scenario))[records.kind]
    groups = _Groups(records, target, window)
    regions = [r.name for r in scenario.regions]
    start = scenario.meta.start
    hour = (np.floor((records.arrival + start.hour * 60 + start.minute) / 60.0) % 24).astype(np.int16)
    negative = np.isin(records.kind, NEGATIVE_KINDS) & window
    desk_opens = roster.desk_open[:, 0]
    desk_opens = desk_opens[(desk_opens > 0) & (desk_opens >= warmup)]
    overall = groups.split(np.zeros(len(records), dtype=np.int16), 1)[0]
    by_kind: dict[str, GroupFigures] = dict(zip(KINDS, groups.split(records.kind, len(KINDS)), strict=True))
    by_region = dict(zip(regions, groups.split(records.region, len(regions)), strict=True))
    by_tagging = dict(
        zip(("untagged", "tagged"), groups.split(records.tagged.astype(np.int16), 2), strict=True)
    )
    by_hour = tuple(groups.split(hour, 24))
    if teams is None:
        teams = figures_by_team(work, roster, warmup)
    return Summary(
        overall=overall,
        by_kind=by_kind,
        by_region=by_region,
        by_tagging=by_tagging,
        by_hour=by_hour,
        wait=_wait_figures(records, target, window),
        teams=teams,
        morning_backlog=waits.mean_backlog(desk_opens),
        morning_backlog_by_region={
            r.name: waits.mean_backlog(_nine_am(r.timezone, scenario, warmup)) for r in scenario.regions
        },
        cost=sum(t.cost for t in teams.values()),
        negative_reach=float(records.reach_unanswered[negative].sum()),
        complaint_reach=float(records.reach_total[negative].sum()),
        complaint_reshares=int(records.cascade_size[negative].sum()),
        follow_ups=int(((records.follow_up_of >= 0) & window).sum()),
    )


def _nine_am(zone: str, scenario: Scenario, warmup: float) -> NDArray[np.float64]:
    instants = local_instants(9 * 60.0, zone, scenario.meta.start, scenario.meta.duration)
    return instants[instants >= warmup]


class _Groups:
    """First-response figures for every group of a labelling, vectorised: the response times sorted once
    for all labellings, then per labelling one stable radix sort of the labels, which leaves each group's
    times in order for its quantiles."""

    def __init__(
        self, records: MentionRecords, target: NDArray[np.float64], window: NDArray[np.bool_]
    ) -> None:
        self._window = window
        self._outcome = records.outcome[window].astype(np.int16)
        response = (records.first_response - records.arrival)[window]
        answered = self._outcome == ANSWERED
        self._within = answered & (response <= target[window])
        self._gave_up = ~np.isnan(records.gave_up_at[window]) & (self._outcome != IGNORED)
        answered_at = np.flatnonzero(answered)
        self._answered_at = answered_at[np.argsort(response[answered_at])]
        """The answered rows (of the window), fastest reply first."""
        self._answered_response = response[self._answered_at]

    def split(self, labels: NDArray[np.integer[Any]], count: int) -> list[GroupFigures]:
        """Figures of groups 0..count-1 of `labels` (one label per record)."""
        label = labels[self._window].astype(np.int16)  # small integers sort by radix
        # The pair index in a machine integer: label * 4 leaves int16 from the 8,192nd group on.
        pairs = label.astype(np.intp) * len(OUTCOMES) + self._outcome
        outcomes = np.bincount(pairs, minlength=count * len(OUTCOMES))
        outcomes = outcomes.reshape(count, len(OUTCOMES))
        within = np.bincount(label[self._within], minlength=count)
        gave_up = np.bincount(label[self._gave_up], minlength=count)
        answered_label = label[self._answered_at]
        by_group = self._answered_response[np.argsort(answered_label, kind="stable")]
        bounds = np.concatenate(([0], np.cumsum(np.bincount(answered_label, minlength=count))))
        figures = []
        for g in range(count):
            times = by_group[bounds[g] : bounds[g + 1]]  # in order: the sort of the labels is stable
            mentions = int(outcomes[g].sum())
            needing = mentions - int(outcomes[g, IGNORED])
            figures.append(
                GroupFigures(
                    mentions=mentions,
                    answered=int(outcomes[g, ANSWERED]),
                    abandoned=int(outcomes[g, ABANDONED]),
                    ignored=int(outcomes[g, IGNORED]),
                    open=int(outcomes[g, OPEN]),
                    service_level=int(within[g]) / needing if needing else math.nan,
                    answered_share=int(outcomes[g, ANSWERED]) / needing if needing else math.nan,
                    first_response_p50=_quantile_with_misses(times, needing, 0.5),
                    first_response_p90=_quantile_with_misses(times, needing, 0.9),
                    first_response_mean=float(times.mean()) if len(times) else math.nan,
                    abandonment=int(outcomes[g, ABANDONED]) / needing if needing else math.nan,
                    gave_up=int(gave_up[g]) / needing if needing else math.nan,
                )
            )
        return figures


def _quantile_with_misses(answered: NDArray[np.float64], needing: int, q: float) -> float:
    """Quantile of the response times of `needing` mentions, of which only the sorted `answered` got a reply:
    the rest count as infinitely late. Interpolated as numpy's default (linear) method; inf when the
    quantile falls among the unanswered, NaN when nothing needed an answer."""
    if needing == 0:
        return math.nan
    position = q * (needing - 1)
    low = int(position)
    high = min(low + 1, needing - 1)
    if high >= len(answered) and (position > low or low >= len(answered)):
        return math.inf
    if high >= len(answered):
        return float(answered[low])
    return float(answered[low] + (answered[high] - answered[low]) * (position - low))


def _wait_figures(
    records: MentionRecords, target: NDArray[np.float64], mask: NDArray[np.bool_]
) -> WaitFigures:
    wait = records.wait[mask]
    picked = np.isfinite(wait)
    count = int(mask.sum())
    if count == 0:
        return WaitFigures(math.nan, math.nan, math.nan, math.nan)
    waited = ~picked | (wait > WAIT_EPSILON)
    within = picked & (np.where(picked, wait, np.inf) <= target[mask])
    return WaitFigures(
        p_wait=float(waited.mean()),
        service_level=float(within.mean()),
        mean=float(wait[picked].mean()) if picked.any() else math.nan,
        p90=float(np.percentile(wait[picked], 90)) if picked.any() else math.nan,
    )


def _pieces_by_agent(work: WorkLog, agents: int) -> list[NDArray[np.intp]]:
    """Indices of each agent's pieces of work (one sort for all agents)."""
    labels = work.agent.astype(np.int16) if agents < 2**15 else work.agent  # small integers sort by radix
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(agents + 1))
    return [order[bounds[a] : bounds[a + 1]] for a in range(agents)]


def figures_by_team(work: WorkLog, roster: Roster, warmup: float) -> dict[str, TeamFigures]:
    """Each team's figures, by name."""
    pieces = _pieces_by_agent(work, len(roster.agents))
    late = _late_by_agent(work.late_returns, warmup, roster.horizon)
    slots = np.asarray([roster.teams[a.team].concurrency for a in roster.agents], dtype=np.int64)
    away = _late_with_every_slot(work.late_returns, slots)
    return {
        t.name: _team_figures(i, work, pieces, (late, away), roster, warmup)
        for i, t in enumerate(roster.teams)
    }


def _team_figures(
    team: int,
    work: WorkLog,
    pieces: list[NDArray[np.intp]],
    late_returns: tuple[dict[int, float], dict[int, NDArray[np.float64]]],
    roster: Roster,
    warmup: float,
) -> TeamFigures:
    """Occupancy (per slot and per agent), shrinkage taken, paid hours and cost of one team from the work
    log, the roster and the time each agent lost to late returns: in slot-minutes, and the spells with
    every slot away (the agent as a whole back late)."""
    late, away = late_returns
    spec = roster.teams[team]
    k = spec.concurrency
    busy = busy_agent = available = agent_available = rostered = in_rostered = overtime = 0.0
    for a in spec.agents:
        agent = roster.agents[a]
        began, end = work.start[pieces[a]], work.end[pieces[a]]
        start = np.maximum(began, warmup)
        duty = clip(agent.on_duty, warmup, roster.horizon)
        on_duty = k * total(duty) - late.get(a, 0.0)
        past_duty, past_within_rota = _past_duty(began, end, agent.on_duty, agent.rostered, warmup)
        handling = float(np.clip(end - start, 0.0, None).sum())
        busy += handling
        available += on_duty + past_duty
        if k > 1:  # with one slot, any conversation open is the slot busy: the two figures are one
            busy_agent += _union_length(start, end)
            agent_available += _agent_available(_without(duty, away.get(a, NO_SPELLS)), start, end)
        rostered += k * total(clip(agent.rostered, warmup, roster.horizon))
        in_rostered += on_duty + past_within_rota
        overtime += _overtime(began, end, agent.rostered, warmup)
    paid = roster.paid_minutes(team, warmup) + overtime
    occupancy = busy / available if available else math.nan
    any_open = busy_agent / agent_available if agent_available else math.nan
    return TeamFigures(
        agents=len(spec.agents),
        occupancy=occupancy,
        agent_occupancy=occupancy if k == 1 else any_open,
        shrinkage=1.0 - in_rostered / rostered if rostered else math.nan,
        paid_hours=paid / 60.0,
        overtime_hours=overtime / 60.0,
        cost=paid / 60.0 * spec.hourly_cost,
    )


def _late_by_agent(late: LateReturns, warmup: float, horizon: float) -> dict[int, float]:
    """On-duty slot-minutes each agent lost to late returns inside the window."""
    lost = np.clip(np.minimum(late.end, horizon) - np.maximum(late.start, warmup), 0.0, None)
    sums = np.bincount(late.agent, weights=lost) if len(lost) else np.zeros(0)
    return {int(a): float(v) for a, v in enumerate(sums.tolist()) if v}


NO_SPELLS = np.zeros((0, 2))
"""No spell away: an agent none of whose breaks all its slots worked into."""


def _late_with_every_slot(late: LateReturns, slots: NDArray[np.int64]) -> dict[int, NDArray[np.float64]]:
    """Per agent, the spells in which every one of its slots was back late from the same break.

    The slots of an agent share their breaks, so their late returns from one break share its planned
    return (`start`); the agent as a whole is away until the earliest of them is back, and only when all
    of its slots worked into the break."""
    if len(late.agent) == 0:
        return {}
    order = np.lexsort((late.start, late.agent))
    agent, start, end = late.agent[order], late.start[order], late.end[order]
    first = np.flatnonzero(np.concatenate(([True], (agent[1:] != agent[:-1]) | (start[1:] != start[:-1]))))
    every = np.diff(np.append(first, len(agent))) >= slots[agent[first]]
    spells = np.column_stack((start[first], np.minimum.reduceat(end, first)))[every]
    owners = agent[first][every]
    return {int(a): spells[owners == a] for a in np.unique(owners)}


def _without(duty: NDArray[np.float64], away: NDArray[np.float64]) -> NDArray[np.float64]:
    """On-duty intervals less the spells away, each of which begins at the start of the interval it cuts."""
    duty = duty.copy()
    for begin, back in away:
        inside = np.flatnonzero((duty[:, 0] <= back) & (duty[:, 1] > begin))
        duty[inside, 0] = np.maximum(duty[inside, 0], np.minimum(back, duty[inside, 1]))
    return duty


def _containing(intervals: NDArray[np.float64], times: NDArray[np.float64]) -> NDArray[np.int64]:
    """Index of the interval each time falls in (work always starts inside an on-duty interval)."""
    return np.maximum(np.searchsorted(intervals[:, 0], times, side="right") - 1, 0)


def _past_duty(
    start: NDArray[np.float64],
    end: NDArray[np.float64],
    on_duty: NDArray[np.float64],
    rostered: NDArray[np.float64],
    warmup: float,
) -> tuple[float, float]:
    """Handling past the end of the on-duty interval it began in: in all, and inside rostered time (into
    a break rather than past the shift's end)."""
    if len(start) == 0:
        return 0.0, 0.0
    duty_end = np.maximum(on_duty[_containing(on_duty, start), 1], warmup)
    rota_end = rostered[_containing(rostered, start), 1]
    past = np.clip(end - duty_end, 0.0, None)
    within = np.clip(np.minimum(end, rota_end) - duty_end, 0.0, None)
    return float(past.sum()), float(within.sum())


def _agent_available(
    duty: NDArray[np.float64], start: NDArray[np.float64], end: NDArray[np.float64]
) -> float:
    """An agent's wall-clock minutes on duty (less its spells back late) or with a conversation open.

    Handling past the end of duty counts once however many conversations overlap it, as the time with a
    conversation open does, so the share of it with any conversation open never passes 100%."""
    return _union_length(np.concatenate((duty[:, 0], start)), np.concatenate((duty[:, 1], end)))


def _union_length(start: NDArray[np.float64], end: NDArray[np.float64]) -> float:
    """Minutes covered by at least one of the intervals (an agent's conversations overlap)."""
    keep = end > start
    start, end = start[keep], end[keep]
    if len(start) == 0:
        return 0.0
    order = np.argsort(start, kind="stable")
    start, reach = start[order], np.maximum.accumulate(end[order])
    firsts = np.flatnonzero(np.concatenate(([True], start[1:] > reach[:-1])))
    lasts = np.append(firsts[1:], len(start)) - 1
    return float((reach[lasts] - start[firsts]).sum())


def _overtime(
    start: NDArray[np.float64], end: NDArray[np.float64], rostered: NDArray[np.float64], warmup: float
) -> float:
    """Per rostered interval, the latest finish past its end (the agent stays until the last conversation)."""
    if len(start) == 0:
        return 0.0
    index = _containing(rostered, start)
    late = end - rostered[index, 1]
    overtime = late > 0.0  # few pieces run past the shift: the slow `maximum.at` only sees those
    past = np.zeros(len(rostered))
    np.maximum.at(past, index[overtime], late[overtime])
    counted = rostered[:, 1] >= warmup
    return float(past[counted].sum())


def hourly_series(records: MentionRecords, roster: Roster, waits: Waits) -> HourlySeries:
    """Arrivals, first responses, backlog and frontline agents on duty, hour by hour; `waits` are the
    records'."""
    hours = math.ceil(roster.horizon / 60.0)
    edges = np.arange(hours + 1, dtype=np.float64) * 60.0
    answered = records.first_response[records.outcome == ANSWERED]
    frontline = [i for i, t in enumerate(roster.teams) if t.role == "frontline"]
    on_duty = sum((roster.agents_per_hour(i) for i in frontline), np.zeros(hours))
    return HourlySeries(
        arrivals=_per_hour(records.arrival, hours),
        answered=_per_hour(answered, hours),
        backlog=waits.backlog_at(edges[:-1]),
        agents_on_duty=np.asarray(on_duty, dtype=np.float64),
    )


def _per_hour(times: NDArray[np.float64], hours: int) -> NDArray[np.int64]:
    """How many of `times` fall in each hour [60 i, 60 i + 60) of the first `hours` (the last hour closed).

    Equal bins given by count and range let numpy compute each time's bin instead of sorting the times
    into the edges; it checks each bin against its edges, the same multiples of 60: the same counts."""
    return np.histogram(times, bins=hours, range=(0.0, hours * 60.0))[0]


def service_level_by_local_hour(records: MentionRecords, scenario: Scenario) -> dict[str, list[float]]:
    """Each region's service level by the local hour its mentions arrived in (0..23; NaN for an hour with
    none), after the warm-up: when a region's evening or night goes unanswered, it shows on its own clock.
    Computed on demand for reports, not in every run's summary."""
    hours = np.zeros(len(records), dtype=np.int16)
    for index, clock in enumerate(region_clocks(scenario)):
        chosen = records.region == index
        hours[chosen] = local_hour(clock.local_epoch(records.arrival[chosen]))
    window = records.arrival >= scenario.meta.warmup
    target = np.asarray(kind_targets(scenario))[records.kind]
    regions = [region.name for region in scenario.regions]
    labels = records.region.astype(np.int16) * 24 + hours
    figures = _Groups(records, target, window).split(labels, 24 * len(regions))
    return {name: [f.service_level for f in figures[24 * i : 24 * i + 24]] for i, name in enumerate(regions)}
