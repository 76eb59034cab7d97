"""The desk's parts: what it reads (`DeskSetup`) and writes (`DeskLog`), its teams, its agents' slots, and
the per-mention columns they index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import simpy
from numpy.typing import ArrayLike, NDArray

from sim.engine.loop import NORMAL, EventPriority
from sim.engine.service import ChunkedDraws, UnitExponentials
from sim.engine.triage import TriagePolicy
from sim.metrics import WorkLog

ON_DUTY = EventPriority(NORMAL + 1)
"""Agents come on duty after everything else due at that instant, so hand-overs at a shift change (work
cut at the end of the leaving agent's interval) reach the queue before the arriving agent picks. A free
slot that would choose while more of the instant's events wait is woken again at this priority too."""
LAST = EventPriority(ON_DUTY + 1)
"""Above every priority the desk schedules at: `due_before(LAST)` asks whether any other event is due now."""
GO_HOME = -1
"""A slot's task when it is woken idle because its on-duty interval is over."""
ENTER = -2
"""A slot's task when it first wakes (to go to its first on-duty interval)."""
CHOOSE = -3
"""A slot's task when it is woken to choose its next work once every input of the instant is in."""
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
    """When its author gives up on it in turn."""
    leaves: float
    """When it leaves the queue if still unpicked (inf: it stays until answered)."""
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
    """When each author gives up waiting for a first reply (the time of a public give-up's check)."""
    leaves: NDArray[np.float64]
    """When each mention leaves the queue if still unpicked (inf: it stays until answered)."""
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
    follow_up_leaves: NDArray[np.float64]
    follow_up_follow_ups: NDArray[np.int8]
    work: WorkLog


class Team:
    """A team as the desk sees it: its skill classes' heaps, its idle slots, its handle times."""

    __slots__ = ("draws", "first", "heaps", "idle", "index", "serves", "takes")

    def __init__(self, index: int, first: Column | None, draws: ChunkedDraws) -> None:
        self.index = index
        self.first = first
        """First-turn handle time of every mention (None for a back-office team)."""
        self.draws = draws
        self.heaps: list[list[Entry]] = []
        self.idle: list[Slot] = []
        """Slots of the team idle without a claim, the last to go idle at the end."""
        self.serves: list[bool] = []
        """Whether the team takes each skill class."""
        self.takes: list[bool] = []
        """Whether the team takes each kind of mention."""


class Slot:
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

    def __init__(self, key: int, agent: int, team: Team, duty: list[list[float]]) -> None:
        self.key = key
        self.agent = agent
        self.team = team
        self.intervals = iter(duty)
        """On-duty intervals not yet begun, as [start, end, length of the break before it]."""
        self.duty_end = -INF
        self.end_armed = -1.0
        """The interval end last put among the desk's `_ends` for this slot."""
        self.task = ENTER
        """The mention in hand when the wake fires, else GO_HOME, ENTER or CHOOSE."""
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


def new_column(values: ArrayLike, dtype: type[np.generic], rows: int) -> Column:
    """A column of `rows` rows: `values` first (one value fills them all), zeros after (room for the
    follow-ups the run creates).

    A column of zeros is left as allocated: its memory comes from the kernel already zeroed and is only
    paid for page by page as the run writes to it (never, for the columns of a hand-over it does not use).
    """
    column = np.zeros(rows, dtype=dtype)
    if np.ndim(values) or values:
        column[: np.size(values) if np.ndim(values) else rows] = values
    return column.data


def first_rows(column: Column, count: int) -> NDArray[Any]:
    """The first `count` rows of a column as the numpy array behind it (no copy)."""
    return np.asarray(column)[:count]
