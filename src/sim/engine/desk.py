"""The SimPy world: agents' slots pull work from triage heaps; the feeder walks the pre-drawn inputs.

The engine's terms (`sim.engine` explains them all in its glossary) name the desk's parts, and its methods
are the events of a queue, grouped by role: intake and give-ups, agents and their slots, dispatch and
triage, the rota. Why it is built this way, for speed without changing what happens:

- Only work an agent must do enters SimPy. Arrivals, listening delays, patience, follow-up odds and handle
  times are numpy columns drawn before the clock starts; reshares never enter SimPy.
- An agent with concurrency k is k slots: up to k conversations at once, each taking its full handle time
  ("focus time" concurrency: a handle time is the time a conversation holds one of the agent's k lanes of
  attention, so an agent answers up to k/AHT conversations an hour). The slots share the agent's on-duty
  time and breaks.
- Each slot waits on ONE reusable event at a time, no polling: its wake, scheduled for the moment its work
  is done, or for now when it is sent home idle at the end of its on-duty interval. The slot's step is the
  event's callback, not a generator process, so no generator is resumed per event. Off-duty slots wait in
  the rota by the start of their next interval, behind a single door event: most slots are off duty at any
  moment, and SimPy's queue stays short for the events that matter.
- A slot that runs out of work claims the next pre-drawn input ahead of time when nothing can come before
  it: its wake is scheduled for arrival + handle time, so a mention met by an idle agent costs a single
  SimPy event. If earlier work turns up for that slot after all (a customer's reply, a requeued
  conversation), the claim is revoked (the slot moves to a new event, the old one stays queued with no
  callback) and the input goes back to be dispatched.
- The feeder (one reusable event, re-armable without interrupts) wakes only when a slot is idle without a
  claim, or claims are outstanding and a give-up check or a reply that could revoke one is due: it hands
  inputs to idle slots at their time and sends idle slots home at their interval's end. While every slot
  is busy it sleeps, and slots that finish (or come on duty) take everything due themselves; what is still
  due when the last event has passed is taken in as the run ends.
- Patience is lazy: an author who gave up is skipped when a slot would pick the mention, at no cost; only
  authors who escalate in public need their give-up time as an input (a check, which may post a new
  mention).
- Hand-over at the end of an on-duty interval (shift end or break): `finish` lets the slot complete the
  conversation in progress (overtime past a shift's end); `requeue` stops it at the interval's end and puts
  the rest of the work back in the queue with its transcript (no repeat penalty).

`tests/reference_desk.py` is the same desk written plainly (a SimPy process per slot, a `PriorityStore` per
skill class); a property test holds the two to the same records.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from heapq import heappop, heappush
from itertools import count
from typing import Any, Protocol

import numpy as np
import simpy
from numpy.typing import ArrayLike, NDArray

from sim.engine.fates import COMPLAINT, ESCALATE
from sim.engine.loop import NORMAL, URGENT, Alarm, EventLoop, EventPriority
from sim.engine.service import ChunkedDraws, UnitExponentials
from sim.engine.triage import TriagePolicy
from sim.metrics import WorkLog
from sim.scenarios import KINDS
from sim.staffing import Roster

ON_DUTY = EventPriority(NORMAL + 1)
"""Agents come on duty after everything else due at that instant, so hand-overs at a shift change (work
cut at the end of the leaving agent's interval) reach the queue before the arriving agent picks."""
GO_HOME = -1
"""A slot's task when it is woken idle because its on-duty interval is over."""
ENTER = -2
"""A slot's task when it first wakes (to go to its first on-duty interval)."""
FIRST, TURN, BACK = 0, 1, 2
"""Stage of a conversation: waiting for its first reply, for a later reply, in the back office."""
INF = float("inf")
NAN = float("nan")

Entry = tuple[float, float, int]
"""A waiting work item: (triage priority, time it entered the queue, mention)."""


@dataclass(frozen=True)
class SpawnedFate:
    """What a public follow-up complaint will do (drawn when its author gives up on the first post)."""

    deadline: float
    follow_ups: int


@dataclass(frozen=True)
class DeskSetup:
    """Everything the desk reads: per-mention columns, teams and policy knobs."""

    horizon: float
    kind: NDArray[np.int8]
    arrival: NDArray[np.float64]
    followers: NDArray[np.int64]
    seen: NDArray[np.float64]
    deadline: NDArray[np.float64]
    follow_ups: NDArray[np.int8]
    goes_public: NDArray[np.bool_]
    first_times: Sequence[NDArray[np.float64] | None]
    """First-turn handle time of every mention for each team (None for back-office teams)."""
    team_kinds: Sequence[frozenset[int]]
    """Kinds each frontline team handles (empty for back-office teams)."""
    draws: Sequence[ChunkedDraws]
    """Handle times of later turns and back-office work, per team."""
    escalation_team: int | None
    triage: TriagePolicy
    requeue: bool
    reply_delay: float
    turn_factor: float
    back_office_factor: float
    delays: UnitExponentials
    spawn: Callable[[int, float], SpawnedFate]
    """Fate of the public follow-up of mention `parent` posted at `time`."""


@dataclass(frozen=True)
class DeskLog:
    """What the desk did, per mention (roots first, then public follow-ups in creation order)."""

    picked: NDArray[np.float64]
    first_response: NDArray[np.float64]
    """End of the first turn (for ignored spam: end of the glance)."""
    resolved: NDArray[np.float64]
    """End of the last turn of conversations with more than one turn (NaN while unfinished)."""
    agent: NDArray[np.int64]
    later_turns: NDArray[np.int64]
    escalated: NDArray[np.bool_]
    follow_up_of: NDArray[np.int64]
    """Parent of each public follow-up (aligned with the mentions after the roots)."""
    follow_up_time: NDArray[np.float64]
    follow_up_deadline: NDArray[np.float64]
    follow_up_follow_ups: NDArray[np.int8]
    work: WorkLog


class _Team:
    """A team as the desk sees it: its skill classes' heaps, its idle slots, its handle times."""

    __slots__ = ("draws", "first", "heaps", "idle", "index", "serves", "takes")

    def __init__(self, index: int, first: Column | None, draws: ChunkedDraws) -> None:
        self.index = index
        self.first = first
        """First-turn handle time of every mention (None for a back-office team)."""
        self.draws = draws
        self.heaps: list[list[Entry]] = []
        self.idle: list[_Slot] = []
        """Slots of the team idle without a claim, the last to go idle at the end."""
        self.serves: list[bool] = []
        """Whether the team takes each skill class."""
        self.takes: list[bool] = []
        """Whether the team takes each kind of mention."""


class _Slot:
    """One of an agent's k lanes of attention (a server, in queueing terms)."""

    __slots__ = (
        "agent",
        "callbacks",
        "claim_at",
        "claimed",
        "cut",
        "duty_end",
        "end_armed",
        "event",
        "idle",
        "intervals",
        "key",
        "listed",
        "simple",
        "start",
        "task",
        "team",
    )

    def __init__(self, key: int, agent: int, team: _Team, duty: list[list[float]]) -> None:
        self.key = key
        self.agent = agent
        self.team = team
        self.intervals = iter(duty)
        """On-duty intervals not yet begun."""
        self.duty_end = -INF
        self.end_armed = -1.0
        """The interval end last put among the desk's `_ends` for this slot."""
        self.task = ENTER
        """The mention in hand when the wake fires, else GO_HOME or ENTER."""
        self.start = 0.0
        self.simple = True
        """Whether the work in hand is a whole first turn (recorded without a work-log entry)."""
        self.cut = 0.0
        """Work left when the interval's end cuts the work in hand (requeue hand-over)."""
        self.claim_at = -INF
        """Start of a claimed input while the slot waits for it."""
        self.claimed = -1
        self.listed = False
        """Whether the slot is among the desk's `_claiming` slots."""
        self.idle = False
        """Whether the slot waits, unscheduled, among its team's idle slots."""
        self.event: simpy.Event | None = None
        """The slot's wake, its one reusable event: its work is done, or it is sent home."""
        self.callbacks: list[Callable[[simpy.Event], None]] | None = None
        """The slot's step as the callback list of every wake it has, one list for all (None once the slot
        has no duty left)."""


class Column(Protocol):
    """A per-mention column: a memoryview of a numpy array, whose items are plain Python numbers (cheaper
    in the hot loop than numpy scalars)."""

    def __getitem__(self, row: int, /) -> Any: ...

    def __setitem__(self, row: int, value: Any, /) -> None: ...


def _column(values: ArrayLike, dtype: type[np.generic], rows: int) -> Column:
    """A column of `rows` rows: `values` first (one value fills them all), zeros after (room for the
    follow-ups the run creates).

    A column of zeros is left as allocated: its memory comes from the kernel already zeroed and is only
    paid for page by page as the run writes to it (never, for the columns of a hand-over it does not use).
    """
    column = np.zeros(rows, dtype=dtype)
    if np.ndim(values) or values:
        column[: np.size(values) if np.ndim(values) else rows] = values
    return column.data


def _rows(column: Column, count: int) -> NDArray[Any]:
    """The first `count` rows of a column as the numpy array behind it (no copy)."""
    return np.asarray(column)[:count]


class Desk:
    """One run of the care desk over pre-drawn mentions.

    Its attributes are slots: the hot paths read and write dozens of them per event, and an instance
    dictionary with this many keys loses CPython's fastest attribute access.
    """

    __slots__ = (
        "_agent",
        "_back_class",
        "_back_office_factor",
        "_capacity",
        "_check_mention",
        "_check_position",
        "_check_time",
        "_checks",
        "_claiming",
        "_class_of_kind",
        "_count",
        "_cut_first",
        "_deadline",
        "_delays",
        "_door",
        "_ends",
        "_entered",
        "_escalated",
        "_feeder",
        "_first",
        "_first_columns",
        "_follow",
        "_followers",
        "_frontline_idle",
        "_heaps",
        "_horizon",
        "_kind",
        "_late_inputs",
        "_later_turns",
        "_latest_claim",
        "_log",
        "_loop",
        "_next_check_at",
        "_next_seen_at",
        "_pending",
        "_picked",
        "_priority",
        "_reply_delay",
        "_requeue",
        "_resolved",
        "_rota",
        "_rota_order",
        "_seen_mention",
        "_seen_position",
        "_seen_time",
        "_slots",
        "_spawn",
        "_spawned",
        "_stage",
        "_teams",
        "_teams_of_class",
        "_triage",
        "_turn_factor",
    )

    def __init__(self, setup: DeskSetup, roster: Roster) -> None:
        self._loop = EventLoop()
        self._triage = setup.triage
        self._requeue = setup.requeue
        self._turn_factor = setup.turn_factor
        self._back_office_factor = setup.back_office_factor
        self._reply_delay = setup.reply_delay
        self._delays = setup.delays
        self._spawn = setup.spawn
        self._horizon = setup.horizon
        self._build_inputs(setup)
        self._build_columns(setup)
        self._spawned: list[tuple[int, float, SpawnedFate]] = []
        self._cut_first: set[int] = set()
        self._log: array[float] = array("d")
        """Logged pieces of work, four numbers each: agent, start, end, mention (one `fromlist` per piece
        costs half of four appends; agents and mentions are whole numbers, exact as doubles)."""
        # Both heaps keep a sentinel at infinity, so the hot paths need no emptiness checks.
        self._late_inputs: list[tuple[float, int]] = [(INF, -1)]
        """Inputs known only during the run: customers' replies and revoked claims, as (time, mention)."""
        self._ends: list[tuple[float, int]] = [(INF, -1)]
        """Ends of on-duty intervals of slots that went idle in them: (time, slot key)."""
        self._feeder = Alarm(self._loop, NORMAL, self._feed)
        self._latest_claim = -INF
        """Upper bound of outstanding claims' start times (no claim to revoke when <= now)."""
        self._claiming: list[_Slot] = []
        """Slots that have claimed an input since the last look, each once: a superset of the slots whose
        claim is still outstanding (`_revoke_claim` drops the others)."""
        self._rota: list[tuple[float, int, _Slot]] = []
        """Off-duty slots by the start of their next on-duty interval: (start, order, slot)."""
        self._rota_order = count()
        self._door = Alarm(self._loop, ON_DUTY, self._let_in)
        self._build_teams(setup, roster)

    # --- setup -------------------------------------------------------------------------------------------

    def _build_inputs(self, setup: DeskSetup) -> None:
        """Two time-ordered input columns, each ending with a sentinel at infinity: when the desk sees each
        mention, and when authors who would escalate in public give up (a check: still unanswered?).

        A mention whose author gives up before the desk sees it is no input at all."""
        seen = np.flatnonzero(np.isfinite(setup.seen) & (setup.deadline > setup.seen))
        seen = seen[np.argsort(setup.seen[seen], kind="stable")]
        self._seen_time: Column = np.append(setup.seen[seen], np.inf).data
        self._seen_mention: Column = np.append(seen, -1).astype(np.int64).data
        self._seen_position = 0
        self._next_seen_at: float = self._seen_time[0]
        """Time of the next mention seen, `_seen_time[_seen_position]` (kept as a number: the hot paths read
        it at every step)."""
        checks = np.flatnonzero(setup.goes_public & (setup.deadline < setup.horizon))
        checks = checks[np.argsort(setup.deadline[checks], kind="stable")]
        self._check_time: Column = np.append(setup.deadline[checks], np.inf).data
        self._check_mention: Column = np.append(checks, -1).astype(np.int64).data
        self._checks = len(checks)
        self._check_position = 0
        self._next_check_at: float = self._check_time[0]
        """Time of the next give-up check, `_check_time[_check_position]`."""

    def _build_columns(self, setup: DeskSetup) -> None:
        """The per-mention columns the desk reads and writes, with a row spare for every follow-up."""
        self._count = len(setup.kind)
        """Mentions so far: the roots, then each public follow-up as its author posts it."""
        rows = self._capacity = self._count + self._checks  # every give-up check may post one follow-up
        self._kind = _column(setup.kind, np.int8, rows)
        self._followers: Column = np.ascontiguousarray(setup.followers, dtype=np.int64).data
        """Followers of the roots (only roots give up into a public follow-up, which has its parent's)."""
        self._deadline = _column(setup.deadline, np.float64, rows)
        self._priority = _column(
            setup.triage.first_turns(setup.kind, setup.arrival, setup.followers), np.float64, rows
        )
        self._follow = _column(setup.follow_ups, np.int8, rows)
        self._entered = _column(0.0, np.float64, rows)
        self._stage = _column(FIRST, np.int8, rows)
        self._pending = _column(0.0, np.float64, rows)
        self._picked = _column(NAN, np.float64, rows)
        self._first = _column(NAN, np.float64, rows)
        self._resolved = _column(NAN, np.float64, rows)
        self._agent = _column(-1, np.int64, rows)
        self._later_turns = _column(0, np.int64, rows)
        self._escalated = _column(0, np.int8, rows)

    def _build_teams(self, setup: DeskSetup, roster: Roster) -> None:
        """Skill classes (kinds served by the same teams share a heap), teams and their agents' slots."""
        columns: dict[int, Column] = {}
        self._first_columns: list[tuple[Column, ChunkedDraws]] = []
        for i, first in enumerate(setup.first_times):
            if first is not None and id(first) not in columns:
                columns[id(first)] = _column(first, np.float64, self._capacity)
                self._first_columns.append((columns[id(first)], setup.draws[i]))
        teams = [
            _Team(i, None if first is None else columns[id(first)], setup.draws[i])
            for i, first in enumerate(setup.first_times)
        ]
        servers = [tuple(t for t in teams if k in setup.team_kinds[t.index]) for k in range(len(KINDS))]
        classes = list(dict.fromkeys(servers))
        self._class_of_kind = [classes.index(s) for s in servers]
        back = () if setup.escalation_team is None else (teams[setup.escalation_team],)
        self._back_class = len(classes)
        self._teams_of_class: list[tuple[_Team, ...]] = [*classes, back]
        self._heaps: list[list[Entry]] = [[] for _ in self._teams_of_class]
        for team in teams:
            team.serves = [team in members for members in self._teams_of_class]
            team.takes = [team.serves[c] for c in self._class_of_kind]
            team.heaps = [heap for heap, ok in zip(self._heaps, team.serves, strict=True) if ok]
        self._teams = teams
        self._frontline_idle = tuple(t.idle for t in teams if t.first is not None)
        self._slots: list[_Slot] = []
        for agent_index, agent in enumerate(roster.agents):
            duty = agent.on_duty.tolist()  # [start, end] pairs, shared by the agent's slots
            for _ in range(roster.teams[agent.team].concurrency if duty else 0):
                slot = _Slot(len(self._slots), agent_index, teams[agent.team], duty)
                self._slots.append(slot)
                self._start_slot(slot)

    def _start_slot(self, slot: _Slot) -> None:
        """Give a slot its step and wake it at time 0 with an urgent event, as a SimPy process starts.

        A slot is a chain of callbacks rather than a generator process: resuming a generator costs SimPy a
        `Process._resume` per event, and the step runs once per mention."""
        slot.callbacks = [partial(self._slot_woken, slot)]
        slot.event = self._loop.event(slot.callbacks)
        self._loop.schedule(slot.event, URGENT, 0.0)

    # --- running -----------------------------------------------------------------------------------------

    def run(self) -> DeskLog:
        """Run until no work is left; return what happened."""
        self._loop.run()
        # Nothing woke the desk for what came after its last event (no slot came on duty again): take it in
        # now, so customers who gave up in the meantime still post their public follow-ups (left open).
        self._ingest(max(self._loop.now, self._horizon))
        # The alarms hold bound methods of the desk, a reference cycle; drop them so the columns die with
        # the desk, without waiting for the cyclic collector.
        self._feeder.close()
        self._door.close()
        spawned = self._spawned
        count = self._count
        return DeskLog(
            picked=_rows(self._picked, count),
            first_response=_rows(self._first, count),
            resolved=_rows(self._resolved, count),
            agent=_rows(self._agent, count),
            later_turns=_rows(self._later_turns, count),
            escalated=_rows(self._escalated, count).astype(bool),
            follow_up_of=np.array([s[0] for s in spawned], dtype=np.int64),
            follow_up_time=np.array([s[1] for s in spawned], dtype=np.float64),
            follow_up_deadline=np.array([s[2].deadline for s in spawned], dtype=np.float64),
            follow_up_follow_ups=np.array([s[2].follow_ups for s in spawned], dtype=np.int8),
            work=self._work_log(),
        )

    def _work_log(self) -> WorkLog:
        """Logged pieces of work plus the whole first turns they imply (picked -> first response)."""
        first = _rows(self._first, self._count)
        whole = np.isfinite(first)
        whole[list(self._cut_first)] = False
        implied = np.flatnonzero(whole)
        logged = np.frombuffer(self._log, dtype=np.float64).reshape(-1, 4)
        return WorkLog(
            agent=np.concatenate((_rows(self._agent, self._count)[implied], logged[:, 0].astype(np.int64))),
            start=np.concatenate((_rows(self._picked, self._count)[implied], logged[:, 1])),
            end=np.concatenate((first[implied], logged[:, 2])),
            mention=np.concatenate((implied, logged[:, 3].astype(np.int64))),
        )

    # --- agents and their slots --------------------------------------------------------------------------

    def _slot_woken(self, slot: _Slot, wake: simpy.Event | None) -> None:
        """A slot's wake fired: a service completion (recorded), or its on-duty interval is over (the slot
        moves to its next one), or the slot comes on duty (task ENTER, from the door, `wake` None). Then the
        slot takes in what is due, takes the best work waiting, else claims the next input, else goes idle.
        """
        now = self._loop.now
        m = slot.task
        if m >= 0:
            if slot.simple:
                self._first_turn_done(slot.agent, m, now)
            else:
                self._work_done(slot, m, now)
        if now >= slot.duty_end and not self._advance(slot, now):
            return
        if self._next_seen_at <= now or self._late_inputs[0][0] <= now or self._next_check_at <= now:
            self._ingest(now)
        m = self._pick(slot.team, now) if any(slot.team.heaps) else -1
        if m >= 0:
            self._start(slot, m, now, 0.0)
        elif not self._claim_next(slot, now):
            self._go_idle(slot, now)

    def _start(self, slot: _Slot, m: int, at: float, lead: float) -> None:
        """Service start: work on `m` at time `at` (`lead` from now); the slot's wake fires when it is done.

        The handle time is the rest of requeued work, a fresh first turn's pre-drawn time, or a later turn
        or back-office case drawn now. Under requeue the wake fires at the interval's end instead if that
        comes first, and the rest of the work is recorded as cut.
        """
        stage, requeue = self._stage[m], self._requeue
        rest = self._pending[m] if requeue else 0.0  # only requeue hand-overs leave work pending
        if rest:
            self._pending[m] = 0.0
            duration = rest
            slot.simple = False
        elif stage == FIRST:
            duration = slot.team.first[m]  # type: ignore[index]
            self._picked[m] = at
            slot.simple = not requeue or at + duration <= slot.duty_end
        else:
            factor = self._back_office_factor if stage == BACK else self._turn_factor
            duration = slot.team.draws.next(self._kind[m]) * factor
            slot.simple = False
        if not slot.simple:
            slot.start = at
            if requeue and at + duration > slot.duty_end:
                slot.cut = at + duration - slot.duty_end
                duration = slot.duty_end - at
        slot.task = m
        self._loop.schedule(slot.event, NORMAL, lead + duration)  # type: ignore[arg-type]

    def _first_turn_done(self, agent: int, m: int, now: float) -> None:
        """Service completion of a whole first turn: the reply is posted; the conversation goes on, if it
        does. Its work is implied by the mention's picked time, first response and agent, not logged."""
        self._first[m] = now
        self._agent[m] = agent
        if self._follow[m]:
            self._next_step(m, now)

    def _work_done(self, slot: _Slot, m: int, now: float) -> None:
        """Service completion of other work (a later turn, a back-office case, a piece of cut work): log
        it, put the rest of cut work back in the queue, or move the conversation on."""
        self._log.fromlist([slot.agent, slot.start, now, m])
        stage = self._stage[m]
        if slot.cut:
            self._pending[m], slot.cut = slot.cut, 0.0
            if stage == FIRST:
                self._cut_first.add(m)
            c = self._back_class if stage == BACK else self._class_of_kind[self._kind[m]]
            self._dispatch(m, c, self._entered[m], now)
        elif stage == FIRST:
            self._first_turn_done(slot.agent, m, now)
        else:
            self._next_step(m, now)

    def _go_idle(self, slot: _Slot, now: float) -> None:
        """Nothing to take or claim: the slot waits among its team's idle slots; the feeder wakes for the
        next input and for the slot's duty end."""
        slot.idle = True
        slot.team.idle.append(slot)
        end = slot.duty_end
        if slot.end_armed != end:
            slot.end_armed = end
            heappush(self._ends, (end, slot.key))
        self._rearm(now)

    def _send_home(self, slot: _Slot) -> None:
        """Wake an idle slot whose on-duty interval is over (now), as `Event.succeed` would."""
        slot.idle = False
        slot.task = GO_HOME
        self._loop.schedule(slot.event, NORMAL, 0.0)  # type: ignore[arg-type]

    # --- intake and give-ups -----------------------------------------------------------------------------

    def _ingest(self, now: float) -> None:
        """Move every input due by `now` into the queues (or straight to an idle slot): mentions seen, the
        give-up checks, the inputs known only during the run."""
        times, mentions, position, at = (
            self._seen_time,
            self._seen_mention,
            self._seen_position,
            self._next_seen_at,
        )
        deadline, kind, class_of_kind = self._deadline, self._kind, self._class_of_kind
        while at <= now:
            m = mentions[position]
            if deadline[m] > now:
                self._dispatch(m, class_of_kind[kind[m]], at, now)
            position += 1
            at = times[position]
        self._seen_position, self._next_seen_at = position, at
        self._check_give_ups(now)
        late = self._late_inputs
        while late[0][0] <= now:
            at, m = heappop(late)
            if not self._gave_up(m, now):
                self._dispatch(m, class_of_kind[kind[m]], at, now)

    def _check_give_ups(self, now: float) -> None:
        """Run the give-up checks due by `now`, in their order: each may post a public follow-up."""
        while self._next_check_at <= now:
            check = self._check_position
            self._check_position = check + 1
            self._next_check_at = self._check_time[check + 1]
            self._give_up(self._check_mention[check], self._check_time[check], now)

    def _gave_up(self, m: int, now: float) -> bool:
        """Whether the author of `m` gave up waiting for a first reply by `now` (NaN picked: not picked)."""
        return self._deadline[m] <= now and self._picked[m] != self._picked[m]

    def _next_step(self, m: int, now: float) -> None:
        """After a reply: escalate, wait for the customer's next message, or close the conversation."""
        stage, follow = self._stage[m], self._follow[m]
        if stage == FIRST:
            if follow == ESCALATE:
                self._stage[m] = BACK
                self._escalated[m] = 1
                self._dispatch(m, self._back_class, now, now)
                return
        else:
            self._later_turns[m] += 1
        if follow > 0 and stage != BACK:
            self._follow[m] = follow - 1
            self._stage[m] = TURN
            if self._next_check_at <= now:
                # The feeder sleeps through give-up checks while every slot is busy. Follow-up fates and
                # reply delays come from the same generator: post the follow-ups due first, as they were.
                self._check_give_ups(now)
            at = now + self._reply_delay * self._delays.next()
            heappush(self._late_inputs, (at, m))
            if at < self._feeder.at:  # the feeder may have to wake earlier for it
                self._rearm(now)
        else:
            self._resolved[m] = now

    def _give_up(self, m: int, at: float, now: float) -> None:
        """An author who escalates in public gives up at `at`: if still unanswered, post a follow-up."""
        if self._picked[m] == self._picked[m]:
            return  # picked before the deadline
        fate = self._spawn(m, at)
        f = self._count  # its row waits with the defaults of a mention nobody has touched
        self._count += 1
        self._spawned.append((m, at, fate))
        self._kind[f] = COMPLAINT
        self._deadline[f] = fate.deadline
        self._priority[f] = self._triage.first_turn(COMPLAINT, at, self._followers[m])
        self._follow[f] = fate.follow_ups
        for times, draws in self._first_columns:
            times[f] = draws.next(COMPLAINT)
        if fate.deadline > now:
            self._dispatch(f, self._class_of_kind[COMPLAINT], at, now)

    def _next_check(self, now: float) -> float:
        """Time of the next give-up check that can still matter, skipping authors already being answered."""
        picked, mentions, check = self._picked, self._check_mention, self._check_position
        while mentions[check] >= 0 and picked[mentions[check]] <= now:  # NaN (not picked yet) compares False
            check += 1
        self._check_position = check
        self._next_check_at = self._check_time[check]
        return self._next_check_at

    # --- dispatch and triage -----------------------------------------------------------------------------

    def _dispatch(self, m: int, c: int, entered: float, now: float) -> None:
        """An arrival in skill class `c`: to an idle slot that can take it, else to a slot whose claim is
        later, else into the class's triage heap."""
        if self._requeue:
            self._entered[m] = entered  # where cut work goes back in the queue
        for team in self._teams_of_class[c]:
            idle = team.idle
            while idle:
                slot = idle.pop()
                if slot.duty_end <= now:  # its interval ended this very moment: send it home
                    self._send_home(slot)
                    continue
                slot.idle = False
                self._start(slot, m, now, 0.0)
                return
        if self._latest_claim > now and self._revoke_claim(c, m, now):
            return
        priority = self._priority[m]
        if self._stage[m] != FIRST:
            priority = self._triage.later_turn(self._kind[m], entered, priority)
        heappush(self._heaps[c], (priority, entered, m))

    def _pick(self, team: _Team, now: float) -> int:
        """The best work waiting in the team's heaps, or -1; authors who gave up are dropped on the way."""
        deadline, picked = self._deadline, self._picked
        best: Entry | None = None
        best_heap = None
        for heap in team.heaps:
            while heap:
                top = heap[0]
                m = top[2]
                if deadline[m] <= now and picked[m] != picked[m]:  # `_gave_up`, inline in the hot loop
                    heappop(heap)  # skipped at no cost
                    continue
                if best is None or top < best:
                    best, best_heap = top, heap
                break
        if best_heap is None:
            return -1
        heappop(best_heap)
        return best[2]  # type: ignore[index]

    def _claim_next(self, slot: _Slot, now: float) -> bool:
        """Let a slot with nothing waiting claim the next input: the next mention seen, unless a customer's
        reply comes first; False if its team does not take it or it comes after the slot's interval."""
        at = self._next_seen_at
        if self._late_inputs[0][0] < at:
            return self._claim_reply(slot, now)
        if at >= slot.duty_end:
            return False
        position = self._seen_position
        m = self._seen_mention[position]
        if not slot.team.takes[self._kind[m]]:
            return False
        self._seen_position = position + 1
        self._next_seen_at = self._seen_time[position + 1]
        self._claim(slot, m, at, now)
        return True

    def _claim_reply(self, slot: _Slot, now: float) -> bool:
        """Let an idle slot claim the next late input (due before the next mention the desk sees), if its
        team takes it before the slot's interval ends and its author has not given up by then."""
        at, m = self._late_inputs[0]
        if self._gave_up(m, at) or at >= slot.duty_end or not slot.team.takes[self._kind[m]]:
            return False
        heappop(self._late_inputs)
        self._claim(slot, m, at, now)
        return True

    def _claim(self, slot: _Slot, m: int, at: float, now: float) -> None:
        """Let an idle slot take input `m` ahead of time: its wake is scheduled for the input's time `at` plus
        the handle time, so meeting an idle agent costs one event.

        The caller chose the input: the earliest of the next mention the desk will see and the next late
        input; the slot's team must take its kind, and it must come before the slot's interval ends and
        before its author would give up. Work that turns up earlier after all (a reply, a requeued
        conversation, a public follow-up from a give-up check) revokes the claim; as the claim makes the
        feeder watch give-up checks, it is re-timed when one falls before the claimed input.
        """
        if self._requeue:
            self._entered[m] = at
        slot.claim_at = at
        slot.claimed = m
        if not slot.listed:
            slot.listed = True
            self._claiming.append(slot)
        if at > self._latest_claim:
            self._latest_claim = at
        self._start(slot, m, at, at - now)
        if self._next_check_at < at:  # the claim makes the feeder watch give-ups: re-time it
            self._rearm(now)

    def _revoke_claim(self, c: int, m: int, now: float) -> bool:
        """Give `m` to the slot of class `c` holding the latest claim still in the future, if any.

        The claimed input goes back among the late inputs at its own time; the slot leaves its old wake in
        the queue without a callback and waits on a new one for `m`.
        """
        slot = self._latest_claimant(c, now)
        if slot is None:
            return False
        claimed = slot.claimed
        if self._stage[claimed] == FIRST:
            self._picked[claimed] = NAN
        heappush(self._late_inputs, (slot.claim_at, claimed))
        slot.claim_at, slot.claimed, slot.cut = -INF, -1, 0.0
        slot.event.callbacks = []  # type: ignore[union-attr]  # the old wake stays queued, inert
        slot.event = self._loop.event(slot.callbacks)  # type: ignore[arg-type]
        self._start(slot, m, now, 0.0)
        self._rearm(now)
        return True

    def _latest_claimant(self, c: int, now: float) -> _Slot | None:
        """The slot of class `c` whose outstanding claim starts last (the lowest key among equals), if any;
        drops the slots whose claim has begun from `_claiming` and re-bounds `_latest_claim`."""
        slot: _Slot | None = None
        latest = -INF
        outstanding = []
        for candidate in self._claiming:
            at = candidate.claim_at
            if at <= now:  # its claimed input has begun: no claim left to revoke
                candidate.listed = False
                continue
            outstanding.append(candidate)
            if at > latest:
                latest = at
            if candidate.team.serves[c] and (
                slot is None or at > slot.claim_at or (at == slot.claim_at and candidate.key < slot.key)
            ):
                slot = candidate
        self._claiming[:] = outstanding
        self._latest_claim = latest
        return slot

    # --- the feeder --------------------------------------------------------------------------------------

    def _rearm(self, now: float) -> None:
        """Arm the feeder for the earliest of: an idle slot's interval end; the next mention seen while a
        frontline slot is idle; the next give-up check while a slot is idle or claims are outstanding; the
        next late input while a slot is idle or a claim is outstanding after it.

        A reply due after every outstanding claim needs no wake-up: it revokes none, and waits (as it would
        have in the queue) for the first slot to finish, which takes in whatever is due. Only what falls
        before the feeder's current arming can move it, so the costlier give-up scan runs only then.
        """
        nxt = armed_at = self._feeder.at
        end = self._ends[0][0]
        if end < nxt:
            nxt = end
        idle = any(self._frontline_idle)
        if idle and self._next_seen_at < nxt:
            nxt = self._next_seen_at
        latest_claim = self._latest_claim
        if idle or latest_claim > now:
            due = self._late_inputs[0][0]
            if due < nxt and (idle or due < latest_claim):
                nxt = due
            if self._next_check_at < nxt:  # the next check that can still matter comes at or after it
                due = self._next_check(now)
                if due < nxt:
                    nxt = due
        if nxt < armed_at:
            # Something due already waits for the next slot to finish: take it now.
            self._feeder.set(max(nxt, now), now)

    def _feed(self) -> None:
        """Feeder step: take in what is due, send idle slots whose interval ended home, re-arm."""
        now = self._loop.now
        self._ingest(now)
        ends = self._ends
        while ends[0][0] <= now:
            slot = self._slots[heappop(ends)[1]]
            if slot.idle and slot.duty_end <= now:
                slot.team.idle.remove(slot)
                self._send_home(slot)
        self._rearm(now)

    # --- the rota ----------------------------------------------------------------------------------------

    def _advance(self, slot: _Slot, now: float) -> bool:
        """Move a slot whose interval is over to its next one: True if it begins now, else its start waits
        in the rota (or, with no interval left, the slot retires and drops its step)."""
        for start, end in slot.intervals:
            if now >= end:
                continue
            slot.duty_end = end
            if now >= start:
                return True
            heappush(self._rota, (start, next(self._rota_order), slot))
            if start < self._door.at:
                self._door.set(start, now)
            return False
        slot.callbacks = slot.event = None  # breaks the slot <-> step cycle, so the desk dies with its frame
        return False

    def _let_in(self) -> None:
        """Door step: the slot whose on-duty interval starts now comes on duty; the door moves to the next.

        Off-duty slots wait in the desk's own rota, not in SimPy's queue: most slots are off duty at any
        moment, and every event the desk pops would otherwise sift through their starts. The door is one
        event at the earliest start, with the priority the slots' own would have, so the order of events
        is the same.

        Slots starting at the same moment (an agent's k slots, a shift's agents) come in one after the other
        in one door step, as long as nothing that comes before the door (an event due now with a more
        urgent priority, such as an idle slot's step) was scheduled by the one before: the next door event
        would have been the next event anyway.
        """
        now = self._loop.now
        rota = self._rota
        while True:
            slot = heappop(rota)[2]
            slot.task = ENTER
            self._slot_woken(slot, None)
            if self._door.armed is not None or not rota:
                return
            if rota[0][0] > now or self._loop.due_before(ON_DUTY):
                break
        self._door.set(rota[0][0], now)
